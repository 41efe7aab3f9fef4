namespace Sourcing.Optimizer.Model;

/// <summary>Refuses a malformed problem up front with a message naming the part, instead of a solver failure later.</summary>
internal static class ProblemValidator
{
    public static void Validate(SourcingProblem problem)
    {
        var locations = problem.Locations.Count;
        foreach (var (key, available) in problem.Available)
        {
            Require(key.Location >= 0 && key.Location < locations && available >= 0, $"stock of {key.Sku} at location {key.Location} is {available} or out of range");
        }

        foreach (var order in problem.Orders)
        {
            Require(order.ShipmentCost.Count == locations, $"order {order.Id} has {order.ShipmentCost.Count} shipment costs for {locations} locations");
            Require(order.ShipmentCost.All(c => c >= 0) && order.Policy.BackorderPenaltyPerUnit >= 0, $"order {order.Id} has a negative cost");
            Require(order.Policy.MaxShipments is null or >= 0, $"order {order.Id} has a negative max shipments");
            foreach (var line in order.Lines)
            {
                Require(line.Quantity > 0, $"order {order.Id} SKU {line.Sku} has quantity {line.Quantity}");
                Require(line.Candidates.All(c => c.Location >= 0 && c.Location < locations && c.UnitCost >= 0), $"order {order.Id} SKU {line.Sku} has a candidate out of range or with a negative cost");
                Require(line.Candidates.Select(c => c.Location).Distinct().Count() == line.Candidates.Count, $"order {order.Id} SKU {line.Sku} lists a location twice");
            }
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException("Invalid sourcing problem: " + message);
        }
    }
}
