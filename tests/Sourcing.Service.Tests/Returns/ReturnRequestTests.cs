using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Returns;

/// <summary>
/// ReturnService's refusals through the real host: bad fields (INVALID_ARGUMENT naming each, nothing changed), the
/// last unit asked for twice at once, a repeated request, and callers acting outside what their token allows.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ReturnRequestTests(RedisFixture redis)
{
    [Fact]
    public async Task AuthoriseReturn_BadFields_AreInvalidArgumentNamingEachFieldAndCreateNothing()
    {
        await using var bed = await ReturnTestBed.StartAsync(redis, inMemory: true);
        var order = await bed.ShippedOrderAsync("bad-rma");
        var cases = new (string Field, Action<AuthoriseReturnRequest> Spoil)[]
        {
            ("request_id", r => r.RequestId = ""),
            ("request_id", r => r.RequestId = "has space"),
            ("request_id", r => r.RequestId = new string('r', 129)),
            ("order_id", r => r.OrderId = ""),
            ("kind", r => r.Kind = ReturnKind.Unspecified),
            ("kind", r => r.Kind = (ReturnKind)42),
            ("requested_via", r => r.RequestedVia = ""),
            ("requested_via", r => r.RequestedVia = "web\n"),
            ("refund_destination", r => r.RefundDestination = RefundDestination.Unspecified),
            ("drop_off_location_id", r => r.DropOffLocationId = "ST BERLIN"),
            ("drop_off_location_id", r => r.DropOffLocationId = "ST-NOWHERE"),
            ("policy_override_reason", r => r.PolicyOverrideReason = new string('x', 501)),
            ("lines", r => r.Lines.Clear()),
            ("lines", r => r.Lines.AddRange(Enumerable.Range(0, 100).Select(i => ReturnTestBed.Line("X" + i, 1)))),
            ("lines[0].line_id", r => r.Lines[0].LineId = ""),
            ("lines[0].line_id", r => r.Lines[0].LineId = "NO-SUCH-LINE"),
            ("lines[1].line_id", r => r.Lines.Add(ReturnTestBed.Line("T", 1))),
            ("lines[0].quantity", r => r.Lines[0].Quantity = 0),
            ("lines[0].quantity", r => r.Lines[0].Quantity = -1),
            ("lines[0].reason", r => r.Lines[0].Reason = ReturnReason.Unspecified),
            ("lines[0].reason_text", r => r.Lines[0].ReasonText = new string('x', 501)),
            ("lines[0].reason_text", r => r.Lines[0].ReasonText = "tab\there"),
            ("lines[0].exchange_sku", r => r.Lines[0].ExchangeSku = "TENT-3P"),
            ("lines[0].exchange_sku", r => { r.Kind = ReturnKind.Exchange; r.Lines[0].ExchangeSku = "TENT {3P}"; }),
        };

        foreach (var (field, spoil) in cases)
        {
            var request = ReturnTestBed.Authorise("bad-" + Guid.NewGuid().ToString("N")[..8], order.OrderId, ReturnKind.Refund, ReturnTestBed.Line("T", 1));
            spoil(request);
            var violation = await RpcAssert.InvalidArgumentAsync(field, () => bed.Agent.AuthoriseReturnAsync(request).ResponseAsync);
            Assert.False(string.IsNullOrEmpty(violation.Description), field);
        }

        Assert.Empty((await bed.Admin.ListReturnsAsync(new ListReturnsRequest())).Returns);
        Assert.Empty((await bed.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId })).Returns);
    }

    [Fact]
    public async Task ReceiveReturn_BadFields_AreInvalidArgumentNamingEachFieldAndChangeNothing()
    {
        await using var bed = await ReturnTestBed.StartAsync(redis, inMemory: true);
        var order = await bed.ShippedOrderAsync("bad-receipt");
        var rma = await bed.Web.AuthoriseReturnAsync(ReturnTestBed.Authorise("rma-bad-receipt", order.OrderId, ReturnKind.Refund, ReturnTestBed.Line("T", 1)));
        var before = await bed.AvailableAsync(OrderTestBed.Tent, "ST-BERLIN");
        var cases = new (string Field, Action<ReceiveReturnRequest> Spoil)[]
        {
            ("return", r => r.Return = ""),
            ("return", r => r.Return = new string('R', 65)),
            ("request_id", r => r.RequestId = ""),
            ("location_id", r => r.LocationId = ""),
            ("location_id", r => r.LocationId = "ST BERLIN"),
            ("units", r => r.Units.Clear()),
            ("units[0].line_id", r => r.Units[0].LineId = ""),
            ("units[0].grade", r => r.Units[0].Grade = UnitGrade.Unspecified),
            ("units[0].quantity", r => r.Units[0].Quantity = 0),
            ("units[0].note", r => r.Units[0].Note = new string('n', 501)),
        };

        foreach (var (field, spoil) in cases)
        {
            var request = ReturnTestBed.Receive("bad-" + Guid.NewGuid().ToString("N")[..8], rma, "ST-BERLIN");
            spoil(request);
            await RpcAssert.InvalidArgumentAsync(field, () => bed.Admin.ReceiveReturnAsync(request).ResponseAsync);
        }

        var more = ReturnTestBed.Receive("too-many", rma, "ST-BERLIN");
        more.Units[0].Quantity = 2;
        var exceeded = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => bed.BerlinStore.ReceiveReturnAsync(more).ResponseAsync);
        Assert.Equal("RECEIPT_EXCEEDS_AUTHORISED", exceeded.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);

        var unchanged = await bed.Admin.GetReturnAsync(new GetReturnRequest { Return = rma.ReturnId });
        Assert.Equal(ReturnStatus.Authorised, unchanged.Status);
        Assert.Empty(unchanged.Receipts);
        Assert.Equal(before, await bed.AvailableAsync(OrderTestBed.Tent, "ST-BERLIN"));
    }

    [Fact]
    public async Task OtherRpcs_BadFields_AreInvalidArgumentNamingTheField()
    {
        await using var bed = await ReturnTestBed.StartAsync(redis, inMemory: true);

        await RpcAssert.InvalidArgumentAsync("return", () => bed.Admin.GetReturnAsync(new GetReturnRequest()).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("page_size", () => bed.Admin.ListReturnsAsync(new ListReturnsRequest { PageSize = 201 }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("page_token", () => bed.Admin.ListReturnsAsync(new ListReturnsRequest { PageToken = "not-a-token" }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("status", () => bed.Admin.ListReturnsAsync(new ListReturnsRequest { Status = (ReturnStatus)99 }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("drop_off_point", () => bed.Admin.RecordDropOffAsync(new RecordDropOffRequest { Return = "RMA-0000000000", DropOffPoint = "" }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("at", () => bed.Admin.RecordDropOffAsync(new RecordDropOffRequest
        {
            Return = "RMA-0000000000", DropOffPoint = "carrier", At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(bed.Clock.GetUtcNow().AddDays(1)),
        }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("reason", () => bed.Agent.CancelReturnAsync(new CancelReturnRequest { Return = "RMA-0000000000" }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("partner_name", () => bed.Agent.SendToRepairPartnerAsync(new SendToRepairPartnerRequest { Return = "RMA-0000000000", PartnerReference = "x" }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("outcome", () => bed.Agent.RecordRepairOutcomeAsync(new RecordRepairOutcomeRequest { Return = "RMA-0000000000" }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("resolution", () => bed.Agent.RecordRepairOutcomeAsync(new RecordRepairOutcomeRequest { Return = "RMA-0000000000", Outcome = RepairOutcome.NotRepairable }).ResponseAsync);
        await RpcAssert.InvalidArgumentAsync("tracking_number", () => bed.Agent.ShipRepairBackAsync(new ShipRepairBackRequest { Return = "RMA-0000000000", Carrier = "DHL" }).ResponseAsync);
        var missing = await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Admin.GetReturnAsync(new GetReturnRequest { Return = "RMA-0000000000" }).ResponseAsync);
        Assert.Equal("Return", missing.GetRpcStatus()?.GetDetail<ResourceInfo>()?.ResourceType);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AuthoriseReturn_TwoCallersForTheLastUnitAtOnce_OneWinsTheOtherIsReturnExceedsShipped(bool inMemory)
    {
        await using var bed = await ReturnTestBed.StartAsync(redis, inMemory);
        var order = await bed.ShippedOrderAsync("last-unit", ReturnTestBed.StoveOnly);

        var calls = Enumerable.Range(0, 2).Select(async i =>
        {
            try
            {
                return (Rma: await bed.Agent.AuthoriseReturnAsync(ReturnTestBed.Authorise("race-" + i, order.OrderId, ReturnKind.Refund, ReturnTestBed.Line("S", 1))), Error: (RpcException?)null);
            }
            catch (RpcException refused)
            {
                return (Rma: (Return?)null, Error: refused);
            }
        }).ToList();
        var results = await Task.WhenAll(calls);

        Assert.Single(results, r => r.Rma is not null);
        var loser = Assert.Single(results, r => r.Error is not null).Error!;
        Assert.Equal(StatusCode.FailedPrecondition, loser.StatusCode);
        Assert.Equal("RETURN_EXCEEDS_SHIPPED", loser.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Single((await bed.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId })).Returns);
    }

    [Fact]
    public async Task AuthoriseReturn_SameRequestIdTwice_SameReturnAndAnotherBodyIsAlreadyExists()
    {
        await using var bed = await ReturnTestBed.StartAsync(redis);
        var order = await bed.ShippedOrderAsync("same-id");
        var request = ReturnTestBed.Authorise("rma-same", order.OrderId, ReturnKind.Refund, ReturnTestBed.Line("T", 1));

        var first = await bed.Web.AuthoriseReturnAsync(request);
        var second = await bed.Web.AuthoriseReturnAsync(request);
        request.Lines[0].Quantity = 2;
        var reused = await RpcAssert.StatusAsync(StatusCode.AlreadyExists, () => bed.Web.AuthoriseReturnAsync(request).ResponseAsync);

        Assert.Equal((first.ReturnId, first.Number), (second.ReturnId, second.Number));
        Assert.Equal("REQUEST_ID_REUSED", reused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Single((await bed.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId })).Returns);
    }

    [Fact]
    public async Task ReturnService_CallersOutsideTheirOrdersOrLocations_NotFoundOrPermissionDenied()
    {
        await using var bed = await ReturnTestBed.StartAsync(redis, inMemory: true);
        var order = await bed.ShippedOrderAsync("access");
        var request = ReturnTestBed.Authorise("rma-access", order.OrderId, ReturnKind.Refund, ReturnTestBed.Line("T", 1));

        var otherChannel = await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Marketplace.AuthoriseReturnAsync(request).ResponseAsync);
        var otherCustomer = await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Customer2.AuthoriseReturnAsync(request).ResponseAsync);
        var atAnotherStore = request.Clone();
        atAnotherStore.DropOffLocationId = "ST-BERLIN";
        await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => bed.PotsdamStore.AuthoriseReturnAsync(atAnotherStore).ResponseAsync);
        var rma = await bed.Customer1.AuthoriseReturnAsync(request);

        Assert.Equal("Order", otherChannel.GetRpcStatus()?.GetDetail<ResourceInfo>()?.ResourceType);
        Assert.NotNull(otherCustomer);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Marketplace.GetReturnAsync(new GetReturnRequest { Return = rma.Number }).ResponseAsync);
        await RpcAssert.StatusAsync(StatusCode.NotFound, () => bed.Customer2.GetReturnAsync(new GetReturnRequest { Return = rma.Number }).ResponseAsync);
        Assert.Empty((await bed.Customer2.ListReturnsAsync(new ListReturnsRequest())).Returns);
        Assert.Empty((await bed.Marketplace.ListReturnsAsync(new ListReturnsRequest())).Returns);
        Assert.Equal(rma.ReturnId, Assert.Single((await bed.Customer1.ListReturnsAsync(new ListReturnsRequest())).Returns).ReturnId);
        Assert.Equal(rma.ReturnId, (await bed.Web.GetReturnAsync(new GetReturnRequest { Return = rma.Number.ToLowerInvariant() })).ReturnId);
        var wrongStore = await RpcAssert.StatusAsync(StatusCode.PermissionDenied,
            () => bed.PotsdamStore.ReceiveReturnAsync(ReturnTestBed.Receive("receipt-access", rma, "ST-BERLIN")).ResponseAsync);
        Assert.Contains("ST-POTSDAM", wrongStore.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await bed.Admin.GetReturnAsync(new GetReturnRequest { Return = rma.Number })).Receipts);
    }
}
