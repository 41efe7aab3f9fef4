namespace Sourcing.Orders.Billing.Receivables;

/// <summary>The seller's local day of an instant: due dates, dunning and "overdue" are counted in the seller's days.</summary>
public sealed class SellerCalendar(BillingOptions options, TimeProvider clock)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

    public DateTimeOffset Now => clock.GetUtcNow();

    public DateOnly Today => DayOf(clock.GetUtcNow());

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);
}
