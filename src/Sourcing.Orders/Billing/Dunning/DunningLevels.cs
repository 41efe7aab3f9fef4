namespace Sourcing.Orders.Billing.Dunning;

/// <summary>
/// The configured levels, read one way everywhere: an item reaches a level once it is that many days past due, rises
/// at most one level per run, and is not reminded again within <see cref="MinDaysBetweenNotices"/> of its last notice.
/// </summary>
public sealed class DunningLevels(DunningOptions options)
{
    /// <summary>A customer gets time to react to a notice before the next one.</summary>
    public const int MinDaysBetweenNotices = 7;

    private readonly List<DunningLevelOptions> _levels = options.Levels.Where(l => l.Level > 0).OrderBy(l => l.Level).ToList();

    /// <summary>Items due before this day may reach the first level on <paramref name="asOf"/>.</summary>
    public DateOnly DueBefore(DateOnly asOf) => _levels.Count == 0 ? DateOnly.MinValue : asOf.AddDays(1 - _levels[0].DaysOverdue);

    /// <summary>The level an item of this level and due date moves to on <paramref name="asOf"/>, or null when it stays.</summary>
    public DunningLevelOptions? NextFor(OpenItem item, DateOnly asOf)
    {
        if (item.OpenMinor <= 0 || item.Purpose == InvoicePurpose.DunningFee || asOf <= item.DueDate)
        {
            return null;
        }

        if (item.LastDunnedOn is { } last && asOf.DayNumber - last.DayNumber < MinDaysBetweenNotices)
        {
            return null;
        }

        var daysPastDue = asOf.DayNumber - item.DueDate.DayNumber;
        var next = _levels.FirstOrDefault(l => l.Level > item.DunningLevel);
        return next is not null && daysPastDue >= next.DaysOverdue ? next : null;
    }

    public long FeeOf(int level) => _levels.FirstOrDefault(l => l.Level == level)?.FeeMinor ?? 0;
}
