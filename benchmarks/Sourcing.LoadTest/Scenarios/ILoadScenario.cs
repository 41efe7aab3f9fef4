namespace Sourcing.LoadTest.Scenarios;

/// <summary>What one call did: which RPC it was and how it answered ("OK", "UNAVAILABLE", ...).</summary>
internal readonly record struct CallOutcome(string Rpc, string Status);

/// <summary>A kind of traffic: each <see cref="RunOnceAsync"/> makes exactly one call and reports it.</summary>
internal interface ILoadScenario
{
    string Name { get; }

    Task<CallOutcome> RunOnceAsync(CancellationToken cancellationToken);
}
