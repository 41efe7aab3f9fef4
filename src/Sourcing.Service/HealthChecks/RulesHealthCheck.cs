using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sourcing.Rules.Loading;

namespace Sourcing.Service.HealthChecks;

/// <summary>Healthy with the active rule set's version; the set is loaded and primed at start, so this names what decides.</summary>
public sealed class RulesHealthCheck(RuleSetHost rules) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"rules version {rules.Current.Version}, {rules.Current.Rules.Count} rules"));
}
