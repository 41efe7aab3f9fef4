using Sourcing.Service.Inventory;
using Sourcing.Service.Storage.InMemory;

namespace Sourcing.Service.Tests.Storage;

public sealed class InMemoryStockStoreTests : StockStoreContract
{
    protected override IStockStore Store { get; } = new InMemoryStockStore();
}
