using System.Globalization;
using Sourcing.Orders;
using Sourcing.Orders.Customers;

namespace Sourcing.Benchmarks.Customers;

/// <summary>One seeded person: what their first order says about them, and the identities they are known by.</summary>
internal sealed record SeedPerson(
    string GivenName, string FamilyName, string Email, string Phone, PostalAddress Shipping, PostalAddress Billing,
    string Account, string? LoyaltyCard, bool PhoneIdentity, string Segment, bool Vip);

/// <summary>
/// Made-up German customers from short lists: common first and family names (with umlauts and ß, so folding is
/// exercised), e-mail addresses at German providers in the shapes people use, mobile and landline numbers, and
/// addresses in real cities with postal codes from each city's real range. Deterministic per customer index.
/// </summary>
internal static class GermanPeople
{
    private static readonly string[] GivenNames =
    [
        "Anna", "Lena", "Marie", "Sophie", "Laura", "Julia", "Lea", "Hannah", "Sarah", "Lisa", "Katharina", "Johanna", "Emma", "Mia",
        "Jana", "Nina", "Sabine", "Petra", "Ursula", "Monika", "Claudia", "Andrea", "Birgit", "Jürgen", "Günter", "Jörg", "Björn",
        "Lukas", "Leon", "Paul", "Jonas", "Felix", "Maximilian", "Tim", "David", "Niklas", "Jan", "Tobias", "Florian", "Sebastian",
        "Michael", "Thomas", "Andreas", "Stefan", "Christian", "Markus", "Matthias", "Daniel", "Alexander", "Wolfgang", "Klaus",
        "Hans-Peter", "Karl-Heinz", "Anne-Marie", "Özlem", "Mehmet", "Ayşe", "Piotr", "Agnieszka", "Renée", "Zoë", "René",
    ];

    private static readonly string[] FamilyNames =
    [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch",
        "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann",
        "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann",
        "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn",
        "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth", "Beck", "Lorenz", "Baumann",
        "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt",
        "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich",
        "Ziegler", "Kuhn", "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff",
        "Pfeiffer", "Yılmaz", "Kaya", "Nowak", "Kowalski", "von Bülow", "zu Stolberg", "Meyer-Lüdenscheid", "Schmidt-Rottluff",
    ];

    private static readonly string[] Streets =
    [
        "Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Dorfstraße", "Bergstraße", "Birkenweg", "Lindenstraße",
        "Kirchstraße", "Waldstraße", "Ringstraße", "Schillerstraße", "Goethestraße", "Mühlenweg", "Am Markt", "Friedrichstraße",
        "Rosenweg", "Feldstraße", "Wiesenweg", "Sonnenstraße", "Buchenweg", "Poststraße", "Eichendorffstraße", "Mozartstraße",
        "Beethovenstraße", "Kastanienallee", "Am Sportplatz", "Parkstraße", "Talstraße", "Uhlandstraße", "Fliederweg",
        "Industriestraße", "Rathausplatz", "Brückenstraße", "Grüner Weg", "Königsallee", "Kurfürstendamm", "Hafenstraße",
    ];

    /// <summary>Cities with the first and last postal code of their range.</summary>
    private static readonly (string City, int From, int To)[] Cities =
    [
        ("Berlin", 10115, 14199), ("Hamburg", 20095, 22769), ("München", 80331, 81929), ("Köln", 50667, 51149),
        ("Frankfurt am Main", 60306, 65936), ("Stuttgart", 70173, 70629), ("Düsseldorf", 40210, 40629), ("Leipzig", 4103, 4357),
        ("Dortmund", 44135, 44388), ("Essen", 45127, 45359), ("Bremen", 28195, 28779), ("Dresden", 1067, 1328),
        ("Hannover", 30159, 30669), ("Nürnberg", 90402, 90491), ("Duisburg", 47051, 47279), ("Bochum", 44787, 44894),
        ("Wuppertal", 42103, 42399), ("Bielefeld", 33602, 33739), ("Bonn", 53111, 53229), ("Münster", 48143, 48167),
        ("Karlsruhe", 76131, 76229), ("Mannheim", 68159, 68309), ("Augsburg", 86150, 86199), ("Wiesbaden", 65183, 65207),
        ("Mönchengladbach", 41061, 41239), ("Gelsenkirchen", 45879, 45899), ("Aachen", 52062, 52080), ("Braunschweig", 38100, 38126),
        ("Kiel", 24103, 24159), ("Chemnitz", 9111, 9247), ("Halle (Saale)", 6108, 6132), ("Magdeburg", 39104, 39130),
        ("Freiburg im Breisgau", 79098, 79117), ("Krefeld", 47798, 47839), ("Mainz", 55116, 55131), ("Lübeck", 23552, 23570),
        ("Erfurt", 99084, 99099), ("Rostock", 18055, 18147), ("Kassel", 34117, 34134), ("Saarbrücken", 66111, 66133),
        ("Potsdam", 14467, 14482), ("Würzburg", 97070, 97084), ("Regensburg", 93047, 93059), ("Göttingen", 37073, 37085),
        ("Bad Tölz", 83646, 83646), ("Garmisch-Partenkirchen", 82467, 82467), ("Oberstdorf", 87561, 87561), ("Sylt", 25980, 25980),
    ];

    private static readonly string[] MailDomains = ["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "outlook.de", "icloud.com", "freenet.de", "yahoo.de", "mailbox.org"];

    private static readonly string[] MobilePrefixes = ["151", "152", "157", "159", "160", "162", "170", "171", "172", "173", "175", "176", "177", "178", "179"];

    public static SeedPerson Person(int index)
    {
        var random = new Random(unchecked(index * 7919 + 17));
        var given = GivenNames[random.Next(GivenNames.Length)];
        var family = FamilyNames[random.Next(FamilyNames.Length)];
        var home = Address(random, given + " " + family);
        var billing = random.Next(100) < 25 ? Address(random, given + " " + family) : home;
        if (random.Next(100) < 8)
        {
            // A parcel for someone else in the household: the shipping name differs from the buyer's.
            home = new PostalAddress { Name = GivenNames[random.Next(GivenNames.Length)] + " " + family, Street = home.Street, PostalCode = home.PostalCode, City = home.City };
        }

        return new SeedPerson(
            given, family, Email(random, given, family, index), PhoneNumber(random, index), home, billing,
            Account: "web-" + index.ToString("D8", CultureInfo.InvariantCulture),
            LoyaltyCard: random.Next(100) < 30 ? "LC" + (40_000_000_000L + index * 7L + random.Next(7)).ToString(CultureInfo.InvariantCulture) : null,
            PhoneIdentity: random.Next(100) < 20,
            Segment: random.Next(100) < 4 ? "b2b" : "consumer",
            Vip: random.Next(1000) < 15);
    }

    private static PostalAddress Address(Random random, string name)
    {
        var (city, from, to) = Cities[random.Next(Cities.Length)];
        var street = Streets[random.Next(Streets.Length)];
        var number = random.Next(1, 180).ToString(CultureInfo.InvariantCulture) + (random.Next(10) == 0 ? "a" : "");
        return new PostalAddress
        {
            Name = name,
            Street = street + " " + number,
            PostalCode = random.Next(from, to + 1).ToString("D5", CultureInfo.InvariantCulture),
            City = city,
            Country = "DE",
        };
    }

    private static string Email(Random random, string given, string family, int index)
    {
        string Local(string text) => CustomerText.Fold(text).Replace(' ', '-');
        var g = Local(given);
        var f = Local(family);
        var local = random.Next(5) switch
        {
            0 => $"{g}.{f}",
            1 => $"{g[0]}.{f}",
            2 => $"{g}{f}",
            3 => $"{f}.{g}",
            _ => $"{g}_{f}",
        };

        // Unique per customer (the index, spelled like a birth year or a counter), as the same name recurs thousands of times.
        return $"{local}{index}@{MailDomains[random.Next(MailDomains.Length)]}";
    }

    // The last eight digits are the customer's own (the index scrambled by a multiplier coprime to 9·10^7, so they look
    // drawn at random yet no two customers share a number: phones are identities, unique). Consecutive subscriber
    // numbers would share far more trigrams than real ones and make the phone search look slower than it is.
    private static string PhoneNumber(Random random, int index)
    {
        var subscriber = 10_000_000 + index * 48_271L % 90_000_000;
        return random.Next(100) < 70
            ? $"+49 {MobilePrefixes[random.Next(MobilePrefixes.Length)]} {subscriber}"
            : $"0{random.Next(30, 9_999)} {subscriber}";
    }
}
