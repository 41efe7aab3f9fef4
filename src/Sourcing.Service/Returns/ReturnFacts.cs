using Sourcing.Orders;
using Sourcing.Orders.Returns;
using Sourcing.Rules.Facts;

namespace Sourcing.Service.Returns;

/// <summary>A return request as the return rules see it: the words rule files compare against, not the domain's enums.</summary>
internal static class ReturnFacts
{
    public static ReturnFact Of(ReturnPolicyRequest request) => new()
    {
        Kind = KindName(request.Kind),
        RequestedVia = request.RequestedVia,
        OrderChannel = request.Order.Channel,
        PaymentMethod = request.Order.PaymentMethod,
        // The goods' total, as the sourcing rules' order total: shipping is not what a "small order" threshold means.
        OrderTotalMinor = request.Order.Lines.Sum(l => l.UnitPriceMinor * l.Quantity),
        Country = request.Order.ShippingAddress.Country,
    };

    public static ReturnLineFact Of(ReturnPolicyLine line) => new()
    {
        LineId = line.Line.LineId,
        Sku = line.Line.Sku,
        Category = line.Line.Category,
        Quantity = line.Quantity,
        UnitPriceMinor = line.Line.UnitPriceMinor,
        Reason = ReasonName(line.Reason),
        DaysSinceDelivery = line.DaysSinceDelivery,
        IsFreeItem = line.Line.FreeWithLineId.Length > 0,
    };

    public static string KindName(ReturnKind kind) => kind switch
    {
        ReturnKind.Refund => "refund",
        ReturnKind.Exchange => "exchange",
        ReturnKind.Replacement => "replacement",
        ReturnKind.Repair => "repair",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a return kind"),
    };

    public static string ReasonName(ReturnReason reason) => reason switch
    {
        ReturnReason.Damaged => "damaged",
        ReturnReason.WrongItem => "wrong_item",
        ReturnReason.DoesNotFit => "does_not_fit",
        ReturnReason.NoLongerWanted => "no_longer_wanted",
        ReturnReason.DefectUnderWarranty => "defect_under_warranty",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a return reason"),
    };
}
