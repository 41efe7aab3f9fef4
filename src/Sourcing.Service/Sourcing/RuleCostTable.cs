using Sourcing.Rules.Evaluation;

namespace Sourcing.Service.Sourcing;

/// <summary>
/// The rules' cost adjustments summed once per decision by location (and line), so pricing every line × location
/// candidate is a dictionary lookup rather than a scan of every adjustment. A per-shipment rule counts once per
/// location however many lines it fired for: JSON cost rules run per line × location, but a shipment is per location.
/// </summary>
internal sealed class RuleCostTable
{
    private readonly Dictionary<string, long> _perShipment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _perUnitAnyLine = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Line, string Location), long> _perUnitOneLine = [];

    public RuleCostTable(IReadOnlyList<CostAdjustment> adjustments)
    {
        foreach (var shipmentRule in adjustments.Where(a => a.PerShipmentMinor != 0).DistinctBy(a => (a.Rule, a.LocationId)))
        {
            _perShipment[shipmentRule.LocationId] = _perShipment.GetValueOrDefault(shipmentRule.LocationId) + shipmentRule.PerShipmentMinor;
        }

        foreach (var adjustment in adjustments)
        {
            if (adjustment.LineIndex is { } line)
            {
                _perUnitOneLine[(line, adjustment.LocationId)] = _perUnitOneLine.GetValueOrDefault((line, adjustment.LocationId)) + adjustment.PerUnitMinor;
            }
            else
            {
                _perUnitAnyLine[adjustment.LocationId] = _perUnitAnyLine.GetValueOrDefault(adjustment.LocationId) + adjustment.PerUnitMinor;
            }
        }
    }

    public long PerShipment(string locationId) => _perShipment.GetValueOrDefault(locationId);

    public long PerUnit(int line, string locationId) =>
        _perUnitAnyLine.GetValueOrDefault(locationId) + _perUnitOneLine.GetValueOrDefault((line, locationId));
}
