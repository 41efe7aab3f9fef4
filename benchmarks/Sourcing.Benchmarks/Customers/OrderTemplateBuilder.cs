using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Sourcing.Benchmarks.Billing;
using Sourcing.Benchmarks.Returns;
using Sourcing.Orders;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Returns;
using Sourcing.Orders.Returns.Settlement;
using Sourcing.Orders.Storage;
using Sourcing.Orders.Storage.InMemory;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// Makes the seed's order templates through the domain, in memory: each order is created by the real
/// <see cref="OrderLifecycle"/> (sourcing answered by a fake that allocates every line at one warehouse and holds at
/// once), shipped and delivered through it, invoiced by the real <see cref="InvoicingService"/> when paid on invoice,
/// and, for a returned one, sent back through the real <see cref="ReturnService"/> with the real
/// <see cref="ReturnSettlement"/> (the refund is a credit note). What the in-memory stores then hold is what the
/// PostgreSQL stores would have been given.
/// </summary>
internal static partial class OrderTemplateBuilder
{
    private static readonly (string Sku, string Category, long PriceMinor, int Grams)[] Catalog =
    [
        ("TRAIL-SHOE-42", "shoes", 8_999, 900), ("RAIN-JACKET-M", "apparel", 12_999, 600), ("MERINO-SOCKS-3", "apparel", 1_899, 150),
        ("TENT-2P", "outdoor", 24_999, 2_400), ("BOTTLE-1L", "outdoor", 1_999, 200), ("DAYPACK-30L", "bags", 8_999, 1_100),
        ("SUN-CAP", "apparel", 1_999, 90), ("GLOVES-L", "apparel", 2_499, 120), ("HEADLAMP", "outdoor", 3_499, 110),
        ("FLEECE-W-S", "apparel", 5_999, 450),
    ];

    /// <summary>How many variants (line counts, articles, payment) each shape gets.</summary>
    public const int VariantsPerShape = 4;

    public static IReadOnlyList<OrderTemplate> BuildAll()
    {
        var world = new World();
        var templates = new List<OrderTemplate>();
        foreach (var shape in Enum.GetValues<OrderShape>())
        {
            for (var variant = 0; variant < VariantsPerShape; variant++)
            {
                templates.Add(Build(world, templates.Count, shape, variant).GetAwaiter().GetResult());
            }
        }

        return templates;
    }

    private static async Task<OrderTemplate> Build(World world, int index, OrderShape shape, int variant)
    {
        var sentinels = OrderSlots.Sentinels(index);
        var orderId = sentinels[OrderSlots.OrderId];
        var invoiced = shape is OrderShape.DeliveredInvoiced or OrderShape.Returned;
        world.Clock.Now = Base;
        var document = NewDocument(sentinels, variant, invoiced ? PaymentMethods.Invoice : variant % 2 == 0 ? PaymentMethods.Card : PaymentMethods.PayPal);
        var order = await world.Lifecycle.CreateAsync(
            new CreateOrderCommand("req-" + orderId, "fp", document, new OrderCustomerIdentity(IdentityKind.Account, sentinels[OrderSlots.Identity])),
            "web", CancellationToken.None);
        if (order.Status != OrderStatus.InFulfilment)
        {
            throw new InvalidOperationException($"Template {index} is {order.Status} after capture, not in fulfilment.");
        }

        if (shape == OrderShape.Cancelled)
        {
            world.Clock.Now = Base.AddMinutes(47);
            order = await world.Lifecycle.CancelAsync(new OrderCommandContext(orderId, "web", null), null, null, "customer changed their mind", CancellationToken.None);
        }
        else if (shape != OrderShape.InFulfilment)
        {
            world.Clock.Now = Base.AddDays(1).AddHours(2);
            foreach (var fulfilment in order.Document.FulfilmentOrders.ToList())
            {
                var (shipped, _) = await world.Lifecycle.ConfirmShipmentAsync(
                    new OrderCommandContext(orderId, "wms:" + fulfilment.LocationId, null), fulfilment.Id, "DHL", sentinels[OrderSlots.Tracking],
                    fulfilment.Lines.Where(l => l.Remaining > 0).Select(l => new LineQuantity(l.LineId, l.Remaining)).ToList(), CancellationToken.None);
                order = shipped;
            }

            if (invoiced)
            {
                await world.Invoicing.IssueForOrderAsync(orderId, CancellationToken.None);
            }

            if (shape != OrderShape.Shipped)
            {
                world.Clock.Now = Base.AddDays(3).AddHours(1);
                foreach (var shipment in order.Document.Shipments.ToList())
                {
                    order = await world.Lifecycle.RecordDeliveryAsync(
                        new OrderCommandContext(orderId, "carrier:dhl", null), shipment.Id, true, world.Clock.Now.AddMinutes(-30), "handed to the customer", CancellationToken.None);
                }
            }

            if (shape == OrderShape.Returned)
            {
                order = await ReturnEverything(world, order);
            }
        }

        if (shape == OrderShape.Returned && order.Document.Returns.Count != 1)
        {
            throw new InvalidOperationException($"Template {index} has {order.Document.Returns.Count} returns, not 1.");
        }

        return await Cut(world, index, shape, order, sentinels);
    }

    private static async Task<Order> ReturnEverything(World world, Order order)
    {
        var caller = new ReturnCaller("web", null, null, null, MayOverridePolicy: false, MayDecideRefunds: false);
        world.Clock.Now = Base.AddDays(12).AddHours(3);
        var lines = order.Document.Lines.Select(l => new ReturnLineRequest(l.LineId, l.Quantity, ReturnReason.DoesNotFit, "", "")).ToList();
        var authorised = await world.Returns.AuthoriseAsync(
            new AuthoriseReturnCommand(order.Id, "rma-req-" + order.Id, ReturnKind.Refund, "web", lines, null, RefundDestination.OriginalPayment, null),
            caller, CancellationToken.None);
        world.Clock.Now = Base.AddDays(16).AddHours(2);
        await world.Returns.ReceiveAsync(
            new ReceiveReturnCommand(authorised.Return.Id, "receipt-" + authorised.Return.Id, OneWarehouseRouting.LocationId,
                order.Document.Lines.Select(l => new ReceivedUnits(l.LineId, UnitGrade.Resellable, l.Quantity, "")).ToList()),
            caller, CancellationToken.None);
        return await world.Orders.GetAsync(order.Id, CancellationToken.None) ?? throw new InvalidOperationException("The returned template vanished.");
    }

    private static OrderDocument NewDocument(string[] sentinels, int variant, string paymentMethod)
    {
        var lineCount = variant % 3 + 1;
        var lines = Enumerable.Range(0, lineCount).Select(i =>
        {
            var (sku, category, price, grams) = Catalog[(variant * 3 + i * 7) % Catalog.Length];
            return new OrderLine
            {
                LineId = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Sku = sku, Quantity = 1 + (variant + i) % 2, UnitPriceMinor = price,
                TaxRateBasisPoints = 1900, WeightGrams = grams, Category = category,
            };
        }).ToList();
        var goods = lines.Sum(l => l.UnitPriceMinor * l.Quantity);
        var shipping = goods >= 5_000 ? 0 : 495;
        var card = paymentMethod != PaymentMethods.Invoice;
        return new OrderDocument
        {
            OrderId = sentinels[OrderSlots.OrderId],
            Channel = "web",
            ExternalOrderNumber = sentinels[OrderSlots.ExternalNumber],
            Customer = new OrderCustomer { Id = sentinels[OrderSlots.CustomerId], Segment = sentinels[OrderSlots.Segment], Email = sentinels[OrderSlots.Email], Phone = sentinels[OrderSlots.Phone] },
            ShippingAddress = new PostalAddress { Name = sentinels[OrderSlots.ShipName], Street = sentinels[OrderSlots.ShipStreet], PostalCode = sentinels[OrderSlots.ShipPostalCode], City = sentinels[OrderSlots.ShipCity] },
            BillingAddress = new PostalAddress { Name = sentinels[OrderSlots.BillName], Street = sentinels[OrderSlots.BillStreet], PostalCode = sentinels[OrderSlots.BillPostalCode], City = sentinels[OrderSlots.BillCity] },
            Currency = "EUR",
            ShippingChargeMinor = shipping,
            PaymentMethod = paymentMethod,
            PaymentReference = card ? sentinels[OrderSlots.PaymentReference] : "",
            PaymentProvider = paymentMethod == PaymentMethods.Card ? "adyen" : paymentMethod == PaymentMethods.PayPal ? "paypal" : "",
            AuthorisedMinor = card ? goods + shipping : 0,
            AuthorisationExpiresAt = card ? Base.AddDays(7) : null,
            FraudScore = 5 + variant,
            PlacedAt = Base.AddSeconds(-40),
            Lines = lines,
        };
    }

    /// <summary>The order as the in-memory stores hold it now, cut into templates (with the random ids made sentinels).</summary>
    private static async Task<OrderTemplate> Cut(World world, int index, OrderShape shape, Order order, string[] sentinels)
    {
        var customerId = sentinels[OrderSlots.CustomerId];
        var documents = await world.Billing.ListDocumentsAsync(customerId, order.Id, 10, CancellationToken.None);
        var invoice = documents.SingleOrDefault(d => d.Kind == BillingDocumentKind.Invoice);
        var creditNote = documents.SingleOrDefault(d => d.Kind == BillingDocumentKind.CreditNote);
        if ((shape is OrderShape.DeliveredInvoiced or OrderShape.Returned) != (invoice is not null) || (shape == OrderShape.Returned) != (creditNote is not null))
        {
            throw new InvalidOperationException($"Template {index} ({shape}) has invoice {invoice?.Number ?? "none"} and credit note {creditNote?.Number ?? "none"}.");
        }

        if (order.Document.Returns.FirstOrDefault() is { } rma)
        {
            sentinels[OrderSlots.ReturnId] = rma.Id;
            sentinels[OrderSlots.ReturnNumber] = rma.Number;
        }

        if (invoice is not null)
        {
            sentinels[OrderSlots.InvoiceId] = invoice.Id;
            sentinels[OrderSlots.InvoiceNumber] = invoice.Number;
        }

        if (creditNote is not null)
        {
            sentinels[OrderSlots.CreditNoteId] = creditNote.Id;
            sentinels[OrderSlots.CreditNoteNumber] = creditNote.Number;
        }

        order = await world.Orders.GetAsync(order.Id, CancellationToken.None) ?? throw new InvalidOperationException($"Template {index} vanished.");
        var json = OrderJson.Serialize(order.Document);
        var history = await world.Orders.GetHistoryAsync(order.Id, CancellationToken.None);
        var account = await world.Billing.GetAccountAsync(customerId, CancellationToken.None);
        var billingEvents = (await world.Billing.ReadFeedAsync(0, 10_000, null, CancellationToken.None)).Select(e => e.Event).Where(e => e.CustomerId == customerId).ToList();

        // Every other id the domain drew at random (refunds, stock actions …) gets a slot of its own, so each copy has its own.
        var randomIds = new List<string>();
        foreach (var text in new[] { json, BillingJson.Serialize(documents), BillingJson.Serialize(billingEvents), BillingJson.Serialize(account?.Items ?? []) }
                     .Concat(history.SelectMany(e => new[] { e.Event.Actor, e.Event.Reason, e.Event.Detail })))
        {
            foreach (Match match in RandomId().Matches(text))
            {
                if (!sentinels.Contains(match.Value) && !randomIds.Contains(match.Value))
                {
                    randomIds.Add(match.Value);
                }
            }
        }

        sentinels = [.. sentinels, .. randomIds];
        var events = history.Select(e => new TemplateEvent(
            e.Event.Type, e.Event.OccurredAt - Base, new TextTemplate(e.Event.Actor, sentinels, Base), new TextTemplate(e.Event.Reason, sentinels, Base),
            new TextTemplate(e.Event.Detail, sentinels, Base))).ToList();
        var projection = order.Project();
        if (account is not null && account.Payments.Count > 0)
        {
            throw new InvalidOperationException($"Template {index} has payments on its account; the seed does not write payments.");
        }

        var lastChange = history.Max(e => e.Event.OccurredAt);
        return new OrderTemplate
        {
            Index = index,
            Shape = shape,
            Document = new JsonTemplate(json, sentinels, Base),
            Projection = projection,
            Version = order.Version,
            UpdatedOffset = order.Document.UpdatedAt - Base,
            HoldExpiryOffset = projection.EarliestHoldExpiry - Base,
            Span = lastChange - Base,
            Events = events,
            Returns = projection.Returns.Count > 0 ? new JsonTemplate(System.Text.Json.JsonSerializer.Serialize(projection.Returns, OrderJson.Options), sentinels, Base) : null,
            Documents = documents.Select(d => new TemplateDocument(
                d.Kind, d.Series, d.Kind == BillingDocumentKind.Invoice ? OrderSlots.InvoiceId : OrderSlots.CreditNoteId,
                d.Kind == BillingDocumentKind.Invoice ? OrderSlots.InvoiceNumber : OrderSlots.CreditNoteNumber,
                new TextTemplate(d.SourceKey, sentinels, Base), d.Currency, d.GrossTotalMinor, d.IssuedAt - Base, new JsonTemplate(BillingJson.Serialize(d), sentinels, Base))).ToList(),
            OpenItem = account?.Items.SingleOrDefault() is { } item ? new JsonTemplate(BillingJson.Serialize(item), sentinels, Base) : null,
            BillingEvents = billingEvents.Count > 0 ? new JsonTemplate(BillingJson.Serialize(billingEvents), sentinels, Base) : null,
            AccountChanges = (int)(account?.Header.Version ?? 0),
            Buyer = account is null ? null : new JsonTemplate(BillingJson.Serialize(account.Header.Buyer), sentinels, Base),
            RequestFingerprint = "fp",
            RandomIdPrefixes = [.. randomIds.Select(id => id[..(id.IndexOf('_') + 1)])],
        };
    }

    [GeneratedRegex("[a-z]+_[0-9a-f]{32}")]
    private static partial Regex RandomId();

    /// <summary>Every template is built at this time (a Monday, 06:00 UTC); copies move it.</summary>
    public static readonly DateTimeOffset Base = new(2000, 1, 3, 6, 0, 0, TimeSpan.Zero);

    /// <summary>The in-memory stores and services the templates are made with.</summary>
    private sealed class World
    {
        public World()
        {
            Lifecycle = new OrderLifecycle(Orders, new OneWarehouseSourcing(Clock), Clock, NoOrderFaults.Instance, NullLogger<OrderLifecycle>.Instance);
            var billingOptions = BillingDatabase.Options();
            Invoicing = new InvoicingService(Billing, Orders, billingOptions, Clock, NullLogger<InvoicingService>.Instance);
            var returnOptions = new ReturnOptions();
            var settlement = new ReturnSettlement(Billing, Invoicing, Lifecycle, billingOptions, returnOptions, Clock, NullLogger<ReturnSettlement>.Instance);
            Returns = new ReturnService(
                Orders, new AllowAllReturnPolicy(), new OneWarehouseRouting(), new CountingReturnStock(), settlement, returnOptions, Clock,
                NullLogger<ReturnService>.Instance);
        }

        public ManualClock Clock { get; } = new();
        public InMemoryOrderStore Orders { get; } = new();
        public InMemoryBillingStore Billing { get; } = new();
        public OrderLifecycle Lifecycle { get; }
        public InvoicingService Invoicing { get; }
        public ReturnService Returns { get; }
    }
}

/// <summary>A clock the template builder sets to each step's time.</summary>
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Sourcing for the templates: every line from one of five warehouses, every hold taken at once (30 minutes).</summary>
internal sealed class OneWarehouseSourcing(TimeProvider clock) : IOrderSourcing
{
    public Task<SourcingProposal> ProposeAsync(OrderDocument order, IReadOnlyList<(OrderLine Line, int Quantity)> units, CancellationToken cancellationToken)
    {
        var location = "WH-" + (1 + Math.Abs(units.Sum(u => u.Line.Sku.Length * 31 + u.Quantity)) % 5);
        var plan = new SourcingRecord
        {
            RulesVersion = "rules-2026-11-28",
            SolverStatus = "OPTIMAL",
            SolverMethod = "greedy",
            TotalCostMinor = 450 + 90 * units.Sum(u => u.Quantity),
            Allocations = units.Select(u => new PlannedUnits { LineId = u.Line.LineId, LocationId = location, Quantity = u.Quantity }).ToList(),
            Explanation = [.. units.Select(u => $"line {u.Line.LineId}: {location}, one shipment, lower bound met")],
        };
        return Task.FromResult(new SourcingProposal([], plan));
    }

    public Task<HeldStock?> HoldAsync(string channel, string holdRequestId, string sku, string locationId, int quantity, CancellationToken cancellationToken) =>
        Task.FromResult<HeldStock?>(new HeldStock("res:" + holdRequestId, clock.GetUtcNow().AddMinutes(30)));

    public Task ReleaseAsync(string reservationId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CommitAsync(string reservationId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> IsHeldAsync(string reservationId, CancellationToken cancellationToken) => Task.FromResult(true);
}
