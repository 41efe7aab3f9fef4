using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Storage.Postgres;
using Sourcing.Testing;

namespace Sourcing.Benchmarks.Billing;

/// <summary>
/// The billing reports' database: their own PostgreSQL on loopback (fsync on, synchronous commit on: PostgreSQL's
/// defaults), the orders schema with the billing tables migrated, and the real <see cref="PostgresBillingStore"/> on it.
/// </summary>
internal sealed class BillingDatabase : IDisposable
{
    private readonly LocalPostgresServer _postgres;

    public BillingDatabase(string name)
    {
        _postgres = LocalPostgresServer.Start();
        ConnectionString = _postgres.CreateDatabaseAsync(name).GetAwaiter().GetResult();
        OrdersDatabase.MigrateAsync(ConnectionString, CancellationToken.None).GetAwaiter().GetResult();
        StoreOptions = new PostgresOrderStoreOptions { ConnectionString = ConnectionString, CommandTimeout = TimeSpan.FromSeconds(60) };
        Store = PostgresBillingStore.Create(StoreOptions);
    }

    public string ConnectionString { get; }

    /// <summary>A long command timeout: the reports run on a shared machine and measure, they do not test timeouts.</summary>
    public PostgresOrderStoreOptions StoreOptions { get; }

    public PostgresBillingStore Store { get; }

    /// <summary>The options the reports bill with: the defaults (RE/GS/MG, 14 days net, 2 % within 7, levels 7/21/35 days) and a seller.</summary>
    public static BillingOptions Options() => new()
    {
        Seller = new BillingParty { Name = "Sourcing GmbH", Street = "Hafenstr. 1", PostalCode = "20457", City = "Hamburg", VatId = "DE123456789", TaxNumber = "22/815/08150" },
        BankIban = "DE89370400440532013000",
        BankBic = "COBADEFFXXX",
    };

    public NpgsqlConnection OpenConnection()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The sequences of a series and year read back, and whether they are exactly 1..count.</summary>
    public (int Count, bool Gapless) CheckSequences(string series, int year)
    {
        var sequences = Store.ListSequencesAsync(series, year, CancellationToken.None).GetAwaiter().GetResult();
        var gapless = true;
        for (var i = 0; i < sequences.Count; i++)
        {
            gapless &= sequences[i] == i + 1;
        }

        return (sequences.Count, gapless);
    }

    public void Analyze()
    {
        using var connection = OpenConnection();
        using var analyze = new NpgsqlCommand("ANALYZE", connection) { CommandTimeout = 600 };
        analyze.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _postgres.Dispose();
    }

    public static NullLogger<T> Log<T>() => NullLogger<T>.Instance;
}
