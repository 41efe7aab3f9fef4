using Grpc.AspNetCore.Server;
using Sourcing.Service.Grpc;

namespace Sourcing.Service.Security;

public static class LimitsRegistration
{
    /// <summary>Per-caller call rate and stream caps (an interceptor), message sizes, and Kestrel's connection and stream limits.</summary>
    public static WebApplicationBuilder AddSourcingLimits(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(LimitsOptions.Section);
        builder.Services.AddOptions<LimitsOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CallerLimitsInterceptor>();
        var limits = section.Get<LimitsOptions>() ?? new LimitsOptions();
        builder.Services.AddCallerConcurrencyLimit(limits);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.MaxConnections;
            kestrel.Limits.Http2.MaxStreamsPerConnection = limits.MaxStreamsPerConnection;
            kestrel.Limits.MaxRequestBodySize = limits.MaxMessageBytes * 4L;
        });
        builder.Services.PostConfigure<GrpcServiceOptions>(grpc =>
        {
            grpc.MaxReceiveMessageSize = limits.MaxMessageBytes;
            grpc.MaxSendMessageSize = limits.MaxMessageBytes;
        });
        return builder;
    }
}
