using Sourcing.Orders.Returns;
using RepairOutcome = Sourcing.Orders.Returns.RepairOutcome;
using Sourcing.Service.Errors;
using Sourcing.Service.Orders;
using Sourcing.Service.Sourcing;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Returns;

/// <summary>
/// Checks ReturnService requests field by field (every problem at once, named as in the proto) before anything is
/// read or changed, and turns them into the domain's commands. Every string, number and list has a bound; enums left
/// unspecified are bad fields.
/// </summary>
internal static class ReturnRequestReader
{
    public const int MaxRefLength = 64;
    public const int MaxShortText = 64;
    public const int MaxPartnerText = 128;
    public const int MaxQuantity = SourcingRequestReader.MaxQuantityPerLine;
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    /// <summary>The place a parcel-shop scan names instead of a store.</summary>
    public const string CarrierDropOff = "carrier";

    public static void Validate(Action<ProblemList> check)
    {
        var problems = new ProblemList();
        check(problems);
        problems.ThrowIfAny();
    }

    public static void ReturnRef(ProblemList problems, string value) => problems.RequiredText("return", value, MaxRefLength);

    public static AuthoriseReturnCommand Authorise(ProblemList problems, Proto.AuthoriseReturnRequest request, int maxLines)
    {
        problems.RequestId("request_id", request.RequestId, ReturnOptions.MaxRequestIdLength);
        problems.RequiredText("order_id", request.OrderId, OrderRequestReader.MaxOrderIdLength);
        var kind = ReturnMapping.KindOf(request.Kind);
        if (kind is null)
        {
            problems.Add("kind", $"must be refund, exchange, replacement or repair, was {request.Kind}");
        }

        problems.RequiredText("requested_via", request.RequestedVia, MaxShortText);
        if (request.DropOffLocationId.Length > 0)
        {
            problems.LocationId("drop_off_location_id", request.DropOffLocationId);
        }

        var destination = ReturnMapping.DestinationOf(request.RefundDestination);
        if (destination is null)
        {
            problems.Add("refund_destination", $"must be original payment or store credit, was {request.RefundDestination}");
        }

        problems.OptionalText("policy_override_reason", request.PolicyOverrideReason, ReturnOptions.MaxReasonTextLength);
        var lines = Lines(problems, request.Lines, kind, maxLines);
        return new AuthoriseReturnCommand(
            request.OrderId,
            request.RequestId,
            kind ?? ReturnKind.Refund,
            request.RequestedVia,
            lines,
            request.DropOffLocationId.Length == 0 ? null : request.DropOffLocationId,
            destination ?? RefundDestination.OriginalPayment,
            string.IsNullOrWhiteSpace(request.PolicyOverrideReason) ? null : request.PolicyOverrideReason);
    }

    private static List<ReturnLineRequest> Lines(ProblemList problems, IReadOnlyList<Proto.ReturnLineRequest> lines, ReturnKind? kind, int maxLines)
    {
        problems.Count("lines", lines.Count, 1, maxLines);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ReturnLineRequest>();
        for (var i = 0; i < lines.Count && i < maxLines && problems.Count < 100; i++)
        {
            var line = lines[i];
            problems.RequiredText($"lines[{i}].line_id", line.LineId, MaxShortText);
            if (line.LineId.Length > 0 && !seen.Add(line.LineId))
            {
                problems.Add($"lines[{i}].line_id", $"repeats line '{ProblemList.Printable(line.LineId)}'; name each line once");
            }

            problems.InRange($"lines[{i}].quantity", line.Quantity, 1, MaxQuantity);
            var reason = ReturnMapping.ReasonOf(line.Reason);
            if (reason is null)
            {
                problems.Add($"lines[{i}].reason", $"must be damaged, wrong item, does not fit, no longer wanted or defect under warranty, was {line.Reason}");
            }

            problems.OptionalText($"lines[{i}].reason_text", line.ReasonText, ReturnOptions.MaxReasonTextLength);
            if (line.ExchangeSku.Length > 0)
            {
                if (kind is not ReturnKind.Exchange)
                {
                    problems.Add($"lines[{i}].exchange_sku", "is only for an exchange (kind RETURN_KIND_EXCHANGE)");
                }
                else
                {
                    problems.Sku($"lines[{i}].exchange_sku", line.ExchangeSku);
                }
            }

            result.Add(new ReturnLineRequest(line.LineId, line.Quantity, reason ?? ReturnReason.Damaged, line.ReasonText, line.ExchangeSku));
        }

        return result;
    }

    public static ReturnStatus? List(ProblemList problems, Proto.ListReturnsRequest request, out int pageSize, out ReturnPageToken? after)
    {
        problems.OptionalText("order_id", request.OrderId, OrderRequestReader.MaxOrderIdLength);
        problems.OptionalText("customer_id", request.CustomerId, SourcingRequestReader.MaxCustomerIdLength);
        if (request.LocationId.Length > 0)
        {
            problems.LocationId("location_id", request.LocationId);
        }

        ReturnStatus? status = null;
        if (request.Status != Proto.ReturnStatus.Unspecified && (status = ReturnMapping.StatusOf(request.Status)) is null)
        {
            problems.Add("status", $"unknown status {request.Status}");
        }

        problems.InRange("page_size", request.PageSize, 0, MaxPageSize);
        pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        after = ReturnPageTokens.Read(problems, "page_token", request.PageToken);
        return status;
    }

    public static DropOffCommand DropOff(ProblemList problems, Proto.RecordDropOffRequest request, DateTimeOffset now)
    {
        ReturnRef(problems, request.Return);
        if (request.DropOffPoint != CarrierDropOff)
        {
            problems.LocationId("drop_off_point", request.DropOffPoint);
        }

        var at = now;
        if (request.At is { } given)
        {
            if (given.Seconds < -62_135_596_800 || given.Seconds > 253_402_300_799 || given.Nanos is < 0 or > 999_999_999)
            {
                problems.Add("at", "is not a valid timestamp");
            }
            else if ((at = given.ToDateTimeOffset()) > now.AddMinutes(5))
            {
                problems.Add("at", "must not be in the future");
            }
        }

        return new DropOffCommand(request.Return, request.DropOffPoint, at);
    }

    public static ReceiveReturnCommand Receive(ProblemList problems, Proto.ReceiveReturnRequest request, int maxLines)
    {
        ReturnRef(problems, request.Return);
        problems.RequestId("request_id", request.RequestId, ReturnOptions.MaxRequestIdLength);
        problems.LocationId("location_id", request.LocationId);
        problems.Count("units", request.Units.Count, 1, maxLines);
        var units = new List<ReceivedUnits>();
        for (var i = 0; i < request.Units.Count && i < maxLines && problems.Count < 100; i++)
        {
            var entry = request.Units[i];
            problems.RequiredText($"units[{i}].line_id", entry.LineId, MaxShortText);
            var grade = ReturnMapping.GradeOf(entry.Grade);
            if (grade is null)
            {
                problems.Add($"units[{i}].grade", $"must be resellable, needs refurbishing, damaged or to supplier, was {entry.Grade}");
            }

            problems.InRange($"units[{i}].quantity", entry.Quantity, 1, MaxQuantity);
            problems.OptionalText($"units[{i}].note", entry.Note, ReturnOptions.MaxNoteLength);
            units.Add(new ReceivedUnits(entry.LineId, grade ?? UnitGrade.Resellable, entry.Quantity, entry.Note));
        }

        return new ReceiveReturnCommand(request.Return, request.RequestId, request.LocationId, units);
    }

    public static void Cancel(ProblemList problems, Proto.CancelReturnRequest request)
    {
        ReturnRef(problems, request.Return);
        problems.RequiredText("reason", request.Reason, ReturnOptions.MaxReasonTextLength);
    }

    public static void SendToRepair(ProblemList problems, Proto.SendToRepairPartnerRequest request)
    {
        ReturnRef(problems, request.Return);
        problems.RequiredText("partner_name", request.PartnerName, MaxPartnerText);
        problems.RequiredText("partner_reference", request.PartnerReference, MaxPartnerText);
    }

    public static RepairOutcomeCommand ReadRepairOutcome(ProblemList problems, Proto.RecordRepairOutcomeRequest request)
    {
        ReturnRef(problems, request.Return);
        var outcome = ReturnMapping.OutcomeOf(request.Outcome);
        var resolution = ReturnMapping.ResolutionOf(request.Resolution);
        if (outcome is null)
        {
            problems.Add("outcome", $"must be repaired or not repairable, was {request.Outcome}");
        }
        else if (outcome == RepairOutcome.NotRepairable && resolution is null)
        {
            problems.Add("resolution", "is required when the units are not repairable: ship back, refund or replace");
        }
        else if (outcome == RepairOutcome.Repaired && request.Resolution != Proto.RepairResolution.Unspecified)
        {
            problems.Add("resolution", "must be left unspecified when the units were repaired (they are shipped back)");
        }

        problems.OptionalText("note", request.Note, ReturnOptions.MaxNoteLength);
        return new RepairOutcomeCommand(request.Return, outcome ?? RepairOutcome.Repaired, outcome == RepairOutcome.NotRepairable ? resolution : null, request.Note);
    }

    public static void ShipBack(ProblemList problems, Proto.ShipRepairBackRequest request)
    {
        ReturnRef(problems, request.Return);
        problems.RequiredText("carrier", request.Carrier, MaxShortText);
        problems.RequiredText("tracking_number", request.TrackingNumber, MaxShortText);
    }
}
