using Grpc.Core;
using Sourcing.Service.Errors;
using Sourcing.V1;

namespace Sourcing.Service.Locations;

public sealed class LocationGrpcService(LocationCatalog catalog, ILocationStore store) : LocationService.LocationServiceBase
{
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

    public override async Task<V1.Location> GetLocation(GetLocationRequest request, ServerCallContext context)
    {
        var problems = new ProblemList();
        problems.LocationId("id", request.Id);
        problems.ThrowIfAny();
        var location = await store.GetAsync(request.Id, context.CancellationToken) ?? throw new NotFoundException("Location", request.Id);
        return LocationMapping.ToProto(location);
    }

    public override async Task<ListLocationsResponse> ListLocations(ListLocationsRequest request, ServerCallContext context)
    {
        if (request.Channel.Length > 0)
        {
            var problems = new ProblemList();
            problems.LocationId("channel", request.Channel);
            problems.ThrowIfAny();
        }

        var all = await store.ListAsync(context.CancellationToken);
        var response = new ListLocationsResponse();
        response.Locations.AddRange(all
            .Where(l => request.IncludeInactive || l.Active)
            .Where(l => request.Channel.Length == 0 || l.Channels.Contains(request.Channel, StringComparer.Ordinal))
            .Select(LocationMapping.ToProto));
        return response;
    }
}
