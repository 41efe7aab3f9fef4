using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Sourcing.Service.Errors;
using Sourcing.Service.Audit;
using Sourcing.Service.Security;
using Sourcing.V1;

namespace Sourcing.Service.Locations;

public sealed class LocationGrpcService(LocationCatalog catalog, ILocationStore store) : LocationService.LocationServiceBase
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1_000;

    [Audited]
    [Authorize(Policy = RpcPolicies.LocationWrite)]
    public override async Task<V1.Location> UpsertLocation(UpsertLocationRequest request, ServerCallContext context)
    {
        if (request.Location is null)
        {
            throw new RequestValidationException([new FieldProblem("location", "is required")]);
        }

        var location = LocationMapping.ToDomain(request.Location);
        await catalog.UpsertAsync(location, context.CancellationToken);
        return LocationMapping.ToProto(location);
    }

    [Authorize(Policy = RpcPolicies.LocationRead)]
    public override async Task<V1.Location> GetLocation(GetLocationRequest request, ServerCallContext context)
    {
        var problems = new ProblemList();
        problems.LocationId("id", request.Id);
        problems.ThrowIfAny();
        var location = await store.GetAsync(request.Id, context.CancellationToken) ?? throw new NotFoundException("Location", request.Id);
        return LocationMapping.ToProto(location);
    }

    [Authorize(Policy = RpcPolicies.LocationRead)]
    public override async Task<ListLocationsResponse> ListLocations(ListLocationsRequest request, ServerCallContext context)
    {
        var problems = new ProblemList();
        if (request.Channel.Length > 0)
        {
            problems.LocationId("channel", request.Channel);
        }

        problems.InRange("page_size", request.PageSize, 0, MaxPageSize);
        var after = LocationPageToken.Decode(request.PageToken);
        if (after is null && request.PageToken.Length > 0)
        {
            problems.Add("page_token", "is not a token this service gave out");
        }

        problems.ThrowIfAny();
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = (await store.ListAsync(context.CancellationToken))
            .Where(l => request.IncludeInactive || l.Active)
            .Where(l => request.Channel.Length == 0 || l.Channels.Contains(request.Channel, StringComparer.Ordinal))
            .Where(l => after is null || string.CompareOrdinal(l.Id, after) > 0)
            .OrderBy(l => l.Id, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var response = new ListLocationsResponse();
        response.Locations.AddRange(page.Take(size).Select(LocationMapping.ToProto));
        if (page.Count > size)
        {
            response.NextPageToken = LocationPageToken.Encode(page[size - 1].Id);
        }

        return response;
    }
}
