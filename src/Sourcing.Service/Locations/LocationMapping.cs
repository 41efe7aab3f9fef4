using Sourcing.Service.Errors;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Locations;

internal static class LocationMapping
{
    public static Location ToDomain(Proto.Location? message)
    {
        message ??= new Proto.Location();
        if (message.ClosedWeekdays.Count > 7 || message.ClosedWeekdays.Any(day => day is < 1 or > 7))
        {
            throw new RequestValidationException([new FieldProblem("location.closed_weekdays", "at most 7 weekdays, each 1 (Monday) to 7 (Sunday)")]);
        }

        // Counted before parsing: a list of 100,000 dates is refused without reading it.
        if (message.Holidays.Count > LocationValidator.MaxHolidays)
        {
            throw new RequestValidationException([new FieldProblem("location.holidays", $"at most {LocationValidator.MaxHolidays} dates, {message.Holidays.Count} were given")]);
        }

        if (message.DailyCutoff is { } cutoff && (cutoff.Hours is < 0 or > 23 || cutoff.Minutes is < 0 or > 59))
        {
            throw new RequestValidationException([new FieldProblem("location.daily_cutoff", $"{cutoff.Hours}:{cutoff.Minutes} is not a time of day (hours 0-23, minutes 0-59)")]);
        }

        return new Location(
            message.Id,
            message.Name,
            (LocationKind)(int)message.Type,
            new GeoCoordinate(message.Coordinates?.Latitude ?? 0, message.Coordinates?.Longitude ?? 0),
            message.CountryCode,
            message.PostalCode,
            message.TimeZone,
            new LocationCapabilities(
                message.Capabilities?.ShipsParcels ?? false,
                message.Capabilities?.CustomerPickup ?? false,
                message.Capabilities?.ShipFromStore ?? false),
            ToDomain(message.HandlingCostPerUnit),
            ToDomain(message.ShipmentBaseCost),
            message.ProcessingHours,
            new TimeOnly(message.DailyCutoff?.Hours ?? 0, message.DailyCutoff?.Minutes ?? 0),
            message.HasDailyCapacityUnits ? message.DailyCapacityUnits : null,
            message.HasDailyCapacityShipments ? message.DailyCapacityShipments : null,
            message.Active,
            message.Channels.ToList(),
            message.ClosedWeekdays.Select(day => (DayOfWeek)(day % 7)).ToList(),
            ParseHolidays(message));
    }

    private static List<DateOnly> ParseHolidays(Proto.Location message)
    {
        var holidays = new List<DateOnly>();
        for (var i = 0; i < message.Holidays.Count; i++)
        {
            if (!DateOnly.TryParseExact(message.Holidays[i], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            {
                throw new RequestValidationException([new FieldProblem($"location.holidays[{i}]", "is not a date in the form yyyy-MM-dd")]);
            }

            holidays.Add(date);
        }

        return holidays;
    }

    public static Proto.Location ToProto(Location location)
    {
        var message = new Proto.Location
        {
            Id = location.Id,
            Name = location.Name,
            Type = (Proto.LocationType)(int)location.Kind,
            Coordinates = new Proto.GeoPoint { Latitude = location.Coordinates.Latitude, Longitude = location.Coordinates.Longitude },
            CountryCode = location.CountryCode,
            PostalCode = location.PostalCode,
            TimeZone = location.TimeZone,
            Capabilities = new Proto.LocationCapabilities
            {
                ShipsParcels = location.Capabilities.ShipsParcels,
                CustomerPickup = location.Capabilities.CustomerPickup,
                ShipFromStore = location.Capabilities.ShipFromStore,
            },
            HandlingCostPerUnit = ToProto(location.HandlingCostPerUnit),
            ShipmentBaseCost = ToProto(location.ShipmentBaseCost),
            ProcessingHours = location.ProcessingHours,
            DailyCutoff = new Proto.LocalTimeOfDay { Hours = location.DailyCutoff.Hour, Minutes = location.DailyCutoff.Minute },
            Active = location.Active,
        };
        if (location.DailyCapacityUnits is { } units)
        {
            message.DailyCapacityUnits = units;
        }

        if (location.DailyCapacityShipments is { } shipments)
        {
            message.DailyCapacityShipments = shipments;
        }

        message.Channels.AddRange(location.Channels);
        message.ClosedWeekdays.AddRange((location.ClosedWeekdays ?? []).Select(day => day == DayOfWeek.Sunday ? 7 : (int)day));
        message.Holidays.AddRange((location.Holidays ?? []).Select(date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        return message;
    }

    private static MoneyAmount ToDomain(Proto.Money? money) => new(money?.CurrencyCode ?? "", money?.MinorUnits ?? 0);

    private static Proto.Money ToProto(MoneyAmount money) => new() { CurrencyCode = money.CurrencyCode, MinorUnits = money.MinorUnits };
}
