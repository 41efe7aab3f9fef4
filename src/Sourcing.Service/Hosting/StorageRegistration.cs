using Microsoft.Extensions.Options;
using Sourcing.Service.Audit;
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
    /// Registers the stores of the mode chosen by <see cref="ChooseMode"/> and returns it. Throws (stopping the service
    /// at start) when the settings do not name a mode unambiguously.
    /// </summary>
    public static StorageMode AddSourcingStorage(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var redisConfiguration = configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"];
        var mode = ChooseMode(configuration, environment, redisConfiguration);
        if (mode == StorageMode.InMemory)
        {
            services.AddSingleton<IStockStore, InMemoryStockStore>();
            services.AddSingleton<ILocationStore, InMemoryLocationStore>();
            services.AddSingleton<ISourcingRequestStore, InMemorySourcingRequestStore>();
            services.AddSingleton<IAuditLog, InMemoryAuditLog>();
            return mode;
        }

        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(redisConfiguration!);
            // Start even while Redis is down: health reports NOT_SERVING and calls get UNAVAILABLE until it is back.
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
        services.AddSingleton<IStockStore, RedisStockStore>();
        services.AddSingleton<ILocationStore, RedisLocationStore>();
        services.AddSingleton<ISourcingRequestStore, RedisSourcingRequestStore>();
        services.AddSingleton<IAuditLog, RedisAuditLog>();
        return mode;
    }

    /// <summary>
    /// <c>Storage:Mode</c> when set (Redis then needs <c>Redis:Configuration</c>); otherwise, in Development only, Redis
    /// when configured and the embedded store when not. A key under <c>Redis</c> that the service does not know (a typo
    /// such as <c>Redis:Configuraton</c>) is refused in every environment.
    /// </summary>
    public static StorageMode ChooseMode(IConfiguration configuration, IHostEnvironment environment, string? redisConfiguration)
    {
        var unknown = configuration.GetSection(RedisOptions.Section).GetChildren()
            .Select(c => c.Key)
            .Where(key => typeof(RedisOptions).GetProperty(key, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase) is null)
            .ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"Unknown setting {string.Join(", ", unknown.Select(k => $"{RedisOptions.Section}:{k}"))}; the Redis section takes " +
                string.Join(", ", typeof(RedisOptions).GetProperties().Select(p => p.Name)) + ".");
        }

        var modeText = configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Mode)}"];
        var hasRedis = !string.IsNullOrWhiteSpace(redisConfiguration);
        if (string.IsNullOrWhiteSpace(modeText))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"Storage:Mode is not set (env Storage__Mode). Outside Development the store must be chosen explicitly: " +
                    $"'Redis' (with Redis:Configuration) or 'InMemory' (embedded, loses everything on restart). Environment: {environment.EnvironmentName}.");
            }

            return hasRedis ? StorageMode.Redis : StorageMode.InMemory;
        }

        if (!Enum.TryParse<StorageMode>(modeText, ignoreCase: true, out var mode) || mode == StorageMode.Unset || !Enum.IsDefined(mode))
        {
            throw new InvalidOperationException($"Storage:Mode '{modeText}' is not a storage mode; use 'Redis' or 'InMemory'.");
        }

        if (mode == StorageMode.Redis && !hasRedis)
        {
            throw new InvalidOperationException("Storage:Mode is Redis but Redis:Configuration (env Redis__Configuration) is empty.");
        }

        if (mode == StorageMode.InMemory && hasRedis)
        {
            throw new InvalidOperationException("Storage:Mode is InMemory but Redis:Configuration is set; remove one of them.");
        }

        return mode;
    }
}
