using Sourcing.Testing;

namespace Sourcing.Service.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL for the host tests that keep orders in it, started on first use and stopped when the test
/// process exits. Each test takes a fresh database (<see cref="NewDatabaseAsync"/>), so tests never see each other's
/// orders. Tests that freeze or kill a server start their own (<see cref="PostgresFixture"/>).
/// </summary>
public static class SharedPostgres
{
    private static readonly Lazy<LocalPostgresServer> Server = new(() =>
    {
        var server = LocalPostgresServer.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    public static Task<string> NewDatabaseAsync() => Server.Value.CreateDatabaseAsync();
}
