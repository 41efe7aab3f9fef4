using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Orders.Tests.Returns;

/// <summary>One in-memory order store, one clock and fake ports, with shipped orders to return and services over them.</summary>
internal sealed class ReturnWorld
{
    public static readonly CancellationToken None = CancellationToken.None;

    public FakeTimeProvider Clock { get; } = new(TestOrders.T0);
    public InMemoryOrderStore Memory { get; } = new();

    /// <summary>The store the services use: the in-memory one, with a script a test may run before each save.</summary>
    public ScriptedOrderStore Store { get; }
    public FakeReturnPolicy Policy { get; } = new();
    public FakeReturnRouting Routing { get; } = new();
    public FakeReturnStock Stock { get; } = new();
    public FakeReturnSettlement Settlement { get; } = new();
    public ReturnOptions Options { get; } = new();
    public ReturnService Service { get; }

    public ReturnWorld()
    {
        Store = new ScriptedOrderStore(Memory);
        Service = NewService();
    }

    public ReturnService NewService(IReturnSettlement? settlement = null) =>
        new(Store, Policy, Routing, Stock, settlement ?? Settlement, Options, Clock, NullLogger<ReturnService>.Instance);

    /// <summary>A customer agent of the web channel: may override the policy and decide refunds.</summary>
    public static readonly ReturnCaller Agent = new("agent-1", null, null, null, MayOverridePolicy: true, MayDecideRefunds: true);

    public static readonly ReturnCaller WebShop = new("web-shop", new HashSet<string> { "web" }, null, null, false, false);

    public static ReturnCaller Clerk(string locationId) => new("clerk@" + locationId, null, new HashSet<string> { locationId }, null, false, false);

    public static ReturnCaller Customer(string customerId) => new(customerId, null, null, customerId, false, false);

    /// <summary>
    /// Stores an order of channel "web" for customer C-1 whose lines (L1, L2, … of SKU-1, SKU-2, … by default) were all
    /// shipped by DHL at T0 and, when <paramref name="delivered"/>, delivered the same day.
    /// </summary>
    public async Task<Order> ShippedOrderAsync(string orderId, int[] quantities, bool delivered = true, string channel = "web", string customerId = "C-1")
    {
        var lines = quantities.Select((q, i) => ($"L{i + 1}", $"SKU-{i + 1}", q)).ToArray();
        var document = TestOrders.Document(orderId, lines);
        document.Channel = channel;
        document.Customer.Id = customerId;
        var order = Order.Create(document, TestOrders.Actor, Clock.GetUtcNow());
        TestOrders.Source(order, lines.Select(l => (l.Item1, "LOC-A", l.Item3)));
        var shipment = order.ConfirmShipment($"{orderId}-F1", "DHL", "T-" + orderId, lines.Select(l => new LineQuantity(l.Item1, l.Item3)).ToList(), TestOrders.Actor, Clock.GetUtcNow());
        foreach (var action in order.Document.PendingStockActions.ToList())
        {
            order.CompleteStockAction(action.Id);
        }

        if (delivered)
        {
            order.RecordDelivery(shipment.Id, true, Clock.GetUtcNow(), "", "carrier", Clock.GetUtcNow());
        }

        await Store.InsertAsync(order, "req-" + orderId, "fp-" + orderId, None);
        return order;
    }

    public static AuthoriseReturnCommand Authorise(string orderId, string requestId, params (string LineId, int Quantity)[] lines) =>
        new(orderId, requestId, ReturnKind.Refund, "web",
            lines.Select(l => new ReturnLineRequest(l.LineId, l.Quantity, ReturnReason.DoesNotFit, "", "")).ToList(),
            null, RefundDestination.OriginalPayment, null);

    public static ReceiveReturnCommand Receive(string number, string requestId, params (string LineId, UnitGrade Grade, int Quantity)[] units) =>
        new(number, requestId, "WH-1", units.Select(u => new ReceivedUnits(u.LineId, u.Grade, u.Quantity, "")).ToList());

    public async Task<Order> OrderAsync(string orderId) =>
        await Store.GetAsync(orderId, None) ?? throw new OrderNotFoundException(orderId);

    public async Task<ReturnAuthorisation> ReturnAsync(string orderId, string returnId) =>
        (await OrderAsync(orderId)).FindReturn(returnId) ?? throw new ReturnNotFoundException(returnId);

    public async Task<IReadOnlyList<string>> HistoryAsync(string orderId) =>
        (await Store.GetHistoryAsync(orderId, None)).Select(e => e.Event.Type).ToList();

    public async Task<bool> UnfinishedAsync(string orderId) =>
        (await Store.FindUnfinishedAsync(Clock.GetUtcNow(), 100, None)).Contains(orderId);
}
