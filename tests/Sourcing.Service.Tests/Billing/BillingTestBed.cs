using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Sourcing.Orders.Billing.BankStatements;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Billing;

/// <summary>
/// The order test bed (real host, real Redis, orders and receivables in a fresh PostgreSQL database unless asked for
/// memory) with BillingService clients for each kind of caller: a finance clerk, the payment integration, a service
/// agent, the web shop and marketplace channels, and customer cust-1 and cust-2 acting for themselves.
/// </summary>
internal sealed class BillingTestBed : IAsyncDisposable
{
    public BillingTestBed(OrderTestBed orders)
    {
        Orders = orders;
        Finance = OrderClient(TestTokens.For("clerk-fiona", ["finance"]));
        FinanceBilling = Client(TestTokens.For("clerk-fiona", ["finance"]));
        Payments = Client(TestTokens.For("psp-bridge", ["payment-integration"]));
        AgentBilling = Client(TestTokens.For("agent-anna", ["service-agent"]));
        WebBilling = Client(TestTokens.For("web-shop", ["channel"], channels: ["web"]));
        MarketplaceBilling = Client(TestTokens.For("marketplace", ["channel"], channels: ["marketplace"]));
        Customer1 = Client(TestTokens.For("cust-1", ["customer"]));
        Customer2 = Client(TestTokens.For("cust-2", ["customer"]));
    }

    public OrderTestBed Orders { get; }

    public OrderService.OrderServiceClient Finance { get; }

    public BillingService.BillingServiceClient FinanceBilling { get; }

    public BillingService.BillingServiceClient Payments { get; }

    public BillingService.BillingServiceClient AgentBilling { get; }

    public BillingService.BillingServiceClient WebBilling { get; }

    public BillingService.BillingServiceClient MarketplaceBilling { get; }

    public BillingService.BillingServiceClient Customer1 { get; }

    public BillingService.BillingServiceClient Customer2 { get; }

    /// <summary>Consumers may owe up to 500.00 € on open invoices: one order by invoice fits, a second while the first is open does not.</summary>
    public const long ConsumerCreditLimitMinor = 50_000;

    public static async Task<BillingTestBed> StartAsync(RedisFixture redis, bool inMemory = false) =>
        new(await OrderTestBed.StartAsync(redis, inMemory, more: Settings()));

    /// <summary>The consumer credit limit, and the scheduled dunning run late in the day so only a test's own run dunns.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Customers:CreditLimitMinorBySegment:consumer"] = ConsumerCreditLimitMinor.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Billing:Dunning:ScheduledHourUtc"] = "23",
    };

    public BillingService.BillingServiceClient BillingClient(string token) => new(Orders.Host.ChannelFor(token));

    /// <summary>The order test bed's web order (two tents, one stove, shipping 4.95 €: 314.92 € in all) paid by <paramref name="method"/>.</summary>
    public static CreateOrderRequest NewOrder(string requestId, string method, string customerId = "cust-1")
    {
        var request = OrderTestBed.NewOrder(requestId);
        request.Customer.Id = customerId;
        request.Payment = method switch
        {
            "card" => new OrderPayment { Method = "card", Reference = "auth-" + requestId, Provider = "adyen", AuthorisedMinor = 32492 },
            "sepa_direct_debit" => new OrderPayment { Method = method, MandateReference = "MANDATE-" + requestId },
            _ => new OrderPayment { Method = method },
        };
        return request;
    }

    /// <summary>Order total of <see cref="NewOrder"/>: 2 × 129.99 + 49.99 + 4.95.</summary>
    public const long OrderTotalMinor = 2 * 12999 + 4999 + 495;

    /// <summary>Accepts the order's only fulfilment order at the Berlin store and ships all of it.</summary>
    public async Task<ConfirmShipmentResponse> ShipAllAsync(Order order)
    {
        var fulfilment = Assert.Single(order.FulfilmentOrders);
        Assert.Equal("ST-BERLIN", fulfilment.LocationId);
        await Orders.BerlinStore.AcceptFulfilmentOrderAsync(new FulfilmentOrderRequest { OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId });
        return await Orders.BerlinStore.ConfirmShipmentAsync(new ConfirmShipmentRequest
        {
            OrderId = order.OrderId, FulfilmentOrderId = fulfilment.FulfilmentOrderId, Carrier = "DHL", TrackingNumber = "JJD-" + order.OrderId[^8..],
            Lines = { fulfilment.Lines.Select(l => new LineQuantity { LineId = l.LineId, Quantity = l.Remaining }) },
        });
    }

    public async Task<BillingDocument> SingleInvoiceAsync(string orderId)
    {
        var documents = await FinanceBilling.ListDocumentsAsync(new ListDocumentsRequest { OrderId = orderId, Kind = BillingDocumentKind.Invoice });
        return Assert.Single(documents.Documents);
    }

    /// <summary>A camt.053 statement with one credit per entry, as a bank would send it.</summary>
    public static byte[] Statement(string statementId, params BankStatementEntry[] entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Camt053Writer(buffer, statementId, "DE02120300000000202051"))
        {
            foreach (var entry in entries)
            {
                writer.WriteCredit(entry);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Uploads a file the way a client does: the name first, then chunks of <paramref name="chunkBytes"/>.</summary>
    public static async Task<ImportBankStatementResponse> ImportAsync(BillingService.BillingServiceClient client, string fileName, byte[] file, int chunkBytes = 64 * 1024)
    {
        using var call = client.ImportBankStatement();
        for (var offset = 0; offset < file.Length; offset += chunkBytes)
        {
            await call.RequestStream.WriteAsync(new ImportBankStatementChunk
            {
                FileName = offset == 0 ? fileName : "",
                Content = ByteString.CopyFrom(file, offset, Math.Min(chunkBytes, file.Length - offset)),
            });
        }

        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private BillingService.BillingServiceClient Client(string token) => new(Orders.Host.ChannelFor(token));

    private OrderService.OrderServiceClient OrderClient(string token) => new(Orders.Host.ChannelFor(token));

    public ValueTask DisposeAsync() => Orders.DisposeAsync();
}
