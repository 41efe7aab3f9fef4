using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sourcing.Benchmarks.Sourcing;

/// <summary>
/// A stand-in OTLP collector on loopback (OTLP over HTTP with protobuf): it reads every export's body and answers 200
/// with an empty export response, so the exporter does all of its real work (batching, serialising, sending) and the
/// benchmark measures that rather than a collector's processing.
/// </summary>
internal sealed class OtlpSink : IDisposable
{
    private readonly WebApplication _app;
    private long _exports;
    private long _bytes;

    public OtlpSink()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        _app = builder.Build();
        _app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                Interlocked.Add(ref _bytes, read);
            }

            Interlocked.Increment(ref _exports);
            context.Response.ContentType = "application/x-protobuf";
        });
        _app.StartAsync().GetAwaiter().GetResult();
        Endpoint = _app.Urls.First();
    }

    /// <summary>The base address to give as <c>Telemetry:Otlp:Endpoint</c> with protocol <c>HttpProtobuf</c>.</summary>
    public string Endpoint { get; }

    public long Exports => Interlocked.Read(ref _exports);

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }
}
