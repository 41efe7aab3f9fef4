using Sourcing.Service.Errors;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Locations;

internal static class LocationMapping
{
    public static Location ToDomain(Proto.Location? message)
    {
        message ??= new Proto.Location();
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
            message.Channels.ToList());
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
        return message;
    }

    private static MoneyAmount ToDomain(Proto.Money? money) => new(money?.CurrencyCode ?? "", money?.MinorUnits ?? 0);

    private static Proto.Money ToProto(MoneyAmount money) => new() { CurrencyCode = money.CurrencyCode, MinorUnits = money.MinorUnits };
}
