using Microsoft.Extensions.Options;
using Sourcing.Service.Locations;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// Earliest dates, in each location's own time zone: an order released after the location's cut-off, or on a day it
/// does not work, starts the next working day; processing takes its hours; the parcel is handed over on the first
/// working day at or after that, by the cut-off; the carrier then needs the band's transit days, delivering Monday to
/// Saturday. A pickup is ready when processing ends.
/// </summary>
public sealed class DeliveryCalendar(IOptions<SourcingOptions> options)
{
    private readonly List<TransitBand> _bands = options.Value.TransitDays.OrderBy(b => b.UpToKm).ToList();

    /// <summary>The local date the location hands the parcel to the carrier (or has it ready for pickup).</summary>
    public DateOnly ReadyDate(Location location, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var cutoff = location.DailyCutoff.ToTimeSpan();

        // Processing starts now, or at the start of the next working day.
        var start = local;
        if (!location.WorksOn(DateOnly.FromDateTime(start)) || start.TimeOfDay > cutoff)
        {
            start = NextWorkingDay(location, DateOnly.FromDateTime(start).AddDays(1)).ToDateTime(TimeOnly.MinValue);
        }

        var ready = start.AddHours(location.ProcessingHours);
        var readyDate = DateOnly.FromDateTime(ready);
        var handover = ready.TimeOfDay <= cutoff || location.ProcessingHours == 0 ? readyDate : readyDate.AddDays(1);
        return NextWorkingDay(location, handover);
    }

    /// <summary>The date a shipment from <paramref name="location"/> arrives <paramref name="distanceKm"/> away.</summary>
    public DateOnly DeliveryDate(Location location, DateTimeOffset now, double distanceKm, bool express)
    {
        var band = _bands.FirstOrDefault(b => distanceKm <= b.UpToKm) ?? _bands[^1];
        var date = ReadyDate(location, now);
        for (var days = express ? band.ExpressDays : band.StandardDays; days > 0;)
        {
            date = date.AddDays(1);
            if (date.DayOfWeek != DayOfWeek.Sunday && !location.IsHoliday(date))
            {
                days--;
            }
        }

        return date;
    }

    private static DateOnly NextWorkingDay(Location location, DateOnly from)
    {
        var date = from;
        for (var guard = 0; guard < 370 && !location.WorksOn(date); guard++)
        {
            date = date.AddDays(1);
        }

        return date;
    }
}
