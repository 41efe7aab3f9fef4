using System.ComponentModel.DataAnnotations;

namespace Sourcing.Service.Sourcing;

/// <summary>The cost model and the hot path's limits, bound from <c>Sourcing</c> and validated at start-up. Money in cents.</summary>
public sealed class SourcingOptions
{
    public const string Section = "Sourcing";

    /// <summary>Cost per unit per km from location to destination (cents, may be fractional).</summary>
    [Range(0, 1_000)]
    public double UnitCostPerKm { get; set; } = 0.05;

    /// <summary>Cost per shipment per km (cents): the parcel's linehaul.</summary>
    [Range(0, 1_000)]
    public double ShipmentCostPerKm { get; set; } = 1.0;

    /// <summary>Cost per kg per km of a shipment's weight (cents): heavy parcels cost more to move far.</summary>
    [Range(0, 1_000)]
    public double ShipmentCostPerKgKm { get; set; } = 0.05;

    /// <summary>A store whose available units would fall to this or fewer pays <see cref="LastUnitsPenaltyPerUnit"/> per unit taken.</summary>
    [Range(0, 1_000)]
    public int LastUnitsThreshold { get; set; } = 2;

    /// <summary>Stock balancing: taking a store's last units costs this much more per unit (cents).</summary>
    [Range(0, 1_000_000)]
    public long LastUnitsPenaltyPerUnit { get; set; } = 150;

    /// <summary>The cost of leaving one unit unsourced when backorders are allowed (cents). High: fill whenever possible.</summary>
    [Range(1, 100_000_000)]
    public long BackorderPenaltyPerUnit { get; set; } = 50_000;

    /// <summary>Backorders are allowed unless a policy rule forbids them.</summary>
    public bool BackorderAllowedByDefault { get; set; } = true;

    /// <summary>The most the optimizer may take; a shorter call deadline shortens it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan MaxSolveTime { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Kept back from the call's deadline for reading stock, reserving and answering.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan DeadlineReserve { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Carrier transit days by distance band, for standard and express service.</summary>
    public List<TransitBand> TransitDays { get; set; } =
    [
        new() { UpToKm = 150, StandardDays = 1, ExpressDays = 1 },
        new() { UpToKm = 450, StandardDays = 2, ExpressDays = 1 },
        new() { UpToKm = 100_000, StandardDays = 3, ExpressDays = 2 },
    ];

    /// <summary>
    /// How many times SourceOrder may try to hold a plan, solving again on fresh stock each time another order took the
    /// stock first; the call's deadline may end it sooner. Then the call answers ABORTED and holds nothing.
    /// </summary>
    [Range(1, 1_000)]
    public int MaxHoldAttempts { get; set; } = 25;

    /// <summary>How long a copy of a SourceOrder waits for another copy of the same request id to finish before ABORTED.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan InProgressWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a request id stays marked in progress if the call working on it dies without clearing the mark. Longer
    /// than any call takes (a call clears its mark when it ends); short enough that retries after a crash resume soon.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan InProgressMarkTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a SourceOrder request id is remembered.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);
}

public sealed class TransitBand
{
    public double UpToKm { get; set; }
    public int StandardDays { get; set; }
    public int ExpressDays { get; set; }
}
