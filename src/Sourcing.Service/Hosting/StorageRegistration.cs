using Microsoft.Extensions.Options;
using Sourcing.Service.Inventory;
using Sourcing.Service.Locations;
using Sourcing.Service.Sourcing;
using Sourcing.Service.Storage.InMemory;
using Sourcing.Service.Storage.Redis;
using StackExchange.Redis;

namespace Sourcing.Service.Hosting;

public static class StorageRegistration
{
    /// <summary>
    /// Redis when <c>Redis:Configuration</c> is set (env <c>Redis__Configuration</c>), otherwise the embedded in-memory
    /// store. Returns true when Redis is used.
    /// </summary>
    public static bool AddSourcingStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var redisConfiguration = configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"];
        if (string.IsNullOrWhiteSpace(redisConfiguration))
        {
            services.AddSingleton<IStockStore, InMemoryStockStore>();
            services.AddSingleton<ILocationStore, InMemoryLocationStore>();
            services.AddSingleton<ISourcingRequestStore, InMemorySourcingRequestStore>();
            return false;
        }

        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(redisConfiguration);
            // Start even while Redis is down: health reports NOT_SERVING and calls get UNAVAILABLE until it is back.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
        services.AddSingleton<IStockStore, RedisStockStore>();
        services.AddSingleton<ILocationStore, RedisLocationStore>();
        services.AddSingleton<ISourcingRequestStore, RedisSourcingRequestStore>();
        return true;
    }
}
