namespace Sourcing.Optimizer.Model;

/// <summary>The largest problem the optimizer accepts; larger ones are refused by validation, never wrapped or rounded.</summary>
public static class ProblemLimits
{
    /// <summary>
    /// 2^53 (about 9.0e15, i.e. 90 trillion in a currency with cents): the most any plan of a problem may possibly cost.
    /// CP-SAT reports its objective as a double, exact only up to 2^53, and every cost is summed in 64-bit integers;
    /// below this bound neither rounds nor wraps. Checked against the worst case: over every order, each line's
    /// quantity times the dearer of its dearest candidate and its backorder penalty (when backorders are allowed),
    /// plus a shipment from every location.
    /// </summary>
    public const long MaxPlanCost = 1L << 53;

    /// <summary>Units over all lines of all orders: quantities are summed in 32-bit integers.</summary>
    public const int MaxTotalUnits = int.MaxValue;
}
