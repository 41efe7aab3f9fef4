using System.ComponentModel.DataAnnotations;

namespace Sourcing.Service.Orders;

/// <summary>Bound from the <c>Orders</c> section and validated at start-up.</summary>
public sealed class OrdersOptions
{
    public const string Section = "Orders";

    /// <summary>Where orders are kept: "memory" (the embedded default) or "postgres".</summary>
    [Required]
    [RegularExpression("^(memory|postgres)$", ErrorMessage = "Orders:Store must be \"memory\" or \"postgres\".")]
    public string Store { get; set; } = "memory";

    /// <summary>
    /// How long an order's stock hold lasts before it lapses and its units are sourced again: long enough for a
    /// location to pick and ship; at most the inventory's maximum of 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan HoldTtl { get; set; } = TimeSpan.FromDays(7);
}
