using Sourcing.LoadTest.Recording;

namespace Sourcing.Service.Tests.LoadTest;

/// <summary>The load test's percentiles: what its tables and charts print must be the figures of the calls made.</summary>
public sealed class LatencyHistogramTests
{
    [Fact]
    public void ValueAtPercentile_ValuesBelow128_AreExact()
    {
        var histogram = new LatencyHistogram();
        for (var micros = 1; micros <= 100; micros++)
        {
            histogram.Record(micros);
        }

        Assert.Equal(50, histogram.ValueAtPercentile(50));
        Assert.Equal(90, histogram.ValueAtPercentile(90));
        Assert.Equal(99, histogram.ValueAtPercentile(99));
        Assert.Equal(100, histogram.ValueAtPercentile(99.9));
        Assert.Equal(100, histogram.Max);
        Assert.Equal(1, histogram.Min);
        Assert.Equal(50.5, histogram.Mean);
    }

    [Theory]
    [InlineData(50, 50_000)]
    [InlineData(90, 90_000)]
    [InlineData(99, 99_000)]
    [InlineData(99.9, 99_900)]
    public void ValueAtPercentile_OneToHundredThousandMicros_WithinOneSixtyFourthAbove(double percentile, long exact)
    {
        var histogram = new LatencyHistogram();
        for (var micros = 1; micros <= 100_000; micros++)
        {
            histogram.Record(micros);
        }

        var reported = histogram.ValueAtPercentile(percentile);

        // Never below the true value (a percentile must not flatter), at most one bucket (1/64) above it.
        Assert.InRange(reported, exact, exact + (exact / 64));
    }

    [Fact]
    public void ValueAtPercentile_OneSlowCallInThousand_ShowsAtP999NotP99()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 999; i++)
        {
            histogram.Record(2_000);
        }

        histogram.Record(250_000);

        Assert.InRange(histogram.ValueAtPercentile(99), 2_000, 2_000 + (2_000 / 64));
        Assert.InRange(histogram.ValueAtPercentile(99.9), 2_000, 2_000 + (2_000 / 64));
        Assert.Equal(250_000, histogram.ValueAtPercentile(100));
        Assert.Equal(250_000, histogram.Max);
    }

    [Fact]
    public void ValueAtPercentile_Empty_IsZero()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.Max);
        Assert.Equal(0, histogram.Count);
    }

    [Fact]
    public void BucketIndex_EveryValueUpToTenSeconds_FallsBetweenItsBucketsEdges()
    {
        // Edges of consecutive buckets touch (no value lost between them, none counted twice).
        var last = LatencyHistogram.BucketIndex(10_000_000);
        for (var index = 0; index < last; index++)
        {
            Assert.Equal(LatencyHistogram.BucketUpperEdge(index) + 1, LatencyHistogram.BucketLowerEdge(index + 1));
            Assert.Equal(index, LatencyHistogram.BucketIndex(LatencyHistogram.BucketLowerEdge(index)));
            Assert.Equal(index, LatencyHistogram.BucketIndex(LatencyHistogram.BucketUpperEdge(index)));
        }
    }

    [Fact]
    public void Add_TwoSecondsOfCalls_GivesTheWholeRunsPercentilesAndExtremes()
    {
        var first = new LatencyHistogram();
        var second = new LatencyHistogram();
        for (var micros = 1; micros <= 50; micros++)
        {
            first.Record(micros);
            second.Record(micros + 50);
        }

        var whole = new LatencyHistogram();
        whole.Add(first);
        whole.Add(second);

        Assert.Equal(100, whole.Count);
        Assert.Equal(50, whole.ValueAtPercentile(50));
        Assert.Equal(1, whole.Min);
        Assert.Equal(100, whole.Max);
    }

    [Fact]
    public void Record_FromManyThreadsAtOnce_CountsEveryCall()
    {
        var histogram = new LatencyHistogram();

        Parallel.For(0, 200_000, i => histogram.Record(1 + (i % 1_000)));

        Assert.Equal(200_000, histogram.Count);
        Assert.Equal(1_000, histogram.Max);
        Assert.InRange(histogram.ValueAtPercentile(50), 500, 500 + (500 / 64));
    }
}
