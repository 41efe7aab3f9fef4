using Sourcing.Rules.Loading;

namespace Sourcing.Service.Rules;

/// <summary>
/// Loads, checks and primes the rule set while the host starts, before it serves a call. Loaded on first use instead, a
/// broken rules folder started a service that looked healthy and then failed every rules call. A bad set stops the
/// start with one log line naming each file, rule and reason.
/// </summary>
internal sealed partial class RulesStartup(IServiceProvider services, ILogger<RulesStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            services.GetRequiredService<RuleSetHost>();
        }
        catch (RuleSetException refused)
        {
            LogRefused(logger, string.Join("; ", refused.Problems));
            throw;
        }
        catch (InvalidOperationException missing) when (missing is not ObjectDisposedException)
        {
            LogMissing(logger, missing.Message);
            throw;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "The rule set was refused at start; the service stops: {Problems}")]
    private static partial void LogRefused(ILogger logger, string problems);

    [LoggerMessage(Level = LogLevel.Critical, Message = "No rule set at start; the service stops: {Reason}")]
    private static partial void LogMissing(ILogger logger, string reason);
}
