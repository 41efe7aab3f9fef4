using Sourcing.Rules.Evaluation;
using Sourcing.Service.Sourcing;

namespace Sourcing.Service.Tests.Sourcing;

public sealed class RuleCostTableTests
{
    [Fact]
    public void PerShipment_RuleFiredForEveryLine_CountsOncePerShipment()
    {
        // JSON cost rules run per line x location, so a per-shipment rule fires once for each line the location could ship.
        var table = new RuleCostTable(
        [
            new CostAdjustment(0, "DS-1", 0, 300, "DropShipHandlingSurcharge"),
            new CostAdjustment(1, "DS-1", 0, 300, "DropShipHandlingSurcharge"),
            new CostAdjustment(null, "DS-1", 0, 40, "VipCustomerPrefersFastestLocation"),
        ]);

        Assert.Equal(340, table.PerShipment("DS-1"));
    }

    [Fact]
    public void PerUnit_LineAndLocationWideRules_AddUpPerLine()
    {
        var table = new RuleCostTable(
        [
            new CostAdjustment(0, "ST-1", 500, 0, "HeavyItemsFromStoresCostMore"),
            new CostAdjustment(null, "ST-1", 150, 0, "BusyLocationSurcharge"),
        ]);

        Assert.Equal((650, 150, 0), (table.PerUnit(0, "ST-1"), table.PerUnit(1, "ST-1"), table.PerUnit(0, "WH-1")));
    }
}
