namespace Sourcing.Rules.Kinds;

/// <summary>The kinds a rules folder may hold. Order matters: within a scope, kinds are evaluated in this order.</summary>
internal static class RuleKinds
{
    public static readonly IReadOnlyList<RuleKind> All =
    [
        EligibilityKind.Kind,
        CostKind.Kind,
        GroupingKind.Kind,
        PolicyKind.Kind,
        HoldKind.Kind,
        PaymentKind.Kind,
        ReturnKind.Kind,
    ];
}
