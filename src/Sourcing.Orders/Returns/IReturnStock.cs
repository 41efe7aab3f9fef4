namespace Sourcing.Orders.Returns;

/// <summary>Puts returned units back into sellable stock. Implemented by the host over the stock ledger.</summary>
public interface IReturnStock
{
    /// <summary>
    /// Adds <paramref name="quantity"/> to on hand at the location as one adjustment under <paramref name="requestId"/>:
    /// a repeat (a retry, the reconciler after a crash) is applied once. The reason names the return ("return
    /// RMA-…"), so channels watching stock see why it rose.
    /// </summary>
    Task RestockAsync(string requestId, string sku, string locationId, int quantity, string reason, CancellationToken cancellationToken);
}
