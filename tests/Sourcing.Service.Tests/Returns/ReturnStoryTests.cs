using Google.Rpc;
using Grpc.Core;
using Sourcing.Service.Tests.Infrastructure;
using Sourcing.Service.Tests.Orders;
using Sourcing.V1;

namespace Sourcing.Service.Tests.Returns;

/// <summary>
/// Returns end to end through the real host, real Redis stock, the shipped rules (rules/returns.json) and orders and
/// billing in PostgreSQL (and in memory, where the story is about the store): what the customer, the store and the
/// service agent check at each step.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ReturnStoryTests(RedisFixture redis)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReceiveReturn_WebOrderReturnedAtAStore_RestockedThereOnceRefundedByCreditNoteLinesReturned(bool inMemory)
    {
        await using var bed = await ReturnTestBed.StartAsync(redis, inMemory);
        var order = await bed.ShippedOrderAsync("story-a");
        var potsdamBefore = await bed.AvailableAsync(OrderTestBed.Tent, "ST-POTSDAM");

        var request = ReturnTestBed.Authorise("rma-a", order.OrderId, ReturnKind.Refund, ReturnTestBed.Line("T", 1));
        request.RequestedVia = "store";
        request.DropOffLocationId = "ST-POTSDAM";
        var rma = await bed.PotsdamStore.AuthoriseReturnAsync(request);
        Assert.Equal(ReturnStatus.Authorised, rma.Status);
        Assert.Matches("^RMA-[0-9A-Z]{10}$", rma.Number);
        Assert.Equal("ST-POTSDAM", rma.DestinationLocationId);
        Assert.NotEmpty(rma.DestinationExplanation);

        var receipt = ReturnTestBed.Receive("receipt-a", rma, "ST-POTSDAM");
        var received = await bed.PotsdamStore.ReceiveReturnAsync(receipt);
        var repeated = await bed.PotsdamStore.ReceiveReturnAsync(receipt);

        Assert.Equal(potsdamBefore + 1, await bed.AvailableAsync(OrderTestBed.Tent, "ST-POTSDAM"));
        Assert.Single(repeated.Receipts);
        var units = Assert.Single(Assert.Single(received.Receipts).Units);
        Assert.Equal((UnitGrade.Resellable, UnitDisposition.Restock, true), (units.Grade, units.Disposition, units.Restocked));
        var done = await bed.EventuallyAsync(rma.Number, r => r.Refunds.Count == 1 && r.Refunds[0].Status == RefundStatus.Issued);
        Assert.Equal(ReturnStatus.Closed, done.Status);
        var refund = Assert.Single(done.Refunds);
        Assert.Equal(12999, refund.AmountMinor);
        var note = await bed.FinanceBilling.GetDocumentAsync(new GetDocumentRequest { Document = refund.CreditNoteNumber });
        Assert.Equal(BillingDocumentKind.CreditNote, note.Kind);
        Assert.Equal(CreditReason.Return, note.CreditReason);
        Assert.Contains(rma.Number, note.ReasonText, StringComparison.Ordinal);
        Assert.Equal(12999, note.GrossTotalMinor);
        var after = await bed.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
        Assert.Equal(1, OrderTestBed.UnitsIn(OrderTestBed.Line(after, "T"), LineState.Returned));
        Assert.Contains(after.Returns, r => r.Number == rma.Number && r.Status == ReturnStatus.Closed);
        Assert.Contains(after.History, e => e.Type == "return.restocked");
    }

    [Fact]
    public async Task AuthoriseReturn_DamagedItemReplacedAhead_ReplacementSourcedBeforeReceiptAndReceiptClosesWithoutCharge()
    {
        await using var bed = await ReturnTestBed.StartAsync(redis);
        var order = await bed.ShippedOrderAsync("story-b1", ReturnTestBed.StoveOnly);

        var rma = await bed.Agent.AuthoriseReturnAsync(
            ReturnTestBed.Authorise("rma-b1", order.OrderId, ReturnKind.Replacement, ReturnTestBed.Line("S", 1, ReturnReason.Damaged)));

        Assert.True(rma.ShipBeforeReturn);
        Assert.NotNull(rma.ReturnDueBy);
        var linked = await bed.EventuallyAsync(rma.Number, r => r.LinkedOrder is { OrderId.Length: > 0 });
        Assert.True(linked.LinkedOrder.ShippedBeforeReturn);
        var replacement = await bed.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = linked.LinkedOrder.OrderId });
        Assert.Equal((order.OrderId, rma.Number, ReturnKind.Replacement), (replacement.CreatedForReturn.OriginalOrderId, replacement.CreatedForReturn.ReturnNumber, replacement.CreatedForReturn.Kind));
        Assert.Equal(OrderStatus.InFulfilment, replacement.Status);
        Assert.Equal(OrderTestBed.Stove, Assert.Single(replacement.Lines).Sku);
        Assert.Equal(0, replacement.TotalMinor);
        Assert.NotEmpty(replacement.FulfilmentOrders);

        var closed = await bed.BerlinStore.ReceiveReturnAsync(ReturnTestBed.Receive("receipt-b1", linked, "ST-BERLIN", UnitGrade.Damaged));
        bed.Clock.Advance(TimeSpan.FromDays(20));
        var later = await bed.EventuallyAsync(rma.Number, r => r.Status == ReturnStatus.Closed);

        Assert.Equal(ReturnStatus.Closed, later.Status);
        Assert.Null(later.Charge);
        Assert.Empty(later.Refunds);
        Assert.Equal(UnitDisposition.WriteOff, Assert.Single(Assert.Single(closed.Receipts).Units).Disposition);
    }

    [Fact]
    public async Task ProcessDeadlines_ReplacementSentAheadAndReturnNeverArrives_OriginalChargedOnce()
    {
        await using var bed = await ReturnTestBed.StartAsync(redis);
        var order = await bed.ShippedOrderAsync("story-b2", ReturnTestBed.StoveOnly);
        var rma = await bed.Agent.AuthoriseReturnAsync(
            ReturnTestBed.Authorise("rma-b2", order.OrderId, ReturnKind.Replacement, ReturnTestBed.Line("S", 1, ReturnReason.WrongItem)));
        await bed.EventuallyAsync(rma.Number, r => r.LinkedOrder is { OrderId.Length: > 0 });

        bed.Clock.Advance(rma.ReturnDueBy.ToDateTimeOffset() - bed.Clock.GetUtcNow() + TimeSpan.FromMinutes(2));
        var charged = await bed.EventuallyAsync(rma.Number, r => r.Charge is { InvoiceNumber.Length: > 0 });
        bed.Clock.Advance(TimeSpan.FromMinutes(2));
        await Task.Delay(500);

        var invoice = await bed.FinanceBilling.GetDocumentAsync(new GetDocumentRequest { Document = charged.Charge.InvoiceNumber });
        Assert.Equal((BillingDocumentKind.Invoice, InvoicePurpose.ReturnCharge), (invoice.Kind, invoice.Purpose));
        Assert.Equal(4999, invoice.GrossTotalMinor);
        Assert.Equal(order.OrderId, invoice.OrderId);
        var documents = await bed.FinanceBilling.ListDocumentsAsync(new ListDocumentsRequest { OrderId = order.OrderId, Kind = BillingDocumentKind.Invoice });
        Assert.Single(documents.Documents, d => d.Purpose == InvoicePurpose.ReturnCharge);
        var history = (await bed.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId })).History;
        Assert.Single(history, e => e.Type == "return.charged");
    }

    [Fact]
    public async Task ReceiveReturn_ExchangeForASkuOnlyAnotherLocationHas_LinkedOrderSourcedThere()
    {
        await using var bed = await ReturnTestBed.StartAsync(redis);
        const string bigTent = "TENT-4P";
        await TestNetwork.Stock(bed.Host, bigTent, "WH-FRANKFURT", 3);
        var order = await bed.ShippedOrderAsync("story-c");
        var line = ReturnTestBed.Line("T", 1);
        line.ExchangeSku = bigTent;

        var rma = await bed.Web.AuthoriseReturnAsync(ReturnTestBed.Authorise("rma-c", order.OrderId, ReturnKind.Exchange, line));
        Assert.False(rma.ShipBeforeReturn);
        await bed.BerlinStore.ReceiveReturnAsync(ReturnTestBed.Receive("receipt-c", rma, "ST-BERLIN"));
        var linked = await bed.EventuallyAsync(rma.Number, r => r.LinkedOrder is { OrderId.Length: > 0 });

        var exchange = await bed.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = linked.LinkedOrder.OrderId });
        Assert.Equal(bigTent, Assert.Single(exchange.Lines).Sku);
        Assert.Equal("WH-FRANKFURT", Assert.Single(exchange.FulfilmentOrders).LocationId);
        Assert.Equal("ST-BERLIN", Assert.Single(order.FulfilmentOrders).LocationId);
        Assert.Equal("web", exchange.Channel);
        Assert.Equal(ReturnKind.Exchange, exchange.CreatedForReturn.Kind);
    }

    [Fact]
    public async Task ShipRepairBack_RepairRoundTrip_ClosesAndEveryStepIsInTheEventFeed()
    {
        await using var bed = await ReturnTestBed.StartAsync(redis);
        var order = await bed.ShippedOrderAsync("story-d");
        var rma = await bed.Agent.AuthoriseReturnAsync(
            ReturnTestBed.Authorise("rma-d", order.OrderId, ReturnKind.Repair, ReturnTestBed.Line("S", 1, ReturnReason.DefectUnderWarranty)));
        var stoveAtBerlin = await bed.AvailableAsync(OrderTestBed.Stove, "ST-BERLIN");

        var received = await bed.BerlinStore.ReceiveReturnAsync(ReturnTestBed.Receive("receipt-d", rma, "ST-BERLIN", UnitGrade.NeedsRefurbishing));
        var sent = await bed.Agent.SendToRepairPartnerAsync(new SendToRepairPartnerRequest { Return = rma.Number, PartnerName = "Kocher-Service Kassel", PartnerReference = "KS-4711" });
        var repaired = await bed.Agent.RecordRepairOutcomeAsync(new RecordRepairOutcomeRequest { Return = rma.Number, Outcome = RepairOutcome.Repaired, Note = "valve replaced" });
        var shipped = await bed.Agent.ShipRepairBackAsync(new ShipRepairBackRequest { Return = rma.Number, Carrier = "DHL", TrackingNumber = "JJD-REPAIR-1" });

        Assert.Equal(ReturnStatus.Received, received.Status);
        Assert.Equal(ReturnStatus.AtRepairPartner, sent.Status);
        Assert.Equal(ReturnStatus.Repaired, repaired.Status);
        Assert.Equal(ReturnStatus.Closed, shipped.Status);
        Assert.Equal(("Kocher-Service Kassel", "KS-4711", "JJD-REPAIR-1"), (shipped.Repair.PartnerName, shipped.Repair.PartnerReference, shipped.Repair.TrackingNumber));
        Assert.Empty(shipped.Refunds);
        Assert.Equal(stoveAtBerlin, await bed.AvailableAsync(OrderTestBed.Stove, "ST-BERLIN"));
        var after = await bed.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
        Assert.Equal(0, OrderTestBed.UnitsIn(OrderTestBed.Line(after, "S"), LineState.Returned));

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var watch = bed.AdminOrders.WatchOrderEvents(
            new WatchOrderEventsRequest { AfterPosition = 0, EventTypes = { "return.authorised", "return.received", "repair.sent_to_partner", "repair.outcome", "repair.shipped_back" } },
            cancellationToken: cancel.Token);
        var seen = new List<string>();
        while (seen.Count < 5 && await watch.ResponseStream.MoveNext(cancel.Token))
        {
            if (watch.ResponseStream.Current.OrderId == order.OrderId)
            {
                seen.Add(watch.ResponseStream.Current.Type);
            }
        }

        Assert.Equal(["return.authorised", "return.received", "repair.sent_to_partner", "repair.outcome", "repair.shipped_back"], seen);
    }

    [Fact]
    public async Task AuthoriseReturn_OutsideTheWindow_RefusedNamingTheRuleAndAcceptedWithAnAgentsOverride()
    {
        await using var bed = await ReturnTestBed.StartAsync(redis);
        var order = await bed.ShippedOrderAsync("story-e");
        bed.Clock.Advance(TimeSpan.FromDays(40));
        var request = ReturnTestBed.Authorise("rma-e", order.OrderId, ReturnKind.Refund, ReturnTestBed.Line("T", 2));

        var proposal = await bed.Web.ProposeReturnDestinationAsync(request);
        var refused = await RpcAssert.StatusAsync(StatusCode.FailedPrecondition, () => bed.Web.AuthoriseReturnAsync(request).ResponseAsync);
        var nothingYet = await bed.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
        var denied = await RpcAssert.StatusAsync(StatusCode.PermissionDenied, () => bed.Web.AuthoriseReturnAsync(Override(request, "goodwill")).ResponseAsync);
        var accepted = await bed.Agent.AuthoriseReturnAsync(Override(request, "Customer was in hospital; goodwill"));

        Assert.Equal("RETURN_NOT_ALLOWED", refused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        var violation = Assert.Single(refused.GetRpcStatus()!.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal(("OnlineOrdersReturnWithin30Days", $"order/{order.OrderId}/line/T"), (violation.Type, violation.Subject));
        Assert.Contains("30 days", violation.Description, StringComparison.Ordinal);
        var proposed = Assert.Single(proposal.Lines);
        Assert.Equal(("T", true, "OnlineOrdersReturnWithin30Days"), (proposed.LineId, proposed.Refused, proposed.RefusedByRule));
        Assert.False(string.IsNullOrEmpty(proposal.DestinationLocationId));
        Assert.NotEmpty(proposal.DestinationExplanation);
        Assert.Empty(nothingYet.Returns);
        Assert.Equal("RETURN_NOT_PERMITTED", denied.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.Equal(ReturnStatus.Authorised, accepted.Status);
        Assert.Equal(("agent-anna", "Customer was in hospital; goodwill"), (accepted.PolicyOverriddenBy, accepted.PolicyOverrideReason));
        var orderNow = await bed.AdminOrders.GetOrderAsync(new GetOrderRequest { OrderId = order.OrderId });
        Assert.Single(orderNow.Returns);
    }

    private static AuthoriseReturnRequest Override(AuthoriseReturnRequest request, string reason)
    {
        var copy = request.Clone();
        copy.RequestId += "-override-" + reason.Length;
        copy.PolicyOverrideReason = reason;
        return copy;
    }
}
