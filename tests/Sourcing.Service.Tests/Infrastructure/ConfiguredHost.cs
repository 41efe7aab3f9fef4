using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>The real host with exactly the settings and environment given: for start-up and storage-mode tests.</summary>
public sealed class ConfiguredHost(string environment, IDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
