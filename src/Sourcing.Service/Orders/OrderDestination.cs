using Sourcing.Service.Locations;
using Sourcing.Service.Sourcing;

namespace Sourcing.Service.Orders;

/// <summary>Where an order's parcels go: its coordinates when the channel gave them, else its postal code's region.</summary>
internal static class OrderDestination
{
    public static GeoCoordinate? Locate(double? latitude, double? longitude, string country, string postalCode) =>
        latitude is { } lat && longitude is { } lon
            ? new GeoCoordinate(lat, lon)
            : PostalRegions.Locate(country, postalCode);
}
