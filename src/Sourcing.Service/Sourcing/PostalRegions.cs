using Sourcing.Service.Locations;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// German postal regions (the first two digits) to the coordinates of the region's main city, for destinations given
/// by postal code only. Coarse (tens of km), which is the resolution of the cost model's distance bands anyway.
/// </summary>
public static class PostalRegions
{
    private static readonly Dictionary<string, GeoCoordinate> ByPrefix = new(StringComparer.Ordinal)
    {
        ["01"] = new(51.05, 13.74), ["04"] = new(51.34, 12.37), ["06"] = new(51.48, 11.97), ["07"] = new(50.93, 11.59),
        ["08"] = new(50.72, 12.49), ["09"] = new(50.83, 12.92), ["10"] = new(52.52, 13.40), ["12"] = new(52.46, 13.43),
        ["13"] = new(52.57, 13.35), ["14"] = new(52.39, 13.06), ["17"] = new(54.09, 13.38), ["18"] = new(54.09, 12.10),
        ["19"] = new(53.63, 11.41), ["20"] = new(53.55, 10.00), ["21"] = new(53.47, 9.98), ["22"] = new(53.58, 10.03),
        ["23"] = new(53.87, 10.69), ["24"] = new(54.32, 10.12), ["25"] = new(54.47, 9.05), ["26"] = new(53.14, 8.21),
        ["27"] = new(53.08, 8.80), ["28"] = new(53.08, 8.80), ["29"] = new(52.62, 10.08), ["30"] = new(52.38, 9.73),
        ["31"] = new(52.15, 9.95), ["32"] = new(52.02, 8.53), ["33"] = new(52.03, 8.53), ["34"] = new(51.31, 9.48),
        ["35"] = new(50.58, 8.68), ["36"] = new(50.55, 9.68), ["37"] = new(51.54, 9.93), ["38"] = new(52.27, 10.52),
        ["39"] = new(52.13, 11.63), ["40"] = new(51.23, 6.77), ["41"] = new(51.19, 6.44), ["42"] = new(51.26, 7.15),
        ["44"] = new(51.51, 7.47), ["45"] = new(51.46, 7.01), ["46"] = new(51.53, 6.76), ["47"] = new(51.43, 6.76),
        ["48"] = new(51.96, 7.63), ["49"] = new(52.28, 8.05), ["50"] = new(50.94, 6.96), ["51"] = new(50.94, 7.00),
        ["52"] = new(50.78, 6.08), ["53"] = new(50.74, 7.10), ["54"] = new(49.76, 6.64), ["55"] = new(49.99, 8.25),
        ["56"] = new(50.36, 7.59), ["57"] = new(50.87, 8.02), ["58"] = new(51.36, 7.47), ["59"] = new(51.67, 7.82),
        ["60"] = new(50.11, 8.68), ["61"] = new(50.23, 8.62), ["63"] = new(50.13, 8.92), ["64"] = new(49.87, 8.65),
        ["65"] = new(50.08, 8.24), ["66"] = new(49.23, 7.00), ["67"] = new(49.48, 8.44), ["68"] = new(49.49, 8.47),
        ["69"] = new(49.40, 8.69), ["70"] = new(48.78, 9.18), ["71"] = new(48.70, 9.01), ["72"] = new(48.52, 9.06),
        ["73"] = new(48.70, 9.65), ["74"] = new(49.14, 9.22), ["75"] = new(48.89, 8.70), ["76"] = new(49.01, 8.40),
        ["77"] = new(48.47, 7.94), ["78"] = new(47.99, 8.83), ["79"] = new(48.00, 7.84), ["80"] = new(48.14, 11.58),
        ["81"] = new(48.12, 11.60), ["82"] = new(48.05, 11.35), ["83"] = new(47.86, 12.12), ["84"] = new(48.54, 12.15),
        ["85"] = new(48.40, 11.74), ["86"] = new(48.37, 10.90), ["87"] = new(47.73, 10.31), ["88"] = new(47.66, 9.48),
        ["89"] = new(48.40, 9.99), ["90"] = new(49.45, 11.08), ["91"] = new(49.60, 11.00), ["92"] = new(49.44, 11.86),
        ["93"] = new(49.01, 12.10), ["94"] = new(48.57, 13.43), ["95"] = new(49.95, 11.58), ["96"] = new(49.89, 10.89),
        ["97"] = new(49.79, 9.95), ["98"] = new(50.61, 10.69), ["99"] = new(50.98, 11.03),
    };

    /// <summary>The coordinates of a German postal code's region, or null when the code is not a known German one.</summary>
    public static GeoCoordinate? Locate(string countryCode, string postalCode)
    {
        if (countryCode is not ("" or "DE") || postalCode.Length != 5 || !postalCode.All(char.IsAsciiDigit))
        {
            return null;
        }

        return ByPrefix.TryGetValue(postalCode[..2], out var center) ? center : null;
    }
}
