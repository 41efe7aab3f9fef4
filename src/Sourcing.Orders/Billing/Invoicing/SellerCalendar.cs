namespace Sourcing.Orders.Billing.Invoicing;

/// <summary>
/// Document, delivery and due dates are the seller's local days (an invoice issued at 23:30 UTC in winter is dated the
/// next day in Berlin), so every date on a document is derived here from a UTC instant and the configured time zone.
/// </summary>
public static class SellerCalendar
{
    public static DateOnly LocalDay(BillingOptions options, DateTimeOffset instant)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }
}
