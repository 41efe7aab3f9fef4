using Sourcing.Optimizer.Model;

namespace Sourcing.Testing;

/// <summary>
/// Seeded sourcing problems for tests and benchmarks. Costs come from distances: locations and customers are spread
/// over Germany, a unit costs its location's handling plus a little per km, a shipment a base plus more per km.
/// </summary>
public static class OptimizerInstances
{
    private const double MinLatitude = 47.3, MaxLatitude = 55.0, MinLongitude = 6.0, MaxLongitude = 15.0;

    /// <summary>A realistic order: <paramref name="lines"/> lines against <paramref name="locations"/> locations (10% warehouses).</summary>
    public static SourcingProblem Realistic(int seed, int lines, int locations, bool withConstraints = false)
    {
        var random = new Random(seed);
        var network = Enumerable.Range(0, locations).Select(i => Site.Random(random, isWarehouse: i % 10 == 0)).ToArray();
        var customer = Site.Random(random, isWarehouse: false);
        var available = new Dictionary<StockKey, int>();
        var orderLines = new List<ProblemLine>();
        for (var l = 0; l < lines; l++)
        {
            var sku = $"SKU-{l}";
            var quantity = random.Next(10) < 7 ? 1 : random.Next(2, 6);
            var candidates = new List<Candidate>();
            for (var i = 0; i < locations; i++)
            {
                var site = network[i];
                var stock = site.IsWarehouse ? (random.Next(10) < 8 ? random.Next(5, 200) : 0) : (random.Next(10) < 4 ? random.Next(1, 6) : 0);
                if (stock > 0)
                {
                    available[new StockKey(sku, i)] = stock;
                }

                candidates.Add(new Candidate(i, site.HandlingCost + (long)(0.2 * site.DistanceKm(customer))));
            }

            orderLines.Add(new ProblemLine(sku, quantity, candidates,
                NoSplit: withConstraints && random.Next(10) == 0,
                GroupId: withConstraints && l < 2 && random.Next(4) == 0 ? "kit" : null));
        }

        var shipmentCosts = network.Select(site => 450 + (long)(1.5 * site.DistanceKm(customer))).ToArray();
        var policy = withConstraints
            ? new OrderPolicy(MaxShipments: random.Next(3) == 0 ? 2 : null, ShipComplete: random.Next(8) == 0, BackorderPenaltyPerUnit: 5_000)
            : new OrderPolicy(BackorderPenaltyPerUnit: 5_000);
        // A merchant's source priority list, as Magento MSI configures it: warehouses first, then stores, ties by id.
        var priority = Enumerable.Range(0, locations).OrderBy(i => network[i].IsWarehouse ? 0 : 1).ThenBy(i => i)
            .Select((location, rank) => (location, rank)).ToDictionary(p => p.location, p => p.rank);
        var problemLocations = network.Select((site, i) => new ProblemLocation($"L{i}", Priority: priority[i])).ToList();
        return new SourcingProblem(problemLocations, available, [new ProblemOrder("order-" + seed, orderLines, shipmentCosts, policy)]);
    }

    /// <summary>
    /// A day of orders drawing on one stock pool: <paramref name="locations"/> locations (10% warehouses, listed first
    /// in the priority order) holding <paramref name="skus"/> SKUs thinly, and <paramref name="orders"/> orders of 1-5
    /// lines from customers spread over the country. Meant to be solved one order after another, each plan's
    /// allocations taken out of the stock before the next order, so stock runs low through the day.
    /// </summary>
    public static (IReadOnlyList<ProblemLocation> Locations, IReadOnlyDictionary<StockKey, int> Stock, IReadOnlyList<ProblemOrder> Orders) SharedStockDay(
        int seed, int orders, int locations = 50, int skus = 100)
    {
        var random = new Random(seed);
        var network = Enumerable.Range(0, locations).Select(i => Site.Random(random, isWarehouse: i % 10 == 0)).ToArray();
        var stock = new Dictionary<StockKey, int>();
        for (var k = 0; k < skus; k++)
        {
            for (var i = 0; i < locations; i++)
            {
                var units = network[i].IsWarehouse ? (random.Next(10) < 6 ? random.Next(1, 9) : 0) : (random.Next(10) < 2 ? random.Next(1, 3) : 0);
                if (units > 0)
                {
                    stock[new StockKey($"SKU-{k}", i)] = units;
                }
            }
        }

        var problemOrders = new List<ProblemOrder>();
        for (var o = 0; o < orders; o++)
        {
            var customer = Site.Random(random, isWarehouse: false);
            var lines = Enumerable.Range(0, random.Next(1, 6)).Select(_ => random.Next(skus)).Distinct().Select(k => new ProblemLine(
                $"SKU-{k}",
                random.Next(10) < 7 ? 1 : random.Next(2, 5),
                network.Select((site, i) => new Candidate(i, site.HandlingCost + (long)(0.2 * site.DistanceKm(customer)))).ToList())).ToList();
            var shipmentCosts = network.Select(site => 450 + (long)(1.5 * site.DistanceKm(customer))).ToArray();
            problemOrders.Add(new ProblemOrder($"day-{o}", lines, shipmentCosts, new OrderPolicy(BackorderPenaltyPerUnit: 5_000)));
        }

        var priority = Enumerable.Range(0, locations).OrderBy(i => network[i].IsWarehouse ? 0 : 1).ThenBy(i => i)
            .Select((location, rank) => (location, rank)).ToDictionary(p => p.location, p => p.rank);
        return (network.Select((_, i) => new ProblemLocation($"L{i}", Priority: priority[i])).ToList(), stock, problemOrders);
    }

    /// <summary>
    /// A small instance with every kind of constraint drawn at random, small enough for brute force:
    /// 1-<paramref name="maxLines"/> lines of 1-3 units, 2-<paramref name="maxLocations"/> locations.
    /// </summary>
    public static SourcingProblem SmallWithConstraints(int seed, int maxLines = 4, int maxLocations = 6, int orders = 1)
    {
        var random = new Random(seed);
        var locationCount = random.Next(2, maxLocations + 1);
        var locations = Enumerable.Range(0, locationCount).Select(i => new ProblemLocation(
            $"L{i}",
            CapacityUnits: random.Next(6) == 0 ? random.Next(1, 6) : null,
            CapacityShipments: random.Next(8) == 0 ? random.Next(0, 2) : null,
            Priority: random.Next(10))).ToList();
        var skus = Enumerable.Range(0, 3).Select(i => $"S{i}").ToArray();
        var available = new Dictionary<StockKey, int>();
        foreach (var sku in skus)
        {
            for (var i = 0; i < locationCount; i++)
            {
                if (random.Next(3) > 0)
                {
                    available[new StockKey(sku, i)] = random.Next(0, 5);
                }
            }
        }

        var problemOrders = new List<ProblemOrder>();
        for (var o = 0; o < orders; o++)
        {
            var lineCount = random.Next(1, maxLines + 1);
            var lines = new List<ProblemLine>();
            for (var l = 0; l < lineCount; l++)
            {
                var candidates = Enumerable.Range(0, locationCount).Where(_ => random.Next(5) > 0).Select(i => new Candidate(i, random.Next(1, 40))).ToList();
                int? pickup = random.Next(10) == 0 && candidates.Count > 0 ? candidates[random.Next(candidates.Count)].Location : null;
                lines.Add(new ProblemLine(
                    skus[random.Next(skus.Length)],
                    random.Next(1, 4),
                    candidates,
                    NoSplit: random.Next(6) == 0,
                    GroupId: random.Next(6) == 0 ? "g" + random.Next(2) : null,
                    RequiredLocation: pickup));
            }

            var policy = new OrderPolicy(
                MaxShipments: random.Next(4) == 0 ? random.Next(1, 3) : null,
                ShipComplete: random.Next(6) == 0,
                AllowBackorder: random.Next(5) > 0,
                BackorderPenaltyPerUnit: random.Next(5, 120));
            problemOrders.Add(new ProblemOrder($"o{o}", lines, Enumerable.Range(0, locationCount).Select(_ => (long)random.Next(0, 80)).ToArray(), policy));
        }

        return new SourcingProblem(locations, available, problemOrders);
    }

    /// <summary>
    /// A small instance built around ship-together groups, with unit costs either side of the backorder penalty, so the
    /// lower bound prunes some members' locations and not others: 2-4 locations, 2-5 lines of 1-2 units, one or two
    /// groups, shared stock. Small enough for brute force.
    /// </summary>
    public static SourcingProblem SmallWithGroups(int seed)
    {
        var random = new Random(seed);
        var locationCount = random.Next(2, 5);
        var locations = Enumerable.Range(0, locationCount).Select(i => new ProblemLocation(
            $"G{i}",
            CapacityUnits: random.Next(8) == 0 ? random.Next(1, 5) : null,
            CapacityShipments: random.Next(10) == 0 ? 1 : null,
            Priority: i)).ToList();
        var skus = Enumerable.Range(0, 4).Select(i => $"K{i}").ToArray();
        var available = new Dictionary<StockKey, int>();
        foreach (var sku in skus)
        {
            for (var i = 0; i < locationCount; i++)
            {
                if (random.Next(4) > 0)
                {
                    available[new StockKey(sku, i)] = random.Next(0, 3);
                }
            }
        }

        const long Penalty = 10_000;
        long[] unitCosts = [0, 0, 50, 3_000, 9_000, 12_000, 30_000];
        var lineCount = random.Next(2, 6);
        var groups = random.Next(1, 3);
        var lines = new List<ProblemLine>();
        for (var l = 0; l < lineCount; l++)
        {
            var candidates = Enumerable.Range(0, locationCount).Where(_ => random.Next(4) > 0)
                .Select(i => new Candidate(i, unitCosts[random.Next(unitCosts.Length)])).ToList();
            var group = l < 2 * groups && random.Next(5) > 0 ? "g" + (l % groups) : null;
            lines.Add(new ProblemLine(skus[random.Next(skus.Length)], random.Next(1, 3), candidates,
                NoSplit: group is null && random.Next(6) == 0,
                GroupId: group));
        }

        var policy = new OrderPolicy(
            MaxShipments: random.Next(5) == 0 ? random.Next(1, 3) : null,
            ShipComplete: random.Next(10) == 0,
            AllowBackorder: random.Next(8) > 0,
            BackorderPenaltyPerUnit: Penalty);
        var shipmentCosts = Enumerable.Range(0, locationCount).Select(_ => (long)random.Next(0, 400)).ToArray();
        return new SourcingProblem(locations, available, [new ProblemOrder($"groups-{seed}", lines, shipmentCosts, policy)]);
    }

    private sealed record Site(double Latitude, double Longitude, bool IsWarehouse, long HandlingCost)
    {
        public static Site Random(Random random, bool isWarehouse) => new(
            MinLatitude + random.NextDouble() * (MaxLatitude - MinLatitude),
            MinLongitude + random.NextDouble() * (MaxLongitude - MinLongitude),
            isWarehouse,
            isWarehouse ? 30 : 90);

        /// <summary>Great-circle distance (haversine).</summary>
        public double DistanceKm(Site other)
        {
            const double EarthRadiusKm = 6371;
            var dLat = (other.Latitude - Latitude) * Math.PI / 180;
            var dLon = (other.Longitude - Longitude) * Math.PI / 180;
            var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Latitude * Math.PI / 180) * Math.Cos(other.Latitude * Math.PI / 180) * Math.Pow(Math.Sin(dLon / 2), 2);
            return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(a));
        }
    }
}
