using Sourcing.Rules.Evaluation;
using Sourcing.Rules.Facts;
using Sourcing.Rules.Loading;
using Sourcing.Rules.Scenarios;
using Sourcing.Rules.Tests.Infrastructure;
using Sourcing.Testing;

namespace Sourcing.Rules.Tests;

/// <summary>
/// The payment kind: rules over the order and the customer's server-side credit facts that take payment methods off the
/// offer and hold orders for finance, refused at load when they name what they cannot see or set what they cannot do.
/// </summary>
public sealed class PaymentRuleTests : IDisposable
{
    private const string NoInvoiceInDunning = """
        { "RuleName": "NoInvoiceInDunning", "SuccessEvent": "The customer has reminders running; invoice is not offered.",
          "Expression": "customer.DunningLevel >= 2", "Properties": { "disallow": "invoice" } }
        """;

    private const string CreditCheck = """
        { "RuleName": "CreditCheck", "SuccessEvent": "The order would take the customer over the credit limit.",
          "Expression": "order.PaymentMethod == \"invoice\" and customer.OpenBalanceMinor + order.TotalMinor > customer.CreditLimitMinor",
          "Properties": { "hold": "CREDIT_CHECK" } }
        """;

    private readonly string _rules = RepositoryPaths.CopyOfRules();

    [Theory]
    [InlineData("""{ "disallow": 3 }""", "property 'disallow' must be a string")]
    [InlineData("""{ "disallow": "Invoice!" }""", "payment method code")]
    [InlineData("""{ "hold": "credit check" }""", "upper-case code")]
    [InlineData("""{ "maxShipments": 1 }""", "known: disallow, hold")]
    [InlineData("""{ "onFailure": "hold" }""", "must state its effect")]
    [InlineData("""{ "disallow": "invoice", "onFailure": "exclude" }""", "\"skip\" or \"hold\"")]
    public void Load_PaymentRuleWithBadEffect_IsRefusedNamingTheRule(string properties, string reason)
    {
        WritePayment($$"""{ "RuleName": "BadEffect", "SuccessEvent": "why", "Expression": "customer.DunningLevel > 0", "Properties": {{properties}} }""");

        var problem = Assert.Single(Refused());

        Assert.Equal(("payment.json", "BadEffect"), (problem.File, problem.Rule));
        Assert.Contains(reason, problem.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("line.Quantity > 3", "'line'")]
    [InlineData("location.DistanceKm > 3", "'location'")]
    [InlineData("customer.CreditScore > 3", "CreditScore")]
    public void Load_PaymentRuleNamingAFactItCannotSee_IsRefused(string expression, string named)
    {
        WritePayment($$"""{ "RuleName": "SeesTooMuch", "SuccessEvent": "why", "Expression": "{{expression}}", "Properties": { "hold": "CREDIT_CHECK" } }""");

        var problem = Assert.Single(Refused());

        Assert.Equal("SeesTooMuch", problem.Rule);
        Assert.Contains(named, problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PaymentRuleWithoutAReason_IsRefused()
    {
        WritePayment("""{ "RuleName": "Silent", "Expression": "customer.DunningLevel > 0", "Properties": { "disallow": "invoice" } }""");

        Assert.Contains("SuccessEvent", Assert.Single(Refused()).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluatePayment_DisallowedOrderMethod_HoldsPaymentMethodNotAllowedWithTheRulesReason()
    {
        var rules = LoadWith(NoInvoiceInDunning);

        var decision = RuleEvaluator.EvaluatePayment(rules, Make.Order(payment: "invoice"), new CustomerFact { Id = "C-1", DunningLevel = 2 });

        var disallowed = Assert.Single(decision.Disallowed);
        Assert.Equal(("invoice", "NoInvoiceInDunning"), (disallowed.Method, disallowed.Rule));
        var hold = Assert.Single(decision.Holds);
        Assert.Equal(
            (Hold.PaymentMethodNotAllowed, "NoInvoiceInDunning", "The customer has reminders running; invoice is not offered.", Hold.PaymentCategory),
            (hold.Code, hold.Rule, hold.Reason, hold.Category));
    }

    [Fact]
    public void EvaluatePayment_OtherMethodDisallowed_DoesNotHoldTheOrder()
    {
        var rules = LoadWith(NoInvoiceInDunning);

        var decision = RuleEvaluator.EvaluatePayment(rules, Make.Order(payment: "card"), new CustomerFact { Id = "C-1", DunningLevel = 3 });

        Assert.False(decision.Allows("invoice"));
        Assert.True(decision.Allows("card"));
        Assert.Empty(decision.Holds);
    }

    [Fact]
    public void EvaluatePayment_HoldRule_HoldsWithItsCodeAsAPaymentHold()
    {
        var rules = LoadWith(CreditCheck);
        var order = Make.Order(payment: "invoice") with { TotalMinor = 20_000 };

        var decision = RuleEvaluator.EvaluatePayment(rules, order, new CustomerFact { Id = "C-1", OpenBalanceMinor = 90_000, CreditLimitMinor = 100_000 });

        Assert.Equal([("CREDIT_CHECK", Hold.PaymentCategory)], decision.Holds.Select(h => (h.Code, h.Category)));
        Assert.Empty(decision.Disallowed);
    }

    [Fact]
    public void EvaluatePayment_RuleThatDisallowsTheMethodAndHolds_HoldsOnceWithItsOwnCode()
    {
        var rules = LoadWith("""
            { "RuleName": "InvoiceCredit", "SuccessEvent": "Over the credit limit.",
              "Expression": "order.PaymentMethod == \"invoice\" and customer.OpenBalanceMinor > customer.CreditLimitMinor",
              "Properties": { "disallow": "invoice", "hold": "CREDIT_CHECK" } }
            """);

        var decision = RuleEvaluator.EvaluatePayment(rules, Make.Order(payment: "invoice"), new CustomerFact { Id = "C-1", OpenBalanceMinor = 2, CreditLimitMinor = 1 });

        Assert.False(decision.Allows("invoice"));
        Assert.Equal(["CREDIT_CHECK"], decision.Holds.Select(h => h.Code));
    }

    [Fact]
    public void PaymentOptions_CustomerInDunningOverTheLimit_OffersCardPlainlyAndInvoiceNot()
    {
        var rules = LoadWith(NoInvoiceInDunning + "," + CreditCheck);
        var customer = new CustomerFact { Id = "C-1", DunningLevel = 2, OpenBalanceMinor = 90_000, CreditLimitMinor = 100_000 };

        var options = RuleEvaluator.PaymentOptions(rules, Make.Order() with { TotalMinor = 20_000 }, customer, ["card", "invoice"]);

        Assert.Equal([("card", true, 0), ("invoice", false, 2)], options.Select(o => (o.Method, o.Allowed, o.Decision.Holds.Count)));
        Assert.Equal(["CREDIT_CHECK", Hold.PaymentMethodNotAllowed], options[1].Decision.Holds.Select(h => h.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Evaluate_PaymentRulesOfTheSet_AddTheirHoldsAndDisallowedMethodsToTheDirectives()
    {
        var rules = LoadWith(NoInvoiceInDunning);
        var input = Make.Input(Make.Order(payment: "invoice"), new CustomerFact { Id = "C-1", DunningLevel = 2 }, (Make.Line(), [Make.Warehouse()]));

        var directives = RuleEvaluator.Evaluate(rules, input);

        Assert.Contains(directives.Holds, h => h is { Code: Hold.PaymentMethodNotAllowed, Category: Hold.PaymentCategory });
        Assert.Equal(["invoice"], directives.DisallowedMethods.Select(d => d.Method));
        Assert.Contains(directives.Trace, t => t.Rule == "NoInvoiceInDunning" && t.Effect.Contains("invoice not offered", StringComparison.Ordinal));
    }

    [Fact]
    public void EvaluatePayment_RuleThatThrows_HoldsForFinanceWithItsHoldCode()
    {
        // Overdue 7 is not among the edge inputs: the rule passes the probe and throws on this customer only.
        var rules = LoadWith("""
            { "RuleName": "FragileShare", "SuccessEvent": "Too much of the balance is overdue.",
              "Expression": "customer.OpenBalanceMinor / (customer.OverdueMinor - 7) > 2", "Properties": { "hold": "CREDIT_CHECK" } }
            """);

        var decision = RuleEvaluator.EvaluatePayment(rules, Make.Order(), new CustomerFact { Id = "C-1", OverdueMinor = 7 });

        var hold = Assert.Single(decision.Holds);
        Assert.Equal(("CREDIT_CHECK", "FragileShare", Hold.PaymentCategory), (hold.Code, hold.Rule, hold.Category));
        Assert.Equal(FailurePolicy.Hold, Assert.Single(decision.Failures).Policy);
    }

    [Fact]
    public void Load_PaymentRuleThatThrowsForADunnedCustomer_IsRefusedByTheProbe()
    {
        WritePayment("""{ "RuleName": "DividesByReminders", "SuccessEvent": "why", "Expression": "100 / (customer.DunningLevel - 3) > 1", "Properties": { "disallow": "invoice" } }""");

        var problem = Assert.Single(Refused());

        Assert.Equal("DividesByReminders", problem.Rule);
        Assert.Contains("dunning level 3", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario_WrongDisallowedExpectation_FailsNamingBothLists()
    {
        var rules = LoadWith(NoInvoiceInDunning);
        var path = Path.Combine(_rules, "scenarios", "wrong.json");
        File.WriteAllText(path, """
            { "name": "wrong", "order": { "paymentMethod": "card" }, "customer": { "dunningLevel": 2 }, "expect": { "disallowed": [ "cod" ] } }
            """);

        var result = ScenarioRunner.Run(path, rules);

        Assert.Equal(["disallowed payment methods should be [cod], are [invoice]"], result.Failures);
    }

    public void Dispose() => Directory.Delete(_rules, recursive: true);

    private CompiledRuleSet LoadWith(string rules)
    {
        // Only the payment file under test: the folder's own payment rules would decide too.
        foreach (var file in Directory.EnumerateFiles(_rules, "payment*.json"))
        {
            File.Delete(file);
        }

        WritePayment(rules);
        return RuleSetLoader.Load(_rules, new RulesOptions { WatchFiles = false });
    }

    private void WritePayment(string rules) =>
        File.WriteAllText(Path.Combine(_rules, "payment.json"), $$"""{ "WorkflowName": "payment.test", "Rules": [ {{rules}} ] }""");

    private IReadOnlyList<RuleProblem> Refused() =>
        Assert.Throws<RuleSetException>(() => RuleSetLoader.Load(_rules, new RulesOptions { WatchFiles = false })).Problems;
}
