using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;

namespace Sourcing.Service.Security;

/// <summary>
/// Deny by default, checked at start: every RPC of this service's own API must name a policy of
/// <see cref="RpcPolicies"/>, and only the standard health and reflection services may be anonymous. A new RPC
/// without a policy stops the service instead of being served open.
/// </summary>
internal static class EndpointPolicyCheck
{
    public const string ApiPackage = "sourcing.v1.";

    public static void Verify(IEndpointRouteBuilder app)
    {
        var problems = new List<string>();
        foreach (var endpoint in app.DataSources.SelectMany(source => source.Endpoints))
        {
            if (endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc)
            {
                continue;
            }

            var method = grpc.Method.FullName.TrimStart('/');
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (method.StartsWith(ApiPackage, StringComparison.Ordinal))
            {
                if (anonymous || policies.Count != 1 || policies[0] is not { } policy || !RpcPolicies.RolesByPolicy.ContainsKey(policy))
                {
                    problems.Add($"{method} must carry exactly one [Authorize(Policy = RpcPolicies.…)] and no [AllowAnonymous]");
                }
            }
            else if (!anonymous && policies.Count == 0)
            {
                problems.Add($"{method} has no policy and is not marked anonymous");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("RPCs without an authorization policy: " + string.Join("; ", problems));
        }
    }
}
