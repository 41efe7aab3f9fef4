namespace Sourcing.Orders.Billing.BankStatements;

/// <summary>
/// Passes a stream through and refuses to read past a number of bytes, so a statement file's size is bounded even when
/// it arrives as an upload or a network stream whose length nobody knows in advance.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long maxBytes) : Stream
{
    private long read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = inner.Read(buffer);
        read += count;
        if (read > maxBytes)
        {
            throw new BankStatementFormatException("", $"the file is larger than {maxBytes:N0} bytes", 0);
        }

        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
