using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;

namespace Sourcing.Service.Demo;

/// <summary>
/// A realistic German network for the embedded default: 3 warehouses, 30 stores and 2 drop-ship suppliers at real
/// city coordinates, 20 items, and seeded stock, so a fresh `dotnet run` answers sensibly at once.
/// </summary>
public static class DemoNetwork
{
    // Declared before Locations: static fields initialise in textual order.
    private static readonly string[] AllChannels = ["web", "marketplace", "store", "callcenter"];

    /// <summary>Nationwide public holidays in the demo's season.</summary>
    private static readonly DateOnly[] Holidays = [new(2026, 12, 25), new(2026, 12, 26), new(2027, 1, 1), new(2027, 4, 2), new(2027, 4, 5)];

    public static IReadOnlyList<Location> Locations { get; } = BuildLocations();

    public static IReadOnlyList<string> Skus { get; } =
    [
        "SHOE-RUN-42", "SHOE-RUN-43", "SHOE-TRAIL-44", "JACKET-RAIN-M", "JACKET-RAIN-L",
        "TENT-2P", "TENT-4P", "STOVE-GAS", "GAS-CARTRIDGE-450", "LAMP-HEAD-400",
        "BOTTLE-STEEL-1L", "BACKPACK-30L", "BACKPACK-65L", "SLEEPINGBAG-M5", "MAT-FOAM",
        "SOCKS-MERINO-3PK", "CAP-SUN", "GLOVES-WINTER-M", "POLES-TREK", "FIRST-AID-KIT",
    ];

    /// <summary>Seeded stock: warehouses deep, stores shallow and patchy, suppliers only for bulky items.</summary>
    public static IReadOnlyList<StockImportRow> Stock()
    {
        var random = new Random(20261127);
        var rows = new List<StockImportRow>();
        foreach (var location in Locations)
        {
            foreach (var sku in Skus)
            {
                var onHand = location.Kind switch
                {
                    LocationKind.Warehouse => random.Next(40, 400),
                    LocationKind.DropShipSupplier => sku.StartsWith("TENT", StringComparison.Ordinal) || sku.StartsWith("BACKPACK", StringComparison.Ordinal) ? random.Next(100, 1000) : 0,
                    _ => random.Next(0, 4) == 0 ? 0 : random.Next(1, 12),
                };
                if (onHand > 0)
                {
                    rows.Add(new StockImportRow(sku, location.Id, onHand, Sequence: 1, SafetyStock: location.Kind == LocationKind.Store ? 1 : 0));
                }
            }
        }

        return rows;
    }

    private static List<Location> BuildLocations()
    {
        var locations = new List<Location>
        {
            Warehouse("WH-BAD-HERSFELD", "Central DC Bad Hersfeld", 50.8683, 9.7068, "36251", 20_000),
            Warehouse("WH-HAMBURG", "North DC Hamburg", 53.5511, 9.9937, "20457", 8_000),
            Warehouse("WH-MUNICH", "South DC Munich", 48.1351, 11.5820, "80331", 8_000),
            Supplier("DS-OUTDOORCO", "OutdoorCo drop-ship (Stuttgart)", 48.7758, 9.1829, "70173"),
            Supplier("DS-PACKWORKS", "Packworks drop-ship (Leipzig)", 51.3397, 12.3731, "04109"),
        };
        (string City, double Lat, double Lon, string Postal)[] stores =
        [
            ("Berlin", 52.5200, 13.4050, "10117"), ("Hamburg", 53.5503, 10.0007, "20095"), ("Munich", 48.1374, 11.5755, "80333"),
            ("Cologne", 50.9375, 6.9603, "50667"), ("Frankfurt", 50.1109, 8.6821, "60311"), ("Stuttgart", 48.7784, 9.1800, "70173"),
            ("Dusseldorf", 51.2277, 6.7735, "40213"), ("Leipzig", 51.3397, 12.3731, "04109"), ("Dortmund", 51.5136, 7.4653, "44137"),
            ("Essen", 51.4556, 7.0116, "45127"), ("Bremen", 53.0793, 8.8017, "28195"), ("Dresden", 51.0504, 13.7373, "01067"),
            ("Hanover", 52.3759, 9.7320, "30159"), ("Nuremberg", 49.4521, 11.0767, "90403"), ("Duisburg", 51.4344, 6.7623, "47051"),
            ("Bochum", 51.4818, 7.2162, "44787"), ("Wuppertal", 51.2562, 7.1508, "42103"), ("Bielefeld", 52.0302, 8.5325, "33602"),
            ("Bonn", 50.7374, 7.0982, "53111"), ("Munster", 51.9607, 7.6261, "48143"), ("Mannheim", 49.4875, 8.4660, "68161"),
            ("Karlsruhe", 49.0069, 8.4037, "76133"), ("Augsburg", 48.3705, 10.8978, "86150"), ("Wiesbaden", 50.0782, 8.2398, "65183"),
            ("Kiel", 54.3233, 10.1228, "24103"), ("Freiburg", 47.9990, 7.8421, "79098"), ("Rostock", 54.0924, 12.0991, "18055"),
            ("Erfurt", 50.9848, 11.0299, "99084"), ("Mainz", 49.9929, 8.2473, "55116"), ("Regensburg", 49.0134, 12.1016, "93047"),
        ];
        locations.AddRange(stores.Select(s => Store(s.City, s.Lat, s.Lon, s.Postal)));
        return locations;
    }

    private static Location Warehouse(string id, string name, double lat, double lon, string postal, int dailyUnits) => new(
        id, name, LocationKind.Warehouse, new GeoCoordinate(lat, lon), "DE", postal, "Europe/Berlin",
        new LocationCapabilities(ShipsParcels: true, CustomerPickup: false, ShipFromStore: false),
        Euro(35), Euro(450), ProcessingHours: 4, new TimeOnly(16, 0), dailyUnits, DailyCapacityShipments: null, Active: true, AllChannels,
        [DayOfWeek.Sunday], Holidays);

    private static Location Supplier(string id, string name, double lat, double lon, string postal) => new(
        id, name, LocationKind.DropShipSupplier, new GeoCoordinate(lat, lon), "DE", postal, "Europe/Berlin",
        new LocationCapabilities(ShipsParcels: true, CustomerPickup: false, ShipFromStore: false),
        Euro(120), Euro(690), ProcessingHours: 48, new TimeOnly(12, 0), DailyCapacityUnits: 500, DailyCapacityShipments: null, Active: true, ["web", "callcenter"],
        [DayOfWeek.Saturday, DayOfWeek.Sunday], Holidays);

    private static Location Store(string city, double lat, double lon, string postal) => new(
        "ST-" + city.ToUpperInvariant(), $"Store {city}", LocationKind.Store, new GeoCoordinate(lat, lon), "DE", postal, "Europe/Berlin",
        new LocationCapabilities(ShipsParcels: true, CustomerPickup: true, ShipFromStore: true),
        Euro(90), Euro(590), ProcessingHours: 24, new TimeOnly(14, 0), DailyCapacityUnits: 60, DailyCapacityShipments: 25, Active: true, AllChannels,
        [DayOfWeek.Sunday], Holidays);

    private static MoneyAmount Euro(long cents) => new("EUR", cents);
}
