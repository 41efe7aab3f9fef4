namespace Sourcing.Optimizer.Tests;

public sealed class SolverWarmUpTests
{
    [Fact]
    public void Run_WarmUpProblem_IsSolvedByACpSatSearchToItsOptimum()
    {
        var plan = SolverWarmUp.Run(rounds: 1);

        Assert.True(SolverWarmUp.SearchedWithCpSat(plan), $"{plan.Status} via {plan.Method}, statistics {plan.Statistics}");
        Assert.Equal(Model.SolveStatus.Optimal, plan.Status);
        Assert.Equal(20_100, plan.Cost.Total);
    }
}
