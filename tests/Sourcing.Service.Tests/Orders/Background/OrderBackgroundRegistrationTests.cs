using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sourcing.Service.Orders.Background;

namespace Sourcing.Service.Tests.Orders.Background;

public sealed class OrderBackgroundRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddOrderBackgroundWork(configuration).BuildServiceProvider();
    }

    [Fact]
    public void AddOrderBackgroundWork_NoSettings_Defaults()
    {
        using var provider = Build([]);

        var options = provider.GetRequiredService<IOptions<OrderBackgroundOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(5), options.ReconcileEvery);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ReconcileAfter);
        Assert.Equal(100, options.MaxOrdersPerPass);
    }

    [Fact]
    public void AddOrderBackgroundWork_Settings_BoundFromTheOrdersSection()
    {
        using var provider = Build(new() { ["Orders:ReconcileEvery"] = "00:00:02", ["Orders:ReconcileAfter"] = "00:01:00", ["Orders:MaxOrdersPerPass"] = "7" });

        var options = provider.GetRequiredService<IOptions<OrderBackgroundOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), 7), (options.ReconcileEvery, options.ReconcileAfter, options.MaxOrdersPerPass));
    }

    [Theory]
    [InlineData("Orders:MaxOrdersPerPass", "0", "MaxOrdersPerPass")]
    [InlineData("Orders:ReconcileEvery", "00:00:00", "ReconcileEvery")]
    [InlineData("Orders:ReconcileAfter", "00:00:00", "ReconcileAfter")]
    public void AddOrderBackgroundWork_OutOfRange_RefusedAtStartNamingTheSetting(string key, string value, string field)
    {
        using var provider = Build(new() { [key] = value });

        var refusal = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(field, refusal.Message);
    }
}
