using System.Numerics;

namespace Sourcing.LoadTest.Recording;

/// <summary>
/// Latencies in integer microseconds, counted in log-linear buckets the way HdrHistogram does: values below 128 are
/// exact, above that each power of two is split into 64 buckets, so a reported value is at most 1/64 (1.6 %) above
/// the true one. Recording is lock-free (one interlocked increment), so many callers can share one histogram.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int ExactBelow = 128;
    private const int SubBuckets = 64;

    // 2^40 µs is 12 days: no call lives that long, so larger values are clamped rather than given buckets.
    private const int HighestPowerOfTwo = 40;
    private const long Largest = (1L << HighestPowerOfTwo) - 1;

    private readonly long[] _counts = new long[BucketIndex(Largest) + 1];
    private long _count;
    private long _sum;
    private long _max;
    private long _min = long.MaxValue;

    public long Count => Interlocked.Read(ref _count);

    public long Max => Count == 0 ? 0 : Interlocked.Read(ref _max);

    public long Min => Count == 0 ? 0 : Interlocked.Read(ref _min);

    public double Mean => Count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / Count;

    public void Record(long microseconds)
    {
        var value = Math.Clamp(microseconds, 0, Largest);
        Interlocked.Increment(ref _counts[BucketIndex(value)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, value);
        UpdateMax(value);
        UpdateMin(value);
    }

    /// <summary>Adds every value of <paramref name="other"/> (e.g. the per-second histograms into a whole-run one).</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            var n = Interlocked.Read(ref other._counts[i]);
            if (n != 0)
            {
                Interlocked.Add(ref _counts[i], n);
            }
        }

        if (other.Count == 0)
        {
            return;
        }

        Interlocked.Add(ref _count, other.Count);
        Interlocked.Add(ref _sum, Interlocked.Read(ref other._sum));
        UpdateMax(other.Max);
        UpdateMin(other.Min);
    }

    /// <summary>
    /// The smallest recorded value that at least <paramref name="percentile"/> % of the values do not exceed, as the
    /// upper edge of its bucket (never above the largest value recorded); 0 when nothing was recorded.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        var count = Count;
        if (count == 0)
        {
            return 0;
        }

        // Rank of the value in 1..count: p50 of 1..10 is the 5th value, p99.9 of 1,000 values the 999th. Rounded
        // before the ceiling: 99.9 / 100 * 1000 is 999.0000000000001 in floating point, which would make it the 1,000th.
        var rank = Math.Clamp((long)Math.Ceiling(Math.Round(percentile / 100.0 * count, 6)), 1, count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(BucketUpperEdge(i), Max);
            }
        }

        return Max;
    }

    /// <summary>The buckets holding values, in order: their lower and upper edges (µs, inclusive) and counts.</summary>
    public IEnumerable<(long From, long To, long Count)> Buckets()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            var n = Interlocked.Read(ref _counts[i]);
            if (n != 0)
            {
                yield return (BucketLowerEdge(i), BucketUpperEdge(i), n);
            }
        }
    }

    internal static int BucketIndex(long value)
    {
        if (value < ExactBelow)
        {
            return (int)value;
        }

        // value has its top bit at position m >= 7; keep its 7 top bits (64..127) and drop the rest.
        var shift = BitOperations.Log2((ulong)value) - 6;
        var sub = (int)(value >> shift);
        return ExactBelow + ((shift - 1) * SubBuckets) + (sub - SubBuckets);
    }

    internal static long BucketLowerEdge(int index)
    {
        if (index < ExactBelow)
        {
            return index;
        }

        var shift = ((index - ExactBelow) / SubBuckets) + 1;
        var sub = ((index - ExactBelow) % SubBuckets) + SubBuckets;
        return (long)sub << shift;
    }

    internal static long BucketUpperEdge(int index) =>
        index < ExactBelow ? index : BucketLowerEdge(index + 1) - 1;

    private void UpdateMax(long value)
    {
        var seen = Interlocked.Read(ref _max);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref _max, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    private void UpdateMin(long value)
    {
        var seen = Interlocked.Read(ref _min);
        while (value < seen)
        {
            var was = Interlocked.CompareExchange(ref _min, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }
}
