using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Orders;

/// <summary>Capture over gRPC: repeats, conflicts and bad input, checked against the stock the order holds.</summary>
[Collection(RedisCollection.Name)]
public sealed class CreateOrderTests(RedisFixture redis)
{
    [Fact]
    public async Task CreateOrder_SameRequestIdSameBody_ReturnsTheSameOrderAndHoldsNothingMore()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var request = OrderTestBed.NewOrder("repeat-1");

        var first = await bed.Web.CreateOrderAsync(request);
        var second = await bed.Web.CreateOrderAsync(request);

        Assert.Equal(OrderStatus.InFulfilment, first.Status);
        Assert.Equal(first.OrderId, second.OrderId);
        Assert.Equal(first.Version, second.Version);
        Assert.Equal(2, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);
        Assert.Equal(1, (await bed.StockAsync(OrderTestBed.Stove, "ST-BERLIN")).Reserved);
        Assert.Single((await bed.Web.ListOrdersAsync(new ListOrdersRequest())).Orders);
    }

    [Fact]
    public async Task CreateOrder_SameRequestIdDifferentBody_IsAlreadyExistsAndChangesNothing()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var first = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("repeat-2"));
        var different = OrderTestBed.NewOrder("repeat-2");
        different.Lines[0].Quantity = 5;

        var refused = await RpcAssert.StatusAsync(StatusCode.AlreadyExists, () => bed.Web.CreateOrderAsync(different).ResponseAsync);

        Assert.Equal("REQUEST_ID_REUSED", refused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal(2, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);
        Assert.Equal(first.OrderId, Assert.Single((await bed.Web.ListOrdersAsync(new ListOrdersRequest())).Orders).OrderId);
    }

    [Fact]
    public async Task CreateOrder_ExternalNumberTaken_IsAlreadyExistsNamingTheOrder()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var first = await bed.Web.CreateOrderAsync(OrderTestBed.NewOrder("ext-1"));
        var again = OrderTestBed.NewOrder("ext-2");
        again.ExternalOrderNumber = "WEB-ext-1";

        var refused = await RpcAssert.StatusAsync(StatusCode.AlreadyExists, () => bed.Web.CreateOrderAsync(again).ResponseAsync);

        var info = refused.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.Equal("EXTERNAL_ORDER_NUMBER_TAKEN", info?.Reason);
        Assert.Equal(first.OrderId, info?.Metadata["order_id"]);
        Assert.Equal(2, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);
    }

    [Fact]
    public async Task CreateOrder_BadFields_AreInvalidArgumentNamingEachFieldAndCreateNothing()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var cases = new (string Field, Action<CreateOrderRequest> Spoil)[]
        {
            ("request_id", r => r.RequestId = "has space"),
            ("external_order_number", r => r.ExternalOrderNumber = "WEB-1\n"),
            ("customer.id", r => r.Customer.Id = new string('c', 129)),
            ("currency", r => r.Currency = "eur"),
            ("lines[0].quantity", r => r.Lines[0].Quantity = 0),
            ("lines[1].quantity", r => r.Lines[1].Quantity = 100_001),
            ("lines[0].unit_price_minor", r => r.Lines[0].UnitPriceMinor = 1_000_000_001),
            ("lines[0].tax_rate_basis_points", r => r.Lines[0].TaxRateBasisPoints = 10_001),
            ("lines[1].line_id", r => r.Lines[1].LineId = "T"),
            ("lines[0].sku", r => r.Lines[0].Sku = "TENT {2P}"),
            ("lines", r => r.Lines.Clear()),
            ("lines", r => r.Lines.AddRange(Enumerable.Range(0, 499).Select(i => new OrderLineInput { LineId = "x" + i, Sku = "SKU-" + i, Quantity = 1 }))),
            ("coordinates", r => r.Coordinates = new GeoPoint { Latitude = double.NaN, Longitude = 13 }),
            ("shipping_address.postal_code", r => { r.Coordinates = null; r.ShippingAddress.PostalCode = "00000"; }),
            ("fraud_score", r => r.FraudScore = 101),
            ("delivery.method", r => r.Delivery.Method = DeliveryMethod.Unspecified),
            ("delivery.pickup_location_id", r => r.Delivery = new OrderDelivery { Method = DeliveryMethod.Pickup, PickupLocationId = "WH-FRANKFURT" }),
            ("shipping_charge_minor", r => r.ShippingChargeMinor = -1),
            ("payment.method", r => r.Payment.Method = new string('p', 33)),
            ("payment.method", r => r.Payment.Method = "bitcoin"),
            ("payment.method", r => r.Payment.Method = "no_charge"),
            ("payment.method", r => r.Payment = null),
            ("payment.reference", r => r.Payment.Reference = ""),
            ("payment.mandate_reference", r => r.Payment = new OrderPayment { Method = "sepa_direct_debit" }),
            ("payment.mandate_reference", r => r.Payment = new OrderPayment { Method = "sepa_direct_debit", MandateReference = new string('m', 36) }),
            ("payment.provider", r => r.Payment.Provider = "adyen\n"),
            ("payment.authorised_minor", r => r.Payment.AuthorisedMinor = -1),
            ("payment.authorisation_expires_at", r => r.Payment.AuthorisationExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(2))),
            ("placed_at", r => r.PlacedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(3))),
        };

        foreach (var (field, spoil) in cases)
        {
            var request = OrderTestBed.NewOrder("bad-" + field.Replace('[', '-').Replace(']', '-').Replace('.', '-'));
            spoil(request);
            var violation = await RpcAssert.InvalidArgumentAsync(field, () => bed.Web.CreateOrderAsync(request).ResponseAsync);
            Assert.False(string.IsNullOrEmpty(violation.Description), field);
        }

        Assert.Empty((await bed.Web.ListOrdersAsync(new ListOrdersRequest())).Orders);
        Assert.Equal(0, (await bed.StockAsync(OrderTestBed.Tent, "ST-BERLIN")).Reserved);
    }

    [Fact]
    public async Task CreateOrder_UnknownPaymentMethod_IsInvalidArgumentListingTheKnownOnes()
    {
        await using var bed = await OrderTestBed.StartAsync(redis, ordersInMemory: true);
        var request = OrderTestBed.NewOrder("bad-method");
        request.Payment.Method = "bitcoin";

        var violation = await RpcAssert.InvalidArgumentAsync("payment.method", () => bed.Web.CreateOrderAsync(request).ResponseAsync);

        foreach (var known in new[] { "card", "wallet", "paypal", "invoice", "prepayment", "sepa_direct_debit", "cod", "in_store" })
        {
            Assert.Contains(known, violation.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CreateOrder_ChannelNotInTheToken_IsPermissionDenied()
    {
        await using var bed = await OrderTestBed.StartAsync(redis);
        var request = OrderTestBed.NewOrder("other-channel");
        request.Channel = "marketplace";

        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => bed.Web.CreateOrderAsync(request).ResponseAsync);

        Assert.Empty((await bed.Admin.ListOrdersAsync(new ListOrdersRequest())).Orders);
    }
}
