namespace Sourcing.Orders.Tests.Lifecycle;

/// <summary>
/// What must be true between orders and the inventory once no work is left between steps: the inventory holds, per
/// (SKU, location), exactly the units orders have at that location under a live reservation; no hold is live that no
/// order names; committed units are the shipped ones; every line's states sum to its quantity.
/// </summary>
internal static class StockInvariant
{
    public static void Holds(OrderWorld world, IReadOnlyList<Order> orders)
    {
        var expectedHeld = new Dictionary<(string, string), int>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        var shipped = new Dictionary<(string, string), int>();
        foreach (var order in orders)
        {
            foreach (var line in order.Document.Lines)
            {
                Assert.True(line.Quantity == line.States.Values.Sum(), $"{order.Id} {line.LineId}: {Order.Describe(line)} does not sum to {line.Quantity}");
                Assert.All(line.States.Values, q => Assert.True(q > 0, $"{order.Id} {line.LineId} has a state without units"));
            }

            foreach (var fulfilment in order.Document.FulfilmentOrders)
            {
                foreach (var line in fulfilment.Lines.Where(l => l.Remaining > 0))
                {
                    Assert.True(line.ReservationId.Length > 0, $"{order.Id} {fulfilment.Id} {line.LineId}: {line.Remaining} unit(s) at {fulfilment.LocationId} without a reservation");
                    var key = (line.Sku, fulfilment.LocationId);
                    expectedHeld[key] = expectedHeld.GetValueOrDefault(key) + line.Remaining;
                    named.Add(line.ReservationId);
                }
            }

            var atLocations = order.Document.FulfilmentOrders.Sum(f => f.Remaining);
            var inLocationStates = order.Document.Lines.Sum(l => l.In(LineState.Allocated) + l.In(LineState.Released) + l.In(LineState.Picked));
            Assert.True(atLocations == inLocationStates, $"{order.Id}: {inLocationStates} unit(s) Allocated/Released/Picked but fulfilment orders have {atLocations}");

            foreach (var shipment in order.Document.Shipments)
            {
                foreach (var line in shipment.Lines)
                {
                    var key = (order.Document.Lines.Single(l => l.LineId == line.LineId).Sku, shipment.LocationId);
                    shipped[key] = shipped.GetValueOrDefault(key) + line.Quantity;
                }
            }
        }

        var live = world.Inventory.LiveHolds();
        Assert.All(live, h => Assert.True(named.Contains(h.ReservationId), $"hold {h.ReservationId} ({h.Sku} x{h.Quantity} at {h.LocationId}, request {h.RequestId}) is named by no order"));
        var actualHeld = live.GroupBy(h => (h.Sku, h.LocationId)).ToDictionary(g => g.Key, g => g.Sum(h => h.Quantity));
        Assert.Equal(Sorted(expectedHeld), Sorted(actualHeld));
        var committed = world.Inventory.AllHolds().Where(h => h.State == TestInventory.HoldState.Committed)
            .GroupBy(h => (h.Sku, h.LocationId)).ToDictionary(g => g.Key, g => g.Sum(h => h.Quantity));
        Assert.Equal(Sorted(shipped), Sorted(committed));
    }

    private static List<string> Sorted(Dictionary<(string Sku, string LocationId), int> byKey) =>
        byKey.Where(kv => kv.Value != 0).Select(kv => $"{kv.Key.Sku}@{kv.Key.LocationId}={kv.Value}").Order(StringComparer.Ordinal).ToList();
}
