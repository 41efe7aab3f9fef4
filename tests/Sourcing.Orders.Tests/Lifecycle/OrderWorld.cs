using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Orders.Tests.Lifecycle;

/// <summary>One store, one inventory and one clock, with lifecycles over them (a crashed one and a fresh one share them).</summary>
internal sealed class OrderWorld
{
    public FakeTimeProvider Clock { get; } = new(TestOrders.T0);

    public InMemoryOrderStore Store { get; } = new();

    public TestInventory Inventory { get; }

    public OrderLifecycle Lifecycle { get; }

    public OrderWorld(IOrderFaults? faults = null)
    {
        Inventory = new TestInventory(Clock);
        Lifecycle = NewLifecycle(faults);
    }

    public OrderLifecycle NewLifecycle(IOrderFaults? faults = null) =>
        new(Store, Inventory, Clock, faults ?? NoOrderFaults.Instance, NullLogger<OrderLifecycle>.Instance);

    public OrderReconciler NewReconciler() => new(Store, NewLifecycle(), Clock);

    private int _orders;

    public CreateOrderCommand Command(string requestId, params (string LineId, string Sku, int Quantity)[] lines)
    {
        var document = TestOrders.Document($"O-{++_orders}", lines);
        document.ExternalOrderNumber = "EXT-" + requestId;
        return new CreateOrderCommand(requestId, "fp-" + requestId, document);
    }

    public async Task<Order> CreateAsync(string requestId, params (string LineId, string Sku, int Quantity)[] lines) =>
        await Lifecycle.CreateAsync(Command(requestId, lines), "web-shop", CancellationToken.None);

    public async Task<Order> GetAsync(string orderId) =>
        await Store.GetAsync(orderId, CancellationToken.None) ?? throw new OrderNotFoundException(orderId);

    public static OrderCommandContext As(string orderId, string actor = "store-1") => new(orderId, actor, null);
}
