using System.ComponentModel.DataAnnotations;

namespace Sourcing.Service.Orders;

/// <summary>Bound from the <c>Orders</c> section and validated at start-up.</summary>
public sealed class OrdersOptions
{
    public const string Section = "Orders";

    /// <summary>
    /// Where orders are kept: "memory" (the embedded default, lost at restart) or "postgres". When not set: "postgres"
    /// if <see cref="ConnectionString"/> is set, else "memory".
    /// </summary>
    [RegularExpression("^(memory|postgres)$", ErrorMessage = "Orders:Store must be \"memory\" or \"postgres\".")]
    public string? Store { get; set; }

    /// <summary>The PostgreSQL connection string (Npgsql syntax: Host=...;Port=...;Database=...;Username=...;Password=...).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply the schema's pending migrations at start, before the service listens. Operators may instead run <c>migrate</c>.</summary>
    public bool ApplyMigrations { get; set; }

    /// <summary>How long one PostgreSQL statement (or opening a connection) may take before the call is answered UNAVAILABLE.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The store in use, after the default is applied.</summary>
    public string EffectiveStore => Store ?? (string.IsNullOrWhiteSpace(ConnectionString) ? "memory" : "postgres");

    /// <summary>
    /// How long an order's stock hold lasts before it lapses and its units are sourced again: long enough for a
    /// location to pick and ship; at most the inventory's maximum of 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan HoldTtl { get; set; } = TimeSpan.FromDays(7);
}
