using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Sourcing.Orders.Billing.Receivables;
using Sourcing.Orders.Customers;
using Sourcing.Orders.Customers.Overview;
using Sourcing.Orders.Customers.Search;
using Sourcing.Orders.Storage.Postgres;

namespace Sourcing.Benchmarks.Customers;

/// <summary>
/// The real customer read side on the seeded database, wired as the host wires it: the PostgreSQL customer, order and
/// billing stores on one pool, the directory, facts, accounts, <see cref="CustomerOverviewReader"/> and
/// <see cref="CustomerSearch"/> with the default <see cref="CustomerOptions"/>.
/// </summary>
internal sealed class CustomerStack : IAsyncDisposable, IDisposable
{
    public CustomerStack()
    {
        var storeOptions = new PostgresOrderStoreOptions { ConnectionString = CustomerBenchDatabase.ConnectionString(), CommandTimeout = TimeSpan.FromSeconds(60) };
        DataSource = new OrdersDataSource(storeOptions);
        Orders = PostgresOrderStore.Create(storeOptions);
        Billing = PostgresBillingStore.Create(storeOptions);
        Customers = new PostgresCustomerStore(DataSource);
        var options = Options.Create(new CustomerOptions());
        var directory = new CustomerDirectory(Customers, TimeProvider.System, options, NullLogger<CustomerDirectory>.Instance);
        Overview = new CustomerOverviewReader(
            directory, new CustomerFactsReader(Customers, Orders, options), Orders, Billing, TimeProvider.System, options);
        Search = new CustomerSearch(Customers, Orders, Billing, options);
    }

    public OrdersDataSource DataSource { get; }
    public PostgresOrderStore Orders { get; }
    public PostgresBillingStore Billing { get; }
    public PostgresCustomerStore Customers { get; }
    public CustomerOverviewReader Overview { get; }
    public CustomerSearch Search { get; }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        await Orders.DisposeAsync();
        await Billing.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
