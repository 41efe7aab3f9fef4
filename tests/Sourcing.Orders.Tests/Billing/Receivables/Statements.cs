using System.Text;
using Sourcing.Orders.Billing.BankStatements;

namespace Sourcing.Orders.Tests.Billing.Receivables;

/// <summary>camt.053 files written by the real writer, read back by the real reader in the import.</summary>
internal static class Statements
{
    public static MemoryStream File(string statementId, IEnumerable<(string Reference, long Amount, string Remittance)> credits, string currency = "EUR")
    {
        var file = new MemoryStream();
        using (var writer = new Camt053Writer(file, statementId, "DE89370400440532013000", currency))
        {
            foreach (var (reference, amount, remittance) in credits)
            {
                writer.WriteCredit(new BankStatementEntry("", reference, amount, currency, new DateOnly(2026, 3, 10), "Erika Mustermann", remittance, "NOTPROVIDED"));
            }
        }

        file.Position = 0;
        return file;
    }

    /// <summary>The file with <paramref name="find"/> (which must occur once) replaced, e.g. to break one entry.</summary>
    public static MemoryStream Replace(MemoryStream file, string find, string replacement)
    {
        var text = Encoding.UTF8.GetString(file.ToArray());
        Assert.Equal(text.IndexOf(find, StringComparison.Ordinal), text.LastIndexOf(find, StringComparison.Ordinal));
        return new MemoryStream(Encoding.UTF8.GetBytes(text.Replace(find, replacement, StringComparison.Ordinal)));
    }
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

/// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, too late for an assertion).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
