using Sourcing.Testing;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL server for a test class (IClassFixture). Tests isolate themselves with a fresh database each
/// (<see cref="LocalPostgresServer.CreateDatabaseAsync"/>), so a class that freezes or kills its server harms no other.
/// </summary>
public sealed class PostgresFixture : IDisposable
{
    public LocalPostgresServer Server { get; } = LocalPostgresServer.Start();

    public void Dispose() => Server.Dispose();
}
