using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Sourcing.Service.Errors;
using Sourcing.Service.Security;
using Sourcing.V1;

namespace Sourcing.Service.Audit;

/// <summary>The audit log for operations admins, newest first, paged by position.</summary>
public sealed class AuditGrpcService(IAuditLog log) : AuditService.AuditServiceBase
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1_000;

    [Authorize(Policy = RpcPolicies.AuditRead)]
    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var problems = new ProblemList();
        problems.InRange("page_size", request.PageSize, 0, MaxPageSize);
        if (request.PageToken.Length > 64 || request.PageToken.Any(c => !char.IsAsciiDigit(c) && c != '-'))
        {
            problems.Add("page_token", "is not a token this service gave out");
        }

        problems.ThrowIfAny();
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var entries = await log.ListAsync(request.PageToken.Length == 0 ? null : request.PageToken, size + 1, context.CancellationToken);
        var response = new ListAuditEntriesResponse();
        response.Entries.AddRange(entries.Take(size).Select(e => new V1.AuditEntry
        {
            Position = e.Position,
            At = Timestamp.FromDateTimeOffset(e.At),
            Subject = e.Subject,
            Method = e.Method,
            Request = e.Request,
            Outcome = e.Outcome,
        }));
        if (entries.Count > size)
        {
            response.NextPageToken = entries[size - 1].Position;
        }

        return response;
    }
}
