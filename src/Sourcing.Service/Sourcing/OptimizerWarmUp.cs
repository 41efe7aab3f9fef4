using Sourcing.Optimizer;
using Sourcing.Optimizer.Model;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// Loads OR-Tools' native library and runs the solver code once at start-up: the first solve costs 80-240 ms
/// (STACK.md), which no customer's checkout should pay.
/// </summary>
public sealed class OptimizerWarmUp : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<Candidate> { new(0, 10), new(1, 12) };
        var problem = new SourcingProblem(
            [new ProblemLocation("warm-a"), new ProblemLocation("warm-b")],
            new Dictionary<StockKey, int> { [new StockKey("W", 0)] = 1, [new StockKey("W", 1)] = 5 },
            [new ProblemOrder("warm", [new ProblemLine("W", 3, candidates)], [100, 120], new OrderPolicy())]);
        for (var i = 0; i < 3; i++)
        {
            SourcingOptimizer.Solve(problem, new SolveOptions { Deadline = TimeSpan.FromSeconds(1) });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
