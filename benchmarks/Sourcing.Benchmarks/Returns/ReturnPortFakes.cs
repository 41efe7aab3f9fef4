using System.Collections.Concurrent;
using Sourcing.Orders;
using Sourcing.Orders.Returns;

namespace Sourcing.Benchmarks.Returns;

/// <summary>
/// The return-latency report's ports, in process and cheap, so the figures are the return service and the PostgreSQL
/// order store alone: a policy that allows every line, routing to one warehouse, a stock port that records each restock
/// request id once, and a settlement that decides and carries out nothing (no billing).
/// </summary>
internal sealed class AllowAllReturnPolicy : IReturnPolicy
{
    public Task<ReturnPolicyDecision> DecideAsync(ReturnPolicyRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ReturnPolicyDecision(
            "bench",
            request.Lines.Select(l => new ReturnLineDecision(l.Line.LineId, false, "", "", 0)).ToList(),
            InstantRefund: false,
            ShipBeforeReturn: false,
            ReturnWithinDays: null,
            ["bench: every line may come back"]));
}

internal sealed class OneWarehouseRouting : IReturnRouting
{
    public const string LocationId = "WH-RETURNS";

    private static readonly string[] Why = ["bench: every return goes to the returns warehouse"];

    public Task<ReturnDestination> ProposeAsync(ReturnRoutingRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ReturnDestination(request.PreferredLocationId ?? LocationId, Why));

    public Task<string?> ReceivingProblemAsync(string locationId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>Idempotent by request id like the real ledger adjustment; counts the units so the run can check them.</summary>
internal sealed class CountingReturnStock : IReturnStock
{
    private readonly ConcurrentDictionary<string, int> _applied = new();

    public int Units => _applied.Values.Sum();

    public Task RestockAsync(string requestId, string sku, string locationId, int quantity, string reason, CancellationToken cancellationToken)
    {
        _applied.TryAdd(requestId, quantity);
        return Task.CompletedTask;
    }
}

internal sealed class NoSettlement : IReturnSettlement
{
    public Task DecideRefundAsync(Order order, ReturnAuthorisation rma, RefundTrigger trigger, IReadOnlyList<RefundedUnits> units, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public void DecideLinkedOrder(Order order, ReturnAuthorisation rma, bool beforeReturn, string actor, DateTimeOffset now)
    {
    }

    public void DecideCharge(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now)
    {
    }

    public Task DecideChargeCreditAsync(Order order, ReturnAuthorisation rma, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task<bool> CarryOutAsync(Order order, ReturnAuthorisation rma, CancellationToken cancellationToken) => Task.FromResult(false);
}
