using Sourcing.Orders.Storage.Postgres;

namespace Sourcing.Service.Orders;

/// <summary>
/// <c>dotnet run --project src/Sourcing.Service -- migrate</c>: applies the order schema's pending migrations to the
/// database named by <c>Orders:ConnectionString</c> (appsettings, environment <c>Orders__ConnectionString</c>, or
/// <c>--Orders:ConnectionString=...</c>), prints what it applied, and exits (1 on failure).
/// </summary>
public static class MigrateCommand
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || args[0] != "migrate")
        {
            return false;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[1..])
            .Build();
        var connectionString = configuration[$"{OrdersOptions.Section}:{nameof(OrdersOptions.ConnectionString)}"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("migrate: set Orders:ConnectionString (e.g. --Orders:ConnectionString=\"Host=...;Database=...;Username=...\").");
            exitCode = 1;
            return true;
        }

        try
        {
            var pending = OrdersDatabase.PendingMigrationsAsync(connectionString, CancellationToken.None).GetAwaiter().GetResult();
            OrdersDatabase.MigrateAsync(connectionString, CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine(pending.Count == 0
                ? "The order schema is up to date; nothing to apply."
                : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine("migrate failed: " + exception.Message);
            exitCode = 1;
        }

        return true;
    }
}
