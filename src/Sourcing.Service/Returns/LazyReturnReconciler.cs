using Sourcing.Orders;
using Sourcing.Orders.Returns;

namespace Sourcing.Service.Returns;

/// <summary>
/// The order lifecycle's hook into returns, resolved on first use: returns create exchange orders through the order
/// lifecycle, so the lifecycle cannot take the return service at construction without a cycle.
/// </summary>
internal sealed class LazyReturnReconciler(IServiceProvider services) : IReturnReconciler
{
    public Task ReconcileAsync(string orderId, CancellationToken cancellationToken) =>
        services.GetRequiredService<ReturnService>().ReconcileAsync(orderId, cancellationToken);
}
