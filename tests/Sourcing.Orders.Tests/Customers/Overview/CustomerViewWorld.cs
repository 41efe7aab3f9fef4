using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Receivables;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Customers.Overview;
using Sourcing.Orders.Customers.Privacy;
using Sourcing.Orders.Customers.Search;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Orders.Tests.Billing.Invoicing;
using Sourcing.Orders.Tests.Lifecycle;

namespace Sourcing.Orders.Tests.Customers.Overview;

/// <summary>
/// The billing world (real lifecycle, in-memory order and billing stores, real invoicing) with the in-memory customer
/// store and the real directory behind order creation, and the customer view's services over all of it.
/// </summary>
internal sealed class CustomerViewWorld
{
    public static readonly CancellationToken None = CancellationToken.None;

    public static readonly CustomerActor Agent = new("agent-7", "");

    public BillingWorld Billing { get; } = new();

    public InMemoryCustomerStore Customers { get; } = new();

    public IOptions<CustomerOptions> Options { get; } = Microsoft.Extensions.Options.Options.Create(new CustomerOptions());

    public CustomerDirectory Directory { get; }

    /// <summary>Creates orders the way the host does: the directory resolves (and registers) each order's customer.</summary>
    public OrderLifecycle Lifecycle { get; }

    public CustomerViewWorld()
    {
        Directory = new CustomerDirectory(Customers, Clock, Options, NullLogger<CustomerDirectory>.Instance);
        Lifecycle = new OrderLifecycle(Orders, Inventory, Clock, NoOrderFaults.Instance, NullLogger<OrderLifecycle>.Instance, null, Directory);
    }

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => Billing.Orders.Clock;

    public InMemoryOrderStore Orders => Billing.Orders.Store;

    public TestInventory Inventory => Billing.Orders.Inventory;

    public IBillingStore BillingStore => Billing.Billing;

    public CustomerOverviewReader Overview => new(
        Directory, new CustomerFactsReader(Customers, Orders, Options), Orders, BillingStore, Clock, Options);

    public CustomerSearch Search => new(Customers, Orders, BillingStore, Options);

    public CustomerPrivacy Privacy => new(Directory, Customers, Orders, BillingStore, Clock, Options);

    private int _orders;

    /// <summary>
    /// An order of one line L1 (10.00 each) for the customer id, stocked at LOC-{order}, contact data as given; the
    /// directory registers the customer from it when the id is new. Each order is placed a minute after the last.
    /// </summary>
    public async Task<Order> OrderAsync(string customerId, string paymentMethod = PaymentMethods.Card, int quantity = 2, Action<OrderDocument>? contact = null)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        var number = ++_orders;
        var command = Billing.Orders.Command($"cv-{number}", ("L1", $"SKU-{number}", quantity));
        command.Order.Customer.Id = customerId;
        command.Order.PaymentMethod = paymentMethod;
        command.Order.PaymentReference = $"AUTH-{number}";
        command.Order.BillingAddress = new PostalAddress { Name = "Anna Schmidt", Street = "Lindenallee 5", PostalCode = "10115", City = "Berlin" };
        command.Order.ShippingAddress = new PostalAddress { Name = "Anna Schmidt", Street = "Lindenallee 5", PostalCode = "10115", City = "Berlin" };
        command.Order.Customer.Email = "anna.schmidt@example.com";
        command.Order.Customer.Phone = "+49 30 1234567";
        contact?.Invoke(command.Order);
        Inventory.Stock($"SKU-{number}", $"LOC-{number}", quantity);
        return await Lifecycle.CreateAsync(command, "web-shop", None);
    }

    /// <summary>Ships the order's open fulfilment (tracking "T-{fulfilment id}") and issues its invoice.</summary>
    public async Task<BillingDocument> ShipAndInvoiceAsync(Order order)
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Billing.ShipAsync(order.Id, order.Document.FulfilmentOrders.Single().LocationId);
        Clock.Advance(TimeSpan.FromMinutes(1));
        return Assert.Single(await Billing.Invoicing.IssueForOrderAsync(order.Id, None));
    }

    /// <summary>Ships, invoices, captures the invoice in full and records the delivery: nothing is left open.</summary>
    public async Task<BillingDocument> CompletedAsync(Order order, string deliveryNote = "")
    {
        var invoice = await ShipAndInvoiceAsync(order);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Billing.CapturedAsync(invoice, invoice.GrossTotalMinor);
        var shipment = (await GetAsync(order.Id)).Document.Shipments.Single();
        await Billing.Orders.Lifecycle.RecordDeliveryAsync(OrderWorld.As(order.Id, "carrier"), shipment.Id, true, Clock.GetUtcNow(), deliveryNote, None);
        return invoice;
    }

    private int _returns;

    /// <summary>A return of units of L1, authorised through the aggregate and saved with the order.</summary>
    public async Task<ReturnAuthorisation> AuthoriseReturnAsync(string orderId, ReturnKind kind, int quantity, string reasonText = "", string overrideReason = "")
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        var number = ++_returns;
        var rma = new ReturnAuthorisation
        {
            Id = $"rma_cv{number}",
            Number = $"RMA-CV{number:D8}",
            RequestId = $"return-cv{number}",
            Kind = kind,
            RequestedVia = "web",
            ExpiresAt = Clock.GetUtcNow().AddDays(30),
            DestinationLocationId = "WH-1",
            PolicyOverriddenBy = overrideReason.Length > 0 ? "agent-7" : "",
            PolicyOverrideReason = overrideReason,
            Lines = [new ReturnLine { LineId = "L1", Quantity = quantity, Reason = ReturnReason.DoesNotFit, ReasonText = reasonText }],
        };
        await StepAsync(orderId, order => order.AuthoriseReturn(rma, 10, "agent-7", Clock.GetUtcNow()));
        return rma;
    }

    /// <summary>Loads the order, changes it through the aggregate, saves it.</summary>
    public async Task<Order> StepAsync(string orderId, Action<Order> step)
    {
        Clock.Advance(TimeSpan.FromSeconds(10));
        var order = await GetAsync(orderId);
        step(order);
        await Orders.SaveAsync(order, None);
        return await GetAsync(orderId);
    }

    public Task<Order> GetAsync(string orderId) => Billing.Orders.GetAsync(orderId);
}
