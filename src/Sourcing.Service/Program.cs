using Sourcing.Service.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSourcing();

var app = builder.Build();
app.MapSourcing();
app.Run();

/// <summary>The entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
