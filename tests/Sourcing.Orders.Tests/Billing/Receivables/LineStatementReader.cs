using System.Globalization;
using System.Text;
using Sourcing.Orders.Billing.BankStatements;
using Sourcing.Orders.Billing.Receivables;

namespace Sourcing.Orders.Tests.Billing.Receivables;

/// <summary>
/// A statement format for tests of the import's own logic (batches, duplicates, passes): one credit per line,
/// "reference;amount;currency;yyyy-MM-dd;payer;remittance". Like the camt reader it streams and names the bad entry.
/// </summary>
internal sealed class LineStatementReader : IBankStatementReader
{
    /// <summary>Called before each entry is handed out (index 0-based): lets a test look at the store mid-import.</summary>
    public Action<int>? BeforeEntry { get; set; }

    public void Validate(Stream file)
    {
        foreach (var _ in Read(file))
        {
        }
    }

    public IEnumerable<BankStatementEntry> ReadCredits(Stream file)
    {
        var index = 0;
        foreach (var entry in Read(file))
        {
            BeforeEntry?.Invoke(index++);
            yield return entry;
        }
    }

    private static IEnumerable<BankStatementEntry> Read(Stream file)
    {
        using var reader = new StreamReader(file, Encoding.UTF8, false, 4096, leaveOpen: true);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            var parts = line.Split(';');
            if (parts.Length != 6 || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var amount)
                || !DateOnly.TryParseExact(parts[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new FormatException($"Ntry[{number}] is malformed.");
            }

            yield return new BankStatementEntry($"Ntry[{number}]", parts[0], amount, parts[2], day, parts[4], parts[5], "");
        }
    }

    public static MemoryStream File(IEnumerable<string> lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines)));

    public static string Line(string reference, long amount, string remittance, string currency = "EUR", string day = "2026-03-10") =>
        $"{reference};{amount};{currency};{day};Erika Mustermann;{remittance}";
}

/// <summary>A stream that can only be read forward, like an upload.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
