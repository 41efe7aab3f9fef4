using Sourcing.Orders.Returns;
using Xunit.Abstractions;
using static Sourcing.Orders.Tests.Returns.ReturnWorld;

namespace Sourcing.Orders.Tests.Returns;

/// <summary>
/// Random returns work from several concurrent callers on a few shipped orders — authorise, drop off, receive with
/// random grades, cancel, deadlines with the clock moving, crashes right after a restock — checking after every step
/// what must always hold, and at the end (after the reconciler) that stock and refunds match what was received.
/// </summary>
public sealed class ReturnInvariantTests(ITestOutputHelper output)
{
    private static readonly string[] Orders = ["O-1", "O-2", "O-3"];

    [Fact]
    public async Task RandomConcurrentReturnWork_KeepsReturnedStockAndRefundInvariants()
    {
        var seed = Environment.GetEnvironmentVariable("RETURNS_SEED") is { } fixedSeed ? int.Parse(fixedSeed) : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set RETURNS_SEED to replay)");
        var world = new ReturnWorld();
        world.Policy.DecideWith = request => (request.RequestedVia == "store", request.RequestedVia == "call-centre");
        await world.ShippedOrderAsync("O-1", [6, 4]);
        await world.ShippedOrderAsync("O-2", [8], delivered: false);
        await world.ShippedOrderAsync("O-3", [3, 3, 2]);

        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() => WorkAsync(world, new Random(seed + w), seed))).ToList();
        await Task.WhenAll(workers);

        world.Stock.CrashAfterNextApply = false;
        foreach (var orderId in Orders)
        {
            await world.Service.ReconcileAsync(orderId, None);
        }

        foreach (var orderId in Orders)
        {
            var order = await world.OrderAsync(orderId);
            await CheckAsync(world, order, seed);
            Assert.False(order.ReturnsWorkLeft, $"seed {seed}: {orderId} has returns' work left after reconciling");
            var resellable = order.Document.Returns.Where(r => r.Kind != ReturnKind.Repair)
                .SelectMany(r => r.Receipts.SelectMany(x => x.Units.Where(u => u.Grade == UnitGrade.Resellable).Select(u => (x.LocationId, order.Line(u.LineId).Sku, u.Quantity))));
            foreach (var perSku in resellable.GroupBy(u => (u.LocationId, u.Sku)))
            {
                var applied = world.Stock.Applied.Where(a => a.Key.StartsWith("rma_") && order.Document.Returns.Any(r => a.Key.StartsWith(r.Id + ":")) && a.Value.Sku == perSku.Key.Sku && a.Value.LocationId == perSku.Key.LocationId).Sum(a => a.Value.Quantity);
                Assert.True(perSku.Sum(u => u.Quantity) == applied, $"seed {seed}: {orderId} received {perSku.Sum(u => u.Quantity)} resellable {perSku.Key} but {applied} were restocked");
            }
        }

        var all = new List<ReturnAuthorisation>();
        foreach (var orderId in Orders)
        {
            all.AddRange((await world.OrderAsync(orderId)).Document.Returns);
        }

        output.WriteLine($"{all.Count} returns: " + string.Join(", ", all.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key}")) +
                         $"; {world.Stock.Applied.Count} restocks, {world.Settlement.CreditNotes} credit notes");
        Assert.True(all.Count(r => r.Receipts.Count > 0) > 0, $"seed {seed}: nothing was received; the run proves little");

        var refunds = new List<ReturnRefund>();
        foreach (var orderId in Orders)
        {
            refunds.AddRange((await world.OrderAsync(orderId)).Document.Returns.SelectMany(r => r.Refunds));
        }

        Assert.All(refunds, r => Assert.True(r.Status == RefundStatus.Issued && r.CreditNoteId.Length > 0, $"seed {seed}: refund {r.RefundId} has no credit note"));
        Assert.Equal(refunds.Count, refunds.Select(r => r.CreditNoteId).Distinct().Count());
        Assert.Equal(refunds.Count, world.Settlement.CreditNotes);
        Assert.All(world.Settlement.IssueCalls, calls => Assert.Equal(1, calls.Value));
    }

    private async Task WorkAsync(ReturnWorld world, Random random, int seed)
    {
        for (var step = 0; step < 40; step++)
        {
            var orderId = Orders[random.Next(Orders.Length)];
            var order = await world.OrderAsync(orderId);
            var open = order.Document.Returns.Where(r => r.IsOpen).ToList();
            var rma = open.Count > 0 ? open[random.Next(open.Count)] : null;
            var action = random.Next(100);
            try
            {
                switch (action)
                {
                    case < 35:
                        var lines = order.Document.Lines.Where(_ => random.Next(2) == 0).DefaultIfEmpty(order.Document.Lines[0])
                            .Select(l => new ReturnLineRequest(l.LineId, random.Next(1, 3), ReturnReason.DoesNotFit, "", "")).ToList();
                        var kind = random.Next(10) switch { < 6 => ReturnKind.Refund, < 8 => ReturnKind.Exchange, _ => ReturnKind.Replacement };
                        var via = new[] { "web", "store", "call-centre" }[random.Next(3)];
                        await world.Service.AuthoriseAsync(new AuthoriseReturnCommand(orderId, Guid.NewGuid().ToString(), kind, via, lines, null, RefundDestination.OriginalPayment, null), Agent, None);
                        break;
                    case < 50 when rma is not null:
                        await world.Service.RecordDropOffAsync(new DropOffCommand(rma.Number, ReturnService.CarrierDropOff, world.Clock.GetUtcNow()), Agent, None);
                        break;
                    case < 80 when rma is not null:
                        var line = rma.Lines[random.Next(rma.Lines.Count)];
                        world.Stock.CrashAfterNextApply = random.Next(8) == 0;
                        await world.Service.ReceiveAsync(new ReceiveReturnCommand(rma.Number, Guid.NewGuid().ToString(), random.Next(2) == 0 ? "WH-1" : "STORE-1",
                            [new ReceivedUnits(line.LineId, (UnitGrade)random.Next(1, 5), random.Next(1, line.Outstanding + 2), "")]), Agent, None);
                        break;
                    case < 88 when rma is not null:
                        await world.Service.CancelAsync(rma.Number, "random", Agent, None);
                        break;
                    case < 95:
                        world.Clock.Advance(TimeSpan.FromDays(random.Next(0, 6)));
                        await world.Service.ProcessDeadlinesAsync(20, None);
                        break;
                    default:
                        await world.Service.ReconcileAsync(orderId, None);
                        break;
                }
            }
            catch (OrderStateException expected) when (expected.Code is "RETURN_EXCEEDS_SHIPPED" or "RECEIPT_EXCEEDS_AUTHORISED" or "RETURN_NOT_OPEN"
                                                       or "RETURN_ALREADY_RECEIVED" or "RETURN_STATE" or "TOO_MANY_RETURNS" or "TOO_MANY_RECEIPTS")
            {
            }
            catch (OrderConcurrencyException)
            {
            }
            catch (ReturnCrash)
            {
            }

            foreach (var checkedId in Orders)
            {
                await CheckAsync(world, await world.OrderAsync(checkedId), seed);
            }
        }
    }

    /// <summary>What holds for every stored version of an order, whatever runs concurrently.</summary>
    private static Task CheckAsync(ReturnWorld world, Order order, int seed)
    {
        var applied = world.Stock.Applied;
        foreach (var line in order.Document.Lines)
        {
            var returned = line.In(LineState.Returned);
            var shippedOrLater = line.In(LineState.Shipped) + line.In(LineState.Delivered) + returned;
            var comingBack = order.Document.Returns.Where(r => r.IsOpen)
                .SelectMany(r => r.Lines.Where(l => l.LineId == line.LineId).Select(l => r.Kind == ReturnKind.Repair ? l.Quantity : l.Outstanding)).Sum();
            var received = order.Document.Returns.Where(r => r.Kind != ReturnKind.Repair).SelectMany(r => r.Lines.Where(l => l.LineId == line.LineId)).Sum(l => l.Received);
            var where = $"seed {seed}: {order.Id}/{line.LineId} ({Order.Describe(line)}, open returns bring back {comingBack})";
            Assert.True(shippedOrLater == line.Quantity, where);
            Assert.True(returned <= shippedOrLater, where);
            Assert.True(comingBack + returned <= shippedOrLater, where);
            Assert.True(received == returned, $"{where}: received {received}");
        }

        foreach (var rma in order.Document.Returns)
        {
            Assert.All(rma.Lines, l => Assert.True(l.Received <= l.Quantity && l.Refunded <= l.Quantity, $"seed {seed}: {rma.Number} line {l.LineId}"));
            foreach (var units in rma.Receipts.SelectMany(r => r.Units).Where(u => u.Restocked))
            {
                Assert.True(applied.TryGetValue(units.StockRequestId, out var adjustment) && adjustment.Quantity == units.Quantity,
                    $"seed {seed}: {units.StockRequestId} is marked restocked but the stock has {adjustment.Quantity}");
            }

            Assert.All(rma.Refunds.Where(r => r.Status == RefundStatus.Issued), r => Assert.NotEmpty(r.CreditNoteId));
        }

        return Task.CompletedTask;
    }
}
