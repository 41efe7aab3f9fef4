using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// Lets `dotnet ef migrations add` build the model from this project alone (no startup project). Generating a
/// migration does not connect; commands that do (`database update`) use SOURCING_ORDERS_POSTGRES when set.
/// </summary>
public sealed class OrdersDesignTimeFactory : IDesignTimeDbContextFactory<OrdersDbContext>
{
    public OrdersDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("SOURCING_ORDERS_POSTGRES") ?? "Host=127.0.0.1;Database=sourcing;Username=sourcing";
        var builder = new DbContextOptionsBuilder<OrdersDbContext>();
        OrdersDatabase.Configure(builder, connectionString, TimeSpan.FromMinutes(10));
        return new OrdersDbContext(builder.Options);
    }
}
