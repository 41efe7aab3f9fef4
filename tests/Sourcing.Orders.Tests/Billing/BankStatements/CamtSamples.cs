using System.Text;

namespace Sourcing.Orders.Tests.Billing.BankStatements;

/// <summary>The hand-written statements under Samples/, and copies of them with one thing broken.</summary>
internal static class CamtSamples
{
    public const string Sparkasse = "sparkasse-camt053-001-02.xml";
    public const string Version08 = "bank-camt053-001-08.xml";

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Billing", "BankStatements", "Samples", name));

    public static MemoryStream Stream(string xml) => new(Encoding.UTF8.GetBytes(xml));

    /// <summary>The sample with the <paramref name="occurrence"/>-th (1-based) <paramref name="find"/> replaced; fails if there is none.</summary>
    public static string Replace(string xml, string find, string replacement, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = xml.IndexOf(find, index + 1, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{find}' #{occurrence} is not in the sample");
        }

        return string.Concat(xml.AsSpan(0, index), replacement, xml.AsSpan(index + find.Length));
    }

    /// <summary>1-based line of the <paramref name="occurrence"/>-th <paramref name="find"/>.</summary>
    public static int LineOf(string xml, string find, int occurrence = 1)
    {
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = xml.IndexOf(find, index + 1, StringComparison.Ordinal);
        }

        return xml.AsSpan(0, index).Count('\n') + 1;
    }
}
