using Ctmsr.HouseRules;
using NUnit.Framework;

namespace Ctmsr.HouseRules.Tests;

public class NamespaceConverterTests
{
    [Test]
    public void ToFileScoped_BlockNamespace_LosesItsBracesAndOneIndent()
    {
        const string before = "using System;\n\nnamespace X.Y\n{\n    /// <summary>A.</summary>\n    public class A\n    {\n        public int B => 1;\n\n    }\n}\n";

        string? after = NamespaceConverter.ToFileScoped(before, out string? reason);

        Assert.That(reason, Is.Null);
        Assert.That(after, Is.EqualTo("using System;\n\nnamespace X.Y;\n\n/// <summary>A.</summary>\npublic class A\n{\n    public int B => 1;\n\n}\n"));
    }

    [Test]
    public void ToFileScoped_MultiLineStrings_KeepTheirText()
    {
        const string before = "namespace X\n{\n    class A\n    {\n        string V = @\"one\n    two\";\n        string R = \"\"\"\n            raw\n            \"\"\";\n    }\n}\n";

        string? after = NamespaceConverter.ToFileScoped(before, out _);

        Assert.That(after, Is.EqualTo("namespace X;\n\nclass A\n{\n    string V = @\"one\n    two\";\n    string R = \"\"\"\n            raw\n            \"\"\";\n}\n"));
    }

    [Test]
    public void ToFileScoped_FileScopedAlready_ReturnsNullWithoutReason()
    {
        Assert.That(NamespaceConverter.ToFileScoped("namespace X;\n\nclass A { }\n", out string? reason), Is.Null);
        Assert.That(reason, Is.Null);
    }

    [TestCase("namespace X\n{\n    class A { }\n}\nnamespace Y\n{\n    class B { }\n}\n", "several namespaces")]
    [TestCase("namespace X\n{\n    namespace Y\n    {\n        class A { }\n    }\n}\n", "nested namespace")]
    [TestCase("namespace X\n{ class A { }\n}\n", "brace lines")]
    public void ToFileScoped_WhatItCannotConvert_IsRefusedWithAReason(string before, string why)
    {
        Assert.That(NamespaceConverter.ToFileScoped(before, out string? reason), Is.Null);
        Assert.That(reason, Does.Contain(why));
    }
}
