using System.Text;

namespace Sourcing.Service.Storage.Redis;

/// <summary>
/// Which partition a SKU (or a request or reservation id) lives in: FNV-1a 32-bit over its UTF-8 bytes, modulo the
/// partition count. Stable across processes and versions, so every replica agrees where a key lives.
/// </summary>
public sealed class StockPartitioner
{
    public const int MaxPartitions = 1024;

    public StockPartitioner(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxPartitions);
        Count = count;
    }

    public int Count { get; }

    public int Of(string value)
    {
        if (Count == 1)
        {
            return 0;
        }

        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(value) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(value, buffer)] : Encoding.UTF8.GetBytes(value);
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return (int)(hash % (uint)Count);
    }
}
