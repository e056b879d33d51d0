namespace Ctmsr.HouseRules.Tests;

/// <summary>A throw-away repository layout with one clean file and one offence per rule family, plus excluded files.</summary>
internal static class ScratchTree
{
    public static string Create()
    {
        string root = Path.Combine(Path.GetTempPath(), "ctmsr-house-rules-" + Guid.NewGuid().ToString("N"));
        Write(root, "src/Lib/Clean.cs", "namespace Lib;\n\npublic class Clean { }\n");
        Write(root, "src/Lib/Pair.cs", "namespace Lib;\n\npublic class First { }\n\npublic class Second { }\n");
        Write(root, "src/Lib/obj/Debug/Generated.cs", "namespace Lib { class G1 { } class G2 { } }\n");
        Write(root, "tools/Tool/Block.cs", "namespace Tool\n{\n    public class Block { }\n}\n");
        Directory.CreateDirectory(Path.Combine(root, "tools"));
        Write(root, "tools/Ctmsr.UnityPackage/Package/Runtime/Unity.cs", "namespace U\n{\n    public class A { }\n    public class B { }\n}\n");
        return root;
    }

    private static void Write(string root, string relative, string text)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
