using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sourcing.Orders.Customers;
using Sourcing.Service.Customers;

namespace Sourcing.Service.Tests.Customers;

/// <summary>The customer settings of the Customers section checked at start: a wrong one stops the service naming it.</summary>
public sealed class CustomerSettingsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        Assert.True(new CustomerOptionsValidation().Validate(null, new CustomerOptions()).Succeeded);
    }

    [Theory]
    [InlineData("undo", "Customers:MergeUndoWindow")]
    [InlineData("retention", "Customers:InvoiceRetentionYears")]
    [InlineData("similarity-zero", "Customers:SearchMinSimilarity")]
    [InlineData("similarity-above-one", "Customers:SearchMinSimilarity")]
    [InlineData("orders", "Customers:OverviewOrderLimit")]
    [InlineData("documents", "Customers:OverviewDocumentLimit")]
    [InlineData("vip", "Customers:VipLifetimeValueMinor:EUR")]
    public void Validate_WrongSetting_FailsNamingIt(string wrong, string expected)
    {
        var options = new CustomerOptions();
        switch (wrong)
        {
            case "undo": options.MergeUndoWindow = TimeSpan.Zero; break;
            case "retention": options.InvoiceRetentionYears = 0; break;
            case "similarity-zero": options.SearchMinSimilarity = 0; break;
            case "similarity-above-one": options.SearchMinSimilarity = 1.5; break;
            case "orders": options.OverviewOrderLimit = 0; break;
            case "documents": options.OverviewDocumentLimit = -1; break;
            default: options.VipLifetimeValueMinor["EUR"] = 0; break;
        }

        var result = new CustomerOptionsValidation().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSourcingCustomers_WrongSetting_RefusedAtStartNamingIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Customers:MergeUndoWindow"] = "00:00:00" }).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSourcingCustomers("memory").BuildServiceProvider();

        var refusal = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Customers:MergeUndoWindow", refusal.Message, StringComparison.Ordinal);
    }
}
