using System.ComponentModel.DataAnnotations;

namespace Sourcing.Service.Orders.Background;

/// <summary>Bound from the <c>Orders</c> section and validated at start-up.</summary>
public sealed class OrderBackgroundOptions
{
    public const string Section = "Orders";

    /// <summary>How often the reconciler looks for orders left between steps and for lapsed stock holds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an order must have been left unchanged before the reconciler finishes or undoes its work: long enough
    /// that an operation still running on some instance is never undone under it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most orders one pass of the reconciler, or one batch of arrived stock, works on.</summary>
    [Range(1, 10_000)]
    public int MaxOrdersPerPass { get; set; } = 100;

    /// <summary>How often the stock event log is read for arrived stock when the last read found nothing more.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan StockPollEvery { get; set; } = TimeSpan.FromSeconds(1);
}
