using Sourcing.Service.Hosting;
using Sourcing.Service.Rules;

if (RulesCommand.TryRun(args, out var exitCode))
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddSourcing();

var app = builder.Build();
app.MapSourcing();
app.Run();
return 0;

/// <summary>The entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
