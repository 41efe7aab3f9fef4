using Microsoft.Extensions.Options;
using Sourcing.Service.Hosting;
using Sourcing.Service.Orders;
using Sourcing.Service.Rules;

if (RulesCommand.TryRun(args, out var exitCode) || MigrateCommand.TryRun(args, out exitCode))
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
WebApplication app;
try
{
    builder.AddSourcing();
    app = builder.Build();
    app.MapSourcing();
    await app.StartAsync();
}
catch (Exception exception) when (exception is InvalidOperationException or OptionsValidationException)
{
    // A setting or the rule set is wrong: say which in one line and exit non-zero, rather than a stack trace.
    await Console.Error.WriteLineAsync("Sourcing did not start: " + exception.Message);
    return 1;
}

await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;

/// <summary>The entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
