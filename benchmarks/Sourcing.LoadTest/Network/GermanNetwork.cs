using Sourcing.V1;

namespace Sourcing.LoadTest.Network;

/// <summary>A place of the load-test network at its city's real coordinates.</summary>
internal sealed record NetworkSite(string Id, string City, LocationType Type, double Latitude, double Longitude, string PostalCode);

/// <summary>
/// The network the load test seeds: six warehouses in the largest logistics cities, a drop-ship supplier, and stores
/// across Germany (the six warehouse cities have a store too).
/// </summary>
internal static class GermanNetwork
{
    public static readonly IReadOnlyList<NetworkSite> Sites =
    [
        new("LT-WH-BERLIN", "Berlin", LocationType.Warehouse, 52.520, 13.405, "10117"),
        new("LT-WH-HAMBURG", "Hamburg", LocationType.Warehouse, 53.551, 9.994, "20095"),
        new("LT-WH-MUENCHEN", "München", LocationType.Warehouse, 48.137, 11.575, "80331"),
        new("LT-WH-KOELN", "Köln", LocationType.Warehouse, 50.938, 6.960, "50667"),
        new("LT-WH-FRANKFURT", "Frankfurt am Main", LocationType.Warehouse, 50.110, 8.682, "60311"),
        new("LT-WH-LEIPZIG", "Leipzig", LocationType.Warehouse, 51.340, 12.375, "04109"),
        new("LT-DS-NUERNBERG", "Nürnberg", LocationType.DropShipSupplier, 49.452, 11.077, "90402"),
        new("LT-ST-BERLIN", "Berlin", LocationType.Store, 52.507, 13.325, "10623"),
        new("LT-ST-HAMBURG", "Hamburg", LocationType.Store, 53.553, 9.993, "20095"),
        new("LT-ST-MUENCHEN", "München", LocationType.Store, 48.138, 11.573, "80331"),
        new("LT-ST-KOELN", "Köln", LocationType.Store, 50.936, 6.957, "50667"),
        new("LT-ST-FRANKFURT", "Frankfurt am Main", LocationType.Store, 50.114, 8.679, "60313"),
        new("LT-ST-LEIPZIG", "Leipzig", LocationType.Store, 51.339, 12.377, "04109"),
        new("LT-ST-DRESDEN", "Dresden", LocationType.Store, 51.050, 13.738, "01067"),
        new("LT-ST-HANNOVER", "Hannover", LocationType.Store, 52.375, 9.732, "30159"),
        new("LT-ST-STUTTGART", "Stuttgart", LocationType.Store, 48.776, 9.183, "70173"),
        new("LT-ST-DUESSELDORF", "Düsseldorf", LocationType.Store, 51.227, 6.773, "40213"),
        new("LT-ST-DORTMUND", "Dortmund", LocationType.Store, 51.514, 7.465, "44137"),
        new("LT-ST-ESSEN", "Essen", LocationType.Store, 51.456, 7.012, "45127"),
        new("LT-ST-BREMEN", "Bremen", LocationType.Store, 53.079, 8.802, "28195"),
        new("LT-ST-DUISBURG", "Duisburg", LocationType.Store, 51.435, 6.762, "47051"),
        new("LT-ST-BOCHUM", "Bochum", LocationType.Store, 51.482, 7.216, "44787"),
        new("LT-ST-WUPPERTAL", "Wuppertal", LocationType.Store, 51.256, 7.151, "42103"),
        new("LT-ST-BIELEFELD", "Bielefeld", LocationType.Store, 52.030, 8.532, "33602"),
        new("LT-ST-BONN", "Bonn", LocationType.Store, 50.737, 7.098, "53111"),
        new("LT-ST-MUENSTER", "Münster", LocationType.Store, 51.961, 7.626, "48143"),
        new("LT-ST-MANNHEIM", "Mannheim", LocationType.Store, 49.488, 8.466, "68161"),
        new("LT-ST-KARLSRUHE", "Karlsruhe", LocationType.Store, 49.007, 8.404, "76133"),
        new("LT-ST-AUGSBURG", "Augsburg", LocationType.Store, 48.371, 10.898, "86150"),
        new("LT-ST-WIESBADEN", "Wiesbaden", LocationType.Store, 50.078, 8.240, "65183"),
        new("LT-ST-KIEL", "Kiel", LocationType.Store, 54.323, 10.123, "24103"),
        new("LT-ST-ROSTOCK", "Rostock", LocationType.Store, 54.092, 12.099, "18055"),
        new("LT-ST-FREIBURG", "Freiburg im Breisgau", LocationType.Store, 47.999, 7.842, "79098"),
        new("LT-ST-ERFURT", "Erfurt", LocationType.Store, 50.978, 11.029, "99084"),
        new("LT-ST-MAINZ", "Mainz", LocationType.Store, 49.999, 8.274, "55116"),
        new("LT-ST-KASSEL", "Kassel", LocationType.Store, 51.312, 9.480, "34117"),
        new("LT-ST-MAGDEBURG", "Magdeburg", LocationType.Store, 52.121, 11.628, "39104"),
        new("LT-ST-POTSDAM", "Potsdam", LocationType.Store, 52.396, 13.058, "14467"),
        new("LT-ST-REGENSBURG", "Regensburg", LocationType.Store, 49.013, 12.101, "93047"),
        new("LT-ST-WUERZBURG", "Würzburg", LocationType.Store, 49.791, 9.953, "97070"),
        new("LT-ST-SAARBRUECKEN", "Saarbrücken", LocationType.Store, 49.240, 6.997, "66111"),
        new("LT-ST-BRAUNSCHWEIG", "Braunschweig", LocationType.Store, 52.269, 10.521, "38100"),
        new("LT-ST-LUEBECK", "Lübeck", LocationType.Store, 53.866, 10.687, "23552"),
        new("LT-ST-ULM", "Ulm", LocationType.Store, 48.400, 9.988, "89073"),
        new("LT-ST-AACHEN", "Aachen", LocationType.Store, 50.776, 6.084, "52062"),
        new("LT-ST-OSNABRUECK", "Osnabrück", LocationType.Store, 52.279, 8.047, "49074"),
    ];

    /// <summary>The channels every location sells for, and the load test's orders come from.</summary>
    public static readonly IReadOnlyList<string> Channels = ["web", "marketplace", "store", "callcenter"];

    /// <summary>Postal regions (first two digits) the service locates; a destination is one of them plus three digits.</summary>
    public static readonly IReadOnlyList<string> PostalRegions =
    [
        "01", "04", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21", "22", "23", "24", "25",
        "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "44", "45",
        "46", "47", "48", "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "63", "64", "65",
        "66", "67", "68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79", "80", "81", "82", "83", "84",
        "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99",
    ];

    public static string Sku(int index) => $"LT-SKU-{index:00000}";
}
