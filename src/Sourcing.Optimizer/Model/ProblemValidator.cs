using System.Globalization;

namespace Sourcing.Optimizer.Model;

/// <summary>
/// Refuses a malformed problem up front with an <see cref="InvalidProblemException"/> naming the part, instead of a
/// solver failure, an exception from deep inside, or a cost that wraps around later.
/// </summary>
internal static class ProblemValidator
{
    public static void Validate(SourcingProblem problem)
    {
        var locations = problem.Locations.Count;
        for (var i = 0; i < locations; i++)
        {
            var location = problem.Locations[i];
            Require(location.CapacityUnits is null or >= 0, $"Locations[{i}].CapacityUnits", location.CapacityUnits, "must not be negative");
            Require(location.CapacityShipments is null or >= 0, $"Locations[{i}].CapacityShipments", location.CapacityShipments, "must not be negative");
        }

        foreach (var (key, available) in problem.Available)
        {
            if (key.Location < 0 || key.Location >= locations || available < 0)
            {
                Require(key.Location >= 0 && key.Location < locations, $"Available[{key.Sku}@{key.Location}]", key.Location, $"location out of range (0-{locations - 1})");
                Require(available >= 0, $"Available[{key.Sku}@{key.Location}]", available, "must not be negative");
            }
        }

        long totalUnits = 0;
        var seenOnLine = new int[locations];
        var lineNumber = 0;
        for (var o = 0; o < problem.Orders.Count; o++)
        {
            var order = problem.Orders[o];
            var at = $"Orders[{o}]";
            Require(order.ShipmentCost.Count == locations, $"{at}.ShipmentCost", $"{order.ShipmentCost.Count} entries", $"needs one per location ({locations})");
            for (var i = 0; i < locations; i++)
            {
                if (order.ShipmentCost[i] is < 0 or > ProblemLimits.MaxPlanCost)
                {
                    Cost($"{at}.ShipmentCost[{i}]", order.ShipmentCost[i]);
                }
            }

            // Without backorders the penalty is never charged, so only its sign is checked (long.MaxValue may stand for "never").
            Require(order.Policy.BackorderPenaltyPerUnit >= 0, $"{at}.Policy.BackorderPenaltyPerUnit", order.Policy.BackorderPenaltyPerUnit, "must not be negative");
            if (order.Policy.AllowBackorder)
            {
                Cost($"{at}.Policy.BackorderPenaltyPerUnit", order.Policy.BackorderPenaltyPerUnit);
            }

            Require(order.Policy.MaxShipments is null or >= 0, $"{at}.Policy.MaxShipments", order.Policy.MaxShipments, "must not be negative");
            for (var l = 0; l < order.Lines.Count; l++)
            {
                var line = order.Lines[l];
                var lineAt = $"{at}.Lines[{l}]";
                Require(line.Quantity > 0, $"{lineAt}.Quantity", line.Quantity, "must be at least 1");
                totalUnits += line.Quantity;
                Require(totalUnits <= ProblemLimits.MaxTotalUnits, $"{lineAt}.Quantity", line.Quantity, $"brings the problem's units over {ProblemLimits.MaxTotalUnits}");
                Require(line.RequiredLocation is null || (line.RequiredLocation >= 0 && line.RequiredLocation < locations),
                    $"{lineAt}.RequiredLocation", line.RequiredLocation, $"location out of range (0-{locations - 1})");
                // Up to 100 x 1,000 candidates per solve, all inside the deadline: no allocation per candidate unless one is bad.
                lineNumber++;
                for (var c = 0; c < line.Candidates.Count; c++)
                {
                    var candidate = line.Candidates[c];
                    if (candidate.Location < 0 || candidate.Location >= locations)
                    {
                        Require(false, $"{lineAt}.Candidates[{c}].Location", candidate.Location, $"location out of range (0-{locations - 1})");
                    }

                    if (seenOnLine[candidate.Location] == lineNumber)
                    {
                        Require(false, $"{lineAt}.Candidates[{c}].Location", candidate.Location, "listed twice");
                    }

                    seenOnLine[candidate.Location] = lineNumber;
                    if (candidate.UnitCost is < 0 or > ProblemLimits.MaxPlanCost)
                    {
                        Cost($"{lineAt}.Candidates[{c}].UnitCost", candidate.UnitCost);
                    }
                }
            }
        }

        WorstCaseFits(problem);
    }

    /// <summary>
    /// The dearest plan possible must fit <see cref="ProblemLimits.MaxPlanCost"/>; summed in 128 bits so the check
    /// itself cannot wrap. When it does not fit, the error names the largest single term, the one to look at.
    /// </summary>
    private static void WorstCaseFits(SourcingProblem problem)
    {
        Int128 total = 0;
        // The largest term, by position: (order, line, candidate) for a line (candidate -1: the penalty), or
        // (order, -1, location) for a shipment. Text only when refusing.
        (Int128 Amount, int Order, int Line, int Index) largest = (-1, 0, 0, 0);
        for (var o = 0; o < problem.Orders.Count; o++)
        {
            var order = problem.Orders[o];
            for (var l = 0; l < order.Lines.Count; l++)
            {
                var line = order.Lines[l];
                var (dearest, perUnit) = order.Policy.AllowBackorder ? (-1, order.Policy.BackorderPenaltyPerUnit) : (-1, 0L);
                for (var c = 0; c < line.Candidates.Count; c++)
                {
                    if (line.Candidates[c].UnitCost > perUnit)
                    {
                        (dearest, perUnit) = (c, line.Candidates[c].UnitCost);
                    }
                }

                var amount = (Int128)line.Quantity * perUnit;
                total += amount;
                if (amount > largest.Amount)
                {
                    largest = (amount, o, l, dearest);
                }
            }

            for (var i = 0; i < order.ShipmentCost.Count; i++)
            {
                total += order.ShipmentCost[i];
                if (order.ShipmentCost[i] > largest.Amount)
                {
                    largest = (order.ShipmentCost[i], o, -1, i);
                }
            }
        }

        if (total <= ProblemLimits.MaxPlanCost)
        {
            return;
        }

        var (_, at, lineIndex, index) = largest;
        var orderAt = problem.Orders[at];
        var (field, value, what) = lineIndex < 0
            ? ($"Orders[{at}].ShipmentCost[{index}]", orderAt.ShipmentCost[index], "a shipment")
            : index < 0
                ? ($"Orders[{at}].Policy.BackorderPenaltyPerUnit", orderAt.Policy.BackorderPenaltyPerUnit, $"times Orders[{at}].Lines[{lineIndex}].Quantity {orderAt.Lines[lineIndex].Quantity}")
                : ($"Orders[{at}].Lines[{lineIndex}].Candidates[{index}].UnitCost", orderAt.Lines[lineIndex].Candidates[index].UnitCost, $"times Orders[{at}].Lines[{lineIndex}].Quantity {orderAt.Lines[lineIndex].Quantity}");
        Require(false, field, value,
            $"the dearest possible plan costs {total}, over the limit of {ProblemLimits.MaxPlanCost} (2^53); the largest term is this value {what}");
    }

    private static void Cost(string field, long value)
    {
        Require(value >= 0, field, value, "must not be negative");
        Require(value <= ProblemLimits.MaxPlanCost, field, value, $"over the limit of {ProblemLimits.MaxPlanCost} (2^53)");
    }

    private static void Require(bool condition, string field, object? value, string reason)
    {
        if (!condition)
        {
            throw new InvalidProblemException(field, Text(value), reason);
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "null",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
