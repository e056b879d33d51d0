using Ctmsr.Contract;
using Ctmsr.Runtime.Models;
using Google.Protobuf;
using NUnit.Framework;
using Onnx;
using RuntimeContract = Ctmsr.Runtime.Models.ModelContract;
using TheContract = Ctmsr.Contract.ModelContract;

namespace Ctmsr.Runtime.Tests.Contract;

/// <summary>The contract's one checker and plan reader, as the runtime's loader and the trainer's exporter use them.</summary>
public class ModelContractCheckerTests
{
    private static ModelProto Valid() => ModelProto.Parser.ParseFrom(TestModels.Valid());

    private static CtmsrModelException LoadRefusal(ModelProto model) =>
        Assert.Throws<CtmsrModelException>(() => CtmsrModel.Load(model.ToByteArray(), "m.onnx"))!;

    [Test]
    public void Load_Opset16_IsRefusedNamingTheOpset()
    {
        ModelProto model = Valid();
        model.OpsetImport[0].Version = 16;

        Assert.That(LoadRefusal(model).Message, Is.EqualTo("model 'm.onnx': it uses opset 16; the contract needs opset 17"));
    }

    [Test]
    public void Load_IrVersion7_IsRefusedNamingTheIrVersion()
    {
        ModelProto model = Valid();
        model.IrVersion = 7;

        Assert.That(LoadRefusal(model).Problem, Is.EqualTo("its IR version is 7; the contract needs IR 8 or newer"));
    }

    [Test]
    public void Load_IrVersion9_IsAccepted()
    {
        ModelProto model = Valid();
        model.IrVersion = 9;

        Assert.That(CtmsrModel.Load(model.ToByteArray(), "m.onnx").Scale, Is.EqualTo(2));
    }

    [Test]
    public void Load_AnotherOperatorDomain_IsRefusedNamingTheDomain()
    {
        ModelProto model = Valid();
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });

        Assert.That(LoadRefusal(model).Problem, Does.StartWith("it imports operator set domain 'com.microsoft' (version 1)"));
    }

    [Test]
    public void Load_WithoutTheDefaultDomain_IsRefused()
    {
        ModelProto model = Valid();
        model.OpsetImport[0].Domain = "ai.onnx.ml";

        Assert.That(LoadRefusal(model).Problem, Does.Contain("'ai.onnx.ml'"));
    }

    [Test]
    public void Check_BicubicBaseline_PassesAtLoadButLacksTheExportOnlyMetadata()
    {
        byte[] bicubic = CtmsrModel.Bicubic(3).Bytes;

        ModelFacts facts = ModelContractChecker.Check(bicubic, "bicubic", ContractStage.Load);
        var ex = Assert.Throws<ModelContractException>(() => ModelContractChecker.Check(bicubic, "bicubic", ContractStage.Export));

        Assert.That((facts.Scale, facts.SigmaMax, facts.TrainingSummary), Is.EqualTo((3, 0f, (string?)null)));
        Assert.That(ex!.Message, Is.EqualTo("model 'bicubic': metadata 'ctmsr.sigma_max' is 0; an exported model needs a positive noise level"));
    }

    public static IEnumerable<string> CommittedModels() =>
        Directory.GetFiles(Path.Combine(RepoRoot(), "models"), "*.onnx").Select(Path.GetFileName)!;

    [TestCaseSource(nameof(CommittedModels))]
    public void CommittedModel_PassesTheExportStageAndReadsAsAPlan(string file)
    {
        string path = Path.Combine(RepoRoot(), "models", file);
        byte[] bytes = File.ReadAllBytes(path);

        ModelFacts facts = ModelContractChecker.Check(bytes, path, ContractStage.Export);
        ModelPlan plan = ModelPlan.Read(bytes, path);

        Assert.That(facts.OpsetVersion, Is.EqualTo(17));
        Assert.That(facts.IrVersion, Is.GreaterThanOrEqualTo(8));
        Assert.That(plan.Scale, Is.EqualTo(facts.Scale));
        Assert.That(plan.SigmaMax, Is.EqualTo(facts.SigmaMax));
        Assert.That(plan.MacPerPixel, Is.EqualTo(facts.MacPerPixel!.Value).Within(1e-6 * facts.MacPerPixel.Value), "the metadata's MAC/px is the plan's");
    }

    [Test]
    public void PlanRead_ModelWithoutAConvChain_NamesTheNodeWithoutAnyBackend()
    {
        var ex = Assert.Throws<ModelPlanException>(() => ModelPlan.Read(TestModels.Valid(), "tiny.onnx"));

        Assert.That(ex!.ModelSource, Is.EqualTo("tiny.onnx"));
        Assert.That(ex.Problem, Does.StartWith("'sr' is produced by"));
    }

    [Test]
    public void RuntimeNames_AreTheContractsNames()
    {
        Assert.That(new[] { RuntimeContract.LowResInput, RuntimeContract.NoiseInput, RuntimeContract.Output, RuntimeContract.FormatKey,
                RuntimeContract.ScaleKey, RuntimeContract.SigmaMaxKey, RuntimeContract.PresetKey, RuntimeContract.MacPerPixelKey,
                RuntimeContract.TrainingKey },
            Is.EqualTo(new[] { TheContract.LowResInput, TheContract.NoiseInput, TheContract.Output, TheContract.FormatKey,
                TheContract.ScaleKey, TheContract.SigmaMaxKey, TheContract.PresetKey, TheContract.MacPerPixelKey,
                TheContract.TrainingKey }));
        Assert.That(new[] { RuntimeContract.MinScale, RuntimeContract.MaxScale, RuntimeContract.FormatVersion, RuntimeContract.Channels },
            Is.EqualTo(new[] { 2, 4, 1, 3 }));
    }

    [Test]
    public void RuntimeNoise_IsTheContractsNoise()
    {
        var viaRuntime = new float[3 * 5 * 4];
        var viaContract = new float[3 * 5 * 4];
        Ctmsr.Runtime.Noise.DeterministicNoise.Fill(viaRuntime, 5, 4, seed: 9);
        DeterministicNoise.Fill(viaContract, 5, 4, seed: 9);

        Assert.That(viaRuntime, Is.EqualTo(viaContract));
        Assert.That(Ctmsr.Runtime.Noise.DeterministicNoise.Pcg(0), Is.EqualTo(DeterministicNoise.Pcg(0)));
    }

    private static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Ctmsr.sln"))) return d.FullName;
        throw new InvalidOperationException("Ctmsr.sln not found above " + AppContext.BaseDirectory);
    }
}
