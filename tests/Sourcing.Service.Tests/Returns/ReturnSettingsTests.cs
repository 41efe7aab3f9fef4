using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sourcing.Orders.Returns;
using Sourcing.Service.Returns;

namespace Sourcing.Service.Tests.Returns;

/// <summary>The Returns settings checked at start: a wrong one stops the service naming it.</summary>
public sealed class ReturnSettingsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        Assert.True(new ReturnOptionsValidation().Validate(null, new ReturnOptions()).Succeeded);
    }

    [Theory]
    [InlineData("zone", "Returns:TimeZone")]
    [InlineData("validity", "Returns:AuthorisationValidity")]
    [InlineData("within", "Returns:DefaultReturnWithinDays")]
    [InlineData("lines", "Returns:MaxLinesPerReturn")]
    [InlineData("returns", "Returns:MaxReturnsPerOrder")]
    [InlineData("receipts", "Returns:MaxReceiptsPerReturn")]
    public void Validate_WrongSetting_FailsNamingIt(string wrong, string expected)
    {
        var options = new ReturnOptions();
        switch (wrong)
        {
            case "zone": options.TimeZone = "Mars/Olympus"; break;
            case "validity": options.AuthorisationValidity = TimeSpan.Zero; break;
            case "within": options.DefaultReturnWithinDays = 0; break;
            case "lines": options.MaxLinesPerReturn = 0; break;
            case "returns": options.MaxReturnsPerOrder = 100_000; break;
            default: options.MaxReceiptsPerReturn = -1; break;
        }

        var result = new ReturnOptionsValidation().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSourcingReturns_WrongSetting_RefusedAtStartNamingIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Returns:TimeZone"] = "Mars/Olympus" }).Build();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSourcingReturns().BuildServiceProvider();

        var refusal = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Returns:TimeZone", refusal.Message, StringComparison.Ordinal);
    }
}
