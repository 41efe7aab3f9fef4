using Microsoft.Extensions.Options;
using Sourcing.Rules.Loading;

namespace Sourcing.Service.Rules;

public static partial class RulesRegistration
{
    /// <summary>Loads the rule set at start-up (a bad set stops the service with every problem listed) and keeps it reloadable.</summary>
    public static IServiceCollection AddSourcingRules(this IServiceCollection services)
    {
        services.AddOptions<RulesOptions>().BindConfiguration(RulesOptions.Section);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RulesOptions>>().Value;
            var environment = sp.GetRequiredService<IHostEnvironment>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Sourcing.Rules");
            var host = new RuleSetHost(RulesDirectory.Resolve(options.Directory, environment.ContentRootPath), options);
            LogLoaded(logger, host.Directory, host.Current.Version, host.Current.Rules.Count);
            host.Reloaded += result =>
            {
                if (result.Applied)
                {
                    LogLoaded(logger, host.Directory, result.ActiveVersion, host.Current.Rules.Count);
                }
                else
                {
                    LogRefused(logger, result.ActiveVersion, string.Join("; ", result.Problems));
                }
            };
            return host;
        });
        services.AddHostedService<RulesStartup>();
        return services;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rules from {Directory} active: version {Version}, {Count} rules")]
    private static partial void LogLoaded(ILogger logger, string directory, string version, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule edit refused, version {Version} stays active: {Problems}")]
    private static partial void LogRefused(ILogger logger, string version, string problems);
}
