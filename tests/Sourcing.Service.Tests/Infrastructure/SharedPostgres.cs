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
        // Every host test holds a connection pool of its own (up to 40) on this one server, and concurrent-caller
        // tests fill theirs while other test classes run: PostgreSQL's default of 100 connections refused some of
        // them outright ("too many clients"), which the service rightly answers as UNAVAILABLE.
        var server = LocalPostgresServer.Start(new Dictionary<string, string> { ["max_connections"] = "400" });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    public static Task<string> NewDatabaseAsync() => Server.Value.CreateDatabaseAsync();
}
