using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;

namespace Sourcing.Service.Audit;

/// <summary>
/// What the audit log keeps of a call marked <see cref="AuditedAttribute.PersonalData"/>: who acted on which
/// customer, never what they wrote. Kept: the request's top-level identifier fields (names ending in <c>_id</c>, the
/// field <c>field</c>, page sizes) with their values; a <c>query</c> as its length; the names of the other fields
/// that were set. The outcome: the status code, the ErrorInfo reason and the names of bad fields (a validation message
/// may quote the value it refuses).
/// </summary>
public static class PersonalDataRedaction
{
    public static string Request(IMessage message)
    {
        var kept = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var omitted = new List<string>();
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (!IsSet(field, message, value))
            {
                continue;
            }

            var name = field.Name;
            if (field.FieldType is FieldType.String && (name.EndsWith("_id", StringComparison.Ordinal) || name == "page_token"))
            {
                kept[name] = value;
            }
            else if (name == "field" || name.EndsWith("page_size", StringComparison.Ordinal))
            {
                kept[name] = value is Enum ? value.ToString()! : value;
            }
            else if (name == "query" && value is string query)
            {
                kept["query_length"] = query.Length;
            }
            else
            {
                omitted.Add(name);
            }
        }

        if (omitted.Count > 0)
        {
            kept["not_recorded"] = omitted;
        }

        return JsonSerializer.Serialize(kept);
    }

    public static string Outcome(Exception exception)
    {
        if (exception is not RpcException rpc)
        {
            return $"{StatusCode.Unknown}: {exception.GetType().Name}";
        }

        var text = rpc.StatusCode.ToString();
        var status = rpc.GetRpcStatus();
        if (status?.GetDetail<ErrorInfo>() is { } info)
        {
            text += " " + info.Reason;
        }

        if (status?.GetDetail<BadRequest>() is { } bad)
        {
            text += " (bad fields: " + string.Join(", ", bad.FieldViolations.Select(v => v.Field).Distinct()) + ")";
        }

        return text;
    }

    private static bool IsSet(FieldDescriptor field, IMessage message, object? value) => value switch
    {
        null => false,
        _ when field.HasPresence => field.Accessor.HasValue(message),
        System.Collections.IList list => list.Count > 0,
        string text => text.Length > 0,
        ByteString bytes => bytes.Length > 0,
        bool flag => flag,
        int number => number != 0,
        long number => number != 0,
        Enum choice => Convert.ToInt32(choice, System.Globalization.CultureInfo.InvariantCulture) != 0,
        _ => true,
    };
}
