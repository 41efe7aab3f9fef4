using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Npgsql;
using Sourcing.V1;

namespace Sourcing.Benchmarks.Returns;

/// <summary>
/// Delivered orders for the returns report: one real 2-line order (1 + 2 units) created through the host, shipped in
/// full and reported delivered, then its row copied in one INSERT … SELECT under new ids (the document's order id
/// replaced, the external number made unique), like the list-orders report seeds. Copies have no history rows; the
/// store continues a history from whatever it holds.
/// </summary>
internal static class ReturnSeed
{
    public static List<string> DeliveredOrders(ReturnBenchFixture fixture, int count)
    {
        var clock = Stopwatch.StartNew();
        var templateId = DeliveredTemplate(fixture);
        using var connection = fixture.OpenConnection();
        using (var copy = new NpgsqlCommand(
            """
            INSERT INTO orders (order_id, channel, external_order_number, customer_id, status, total_minor, currency, created_at, updated_at,
                                version, unfinished, backordered_skus, earliest_hold_expiry, document)
            SELECT 'O-rseed-' || lpad(g::text, 8, '0'), channel, external_order_number || '-' || g, customer_id, status, total_minor, currency,
                   created_at, updated_at, 1, unfinished, backordered_skus, earliest_hold_expiry,
                   replace(document::text, $1, 'O-rseed-' || lpad(g::text, 8, '0'))::jsonb
            FROM orders, generate_series(1, $2) AS g
            WHERE order_id = $1
            """, connection) { CommandTimeout = 600 })
        {
            copy.Parameters.AddWithValue(templateId);
            copy.Parameters.AddWithValue(count);
            copy.ExecuteNonQuery();
        }

        using (var analyze = new NpgsqlCommand("ANALYZE orders", connection) { CommandTimeout = 600 })
        {
            analyze.ExecuteNonQuery();
        }

        Console.Error.WriteLine($"seeded {count:N0} delivered orders in {clock.Elapsed.TotalSeconds:0} s");
        return Enumerable.Range(1, count).Select(i => $"O-rseed-{i:D8}").ToList();
    }

    /// <summary>Creates the 2-line template order, ships every fulfilment order in full and reports each shipment delivered.</summary>
    private static string DeliveredTemplate(ReturnBenchFixture fixture)
    {
        var order = fixture.Host.Orders.CreateOrder(ReturnBenchFixture.TemplateOrder());
        foreach (var fulfilment in order.FulfilmentOrders)
        {
            var confirm = new ConfirmShipmentRequest
            {
                OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "T-" + fulfilment.FulfilmentOrderId,
            };
            confirm.Lines.AddRange(fulfilment.Lines.Where(l => l.Remaining > 0).Select(l => new LineQuantity { LineId = l.LineId, Quantity = l.Remaining }));
            var shipped = fixture.Host.Orders.ConfirmShipment(confirm);
            fixture.Host.Orders.RecordDeliveryEvent(new RecordDeliveryEventRequest
            {
                OrderId = order.OrderId, ShipmentId = shipped.ShipmentId, Outcome = DeliveryOutcome.Delivered,
                OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
            });
        }

        return order.OrderId;
    }
}
