using Sourcing.Orders.Storage.Postgres;

namespace Sourcing.Service.Orders;

/// <summary>With <c>Orders:ApplyMigrations</c>: brings the order schema up to date before the service takes calls.</summary>
public sealed class OrderMigrationsAtStart(string connectionString) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await OrdersDatabase.MigrateAsync(connectionString, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The start fails with one line naming the cause (Program prints InvalidOperationException that way).
            throw new InvalidOperationException("the order schema could not be migrated (Orders:ApplyMigrations): " + exception.Message, exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
