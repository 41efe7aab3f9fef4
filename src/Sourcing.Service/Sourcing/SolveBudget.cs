using Microsoft.Extensions.Options;

namespace Sourcing.Service.Sourcing;

/// <summary>The optimizer's time: the configured maximum, shortened by the call's own deadline less what the rest needs.</summary>
public sealed class SolveBudget(TimeProvider clock, IOptions<SourcingOptions> options)
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(1);

    public TimeSpan For(DateTime callDeadlineUtc, int solves = 1)
    {
        var budget = options.Value.MaxSolveTime;
        if (callDeadlineUtc != DateTime.MaxValue)
        {
            var left = callDeadlineUtc - clock.GetUtcNow().UtcDateTime - options.Value.DeadlineReserve;
            budget = left < budget ? left : budget;
        }

        budget /= Math.Max(1, solves);
        return budget < Minimum ? Minimum : budget;
    }
}
