using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;

namespace Sourcing.Rules.Json;

/// <summary>
/// What a JSON workflow decides, taken from the first part of its WorkflowName ("eligibility", "eligibility.safety", ...).
/// Each kind sees only the facts it needs: a policy rule that mentions <c>line</c> is refused at load.
/// </summary>
public enum RuleKind
{
    /// <summary>Line × location: when true, the line may not be sourced there (SuccessEvent says why).</summary>
    Eligibility,

    /// <summary>Line × location: when true, add perUnitMinor per unit and/or perShipmentMinor per shipment.</summary>
    Cost,

    /// <summary>Line: when true, the line ships together with the others of group shipTogether.</summary>
    Grouping,

    /// <summary>Order: when true, apply maxShipments, shipComplete and/or backorderAllowed.</summary>
    Policy,

    /// <summary>Order: when true, hold the order with code hold until released (fraud, credit, payment method).</summary>
    Hold,
}

internal static class RuleKinds
{
    public static readonly IReadOnlyDictionary<string, RuleKind> ByPrefix = new Dictionary<string, RuleKind>(StringComparer.Ordinal)
    {
        ["eligibility"] = RuleKind.Eligibility,
        ["cost"] = RuleKind.Cost,
        ["grouping"] = RuleKind.Grouping,
        ["policy"] = RuleKind.Policy,
        ["hold"] = RuleKind.Hold,
    };

    /// <summary>The facts an expression of each kind may name, in the order they are passed.</summary>
    public static (string Name, Type Type)[] Inputs(RuleKind kind) => kind switch
    {
        RuleKind.Eligibility or RuleKind.Cost => [("order", typeof(OrderFact)), ("customer", typeof(CustomerFact)), ("line", typeof(LineFact)), ("location", typeof(LocationFact))],
        RuleKind.Grouping => [("order", typeof(OrderFact)), ("customer", typeof(CustomerFact)), ("line", typeof(LineFact))],
        _ => [("order", typeof(OrderFact)), ("customer", typeof(CustomerFact))],
    };

    /// <summary>
    /// What a failing rule of each kind does unless its file says otherwise. Eligibility rules guard safety and law, so
    /// a failure keeps the candidate out; cost and grouping rules only steer, so the rule is ignored; policy and hold
    /// rules protect the customer or the business, so a person looks at the order.
    /// </summary>
    public static FailurePolicy DefaultFailurePolicy(RuleKind kind) => kind switch
    {
        RuleKind.Eligibility => FailurePolicy.Exclude,
        RuleKind.Cost or RuleKind.Grouping => FailurePolicy.Skip,
        _ => FailurePolicy.Hold,
    };

    /// <summary>Exclude needs a line × location to exclude, so only the kinds evaluated per candidate may choose it.</summary>
    public static bool Allows(RuleKind kind, FailurePolicy policy) =>
        policy != FailurePolicy.Exclude || kind is RuleKind.Eligibility or RuleKind.Cost;

    /// <summary>The Properties a rule of each kind may set: name and JSON type.</summary>
    public static IReadOnlyDictionary<string, System.Text.Json.JsonValueKind[]> Effects(RuleKind kind) => kind switch
    {
        RuleKind.Eligibility => new Dictionary<string, System.Text.Json.JsonValueKind[]>(),
        RuleKind.Cost => new Dictionary<string, System.Text.Json.JsonValueKind[]> { ["perUnitMinor"] = [System.Text.Json.JsonValueKind.Number], ["perShipmentMinor"] = [System.Text.Json.JsonValueKind.Number] },
        RuleKind.Grouping => new Dictionary<string, System.Text.Json.JsonValueKind[]> { ["shipTogether"] = [System.Text.Json.JsonValueKind.String] },
        RuleKind.Policy => new Dictionary<string, System.Text.Json.JsonValueKind[]>
        {
            ["maxShipments"] = [System.Text.Json.JsonValueKind.Number],
            ["shipComplete"] = [System.Text.Json.JsonValueKind.True, System.Text.Json.JsonValueKind.False],
            ["backorderAllowed"] = [System.Text.Json.JsonValueKind.True, System.Text.Json.JsonValueKind.False],
        },
        RuleKind.Hold => new Dictionary<string, System.Text.Json.JsonValueKind[]> { ["hold"] = [System.Text.Json.JsonValueKind.String] },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
