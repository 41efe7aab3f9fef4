using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Dunning;
using Sourcing.Orders.Storage.InMemory;
using Sourcing.Service.Billing;
using Sourcing.Service.Billing.Background;

namespace Sourcing.Service.Tests.Billing;

/// <summary>The Billing settings checked at start, and the daily dunning run's schedule on the service clock.</summary>
public sealed class BillingSettingsTests
{
    [Fact]
    public void Validate_DefaultsInDevelopment_Pass()
    {
        Assert.True(Validate(new BillingOptions(), requireSeller: false).Succeeded);
    }

    [Theory]
    [InlineData("seller")]
    [InlineData("zone")]
    [InlineData("series")]
    [InlineData("levels")]
    [InlineData("fee")]
    [InlineData("terms")]
    [InlineData("hour")]
    public void Validate_WrongSetting_FailsNamingIt(string wrong)
    {
        var options = new BillingOptions { Seller = new BillingParty { Name = "Outdoor GmbH" } };
        var expected = wrong switch
        {
            "seller" => Set(() => options.Seller.Name = "", "Billing:Seller:Name"),
            "zone" => Set(() => options.TimeZone = "Mars/Olympus", "Billing:TimeZone"),
            "series" => Set(() => options.CreditNoteSeries = "RE", "must differ"),
            "levels" => Set(() => options.Dunning.Levels[1].DaysOverdue = 3, "Billing:Dunning:Levels:1"),
            "fee" => Set(() => options.Dunning.Levels[2].FeeMinor = -1, "Billing:Dunning:Levels:2:FeeMinor"),
            "terms" => Set(() => options.Terms.NetDays = -1, "Billing:Terms"),
            _ => Set(() => options.Dunning.ScheduledHourUtc = 24, "Billing:Dunning:ScheduledHourUtc"),
        };

        var result = Validate(options, requireSeller: true);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduledDunning_RunIfDue_RunsOnceADayFromItsHourOn()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 1, 30, 0, TimeSpan.Zero));
        var options = new BillingOptions { Dunning = { ScheduledHourUtc = 2 } };
        var dunning = new DunningService(new InMemoryBillingStore(), options, clock, NullLogger<DunningService>.Instance);
        var schedule = new ScheduledDunning(dunning, options, clock, NullLogger<ScheduledDunning>.Instance);

        var beforeItsHour = await schedule.RunIfDueAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        var atItsHour = await schedule.RunIfDueAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(10));
        var laterThatDay = await schedule.RunIfDueAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(15));
        var nextDay = await schedule.RunIfDueAsync(CancellationToken.None);

        Assert.Equal((false, true, false, true), (beforeItsHour, atItsHour, laterThatDay, nextDay));
    }

    private static string Set(Action change, string named)
    {
        change();
        return named;
    }

    [Theory]
    [InlineData("Development", "postgres", false)]
    [InlineData("Production", "memory", false)]
    [InlineData("Production", "postgres", true)]
    public void SellerRequired_OnlyWhereInvoicesAreKeptOutsideDevelopment(string environment, string orderStore, bool required)
    {
        Assert.Equal(required, BillingOptionsValidation.SellerRequired(new HostingEnvironment { EnvironmentName = environment }, orderStore));
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(BillingOptions options, bool requireSeller) =>
        new BillingOptionsValidation(requireSeller).Validate(null, options);
}
