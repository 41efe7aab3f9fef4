using Sourcing.Rules.Loading;
using Sourcing.Testing;

namespace Sourcing.Rules.Tests;

/// <summary>Reloads triggered by file changes: whatever a saved file does, the host keeps running on a good set.</summary>
public sealed class RuleReloadTests : IDisposable
{
    private readonly string _rules = RepositoryPaths.CopyOfRules();

    [Fact]
    public async Task FileWatcher_RuleThatThrowsWhilePriming_IsRefusedAndPreviousSetStaysActive()
    {
        using var host = new RuleSetHost(_rules, new RulesOptions { WatchFiles = true });
        var before = host.Current;
        var refused = new TaskCompletionSource<ReloadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Reloaded += result => refused.TrySetResult(result);

        // Divides by zero for every line: the old reload let that escape the watcher's timer and end the process.
        await File.WriteAllTextAsync(Path.Combine(_rules, "eligibility.json"), """
            { "WorkflowName": "eligibility", "Rules": [
              { "RuleName": "DividesByZero", "SuccessEvent": "x", "Expression": "line.Quantity / (line.Quantity - line.Quantity) > 0" } ] }
            """);
        var result = await refused.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.False(result.Applied);
        Assert.Same(before, host.Current);
        Assert.Equal(before.Version, result.ActiveVersion);
        Assert.Equal(("eligibility.json", "DividesByZero"), (result.Problems[0].File, result.Problems[0].Rule));
        Assert.Same(result, host.LastReload);
    }

    [Fact]
    public void Reload_ListenerThatThrows_StillReportsTheOutcome()
    {
        using var host = new RuleSetHost(_rules, new RulesOptions { WatchFiles = false });
        host.Reloaded += _ => throw new InvalidOperationException("a broken listener");

        var result = host.Reload();

        Assert.True(result.Applied);
        Assert.Same(result, host.LastReload);
    }

    public void Dispose() => Directory.Delete(_rules, recursive: true);
}
