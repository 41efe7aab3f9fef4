using Sourcing.Service.Locations;

namespace Sourcing.Service.Sourcing;

public static class Geography
{
    /// <summary>Great-circle distance in km (haversine): good to well under 1% for parcel cost bands.</summary>
    public static double DistanceKm(GeoCoordinate from, GeoCoordinate to)
    {
        const double EarthRadiusKm = 6371.0;
        var dLat = Radians(to.Latitude - from.Latitude);
        var dLon = Radians(to.Longitude - from.Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(from.Latitude)) * Math.Cos(Radians(to.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
