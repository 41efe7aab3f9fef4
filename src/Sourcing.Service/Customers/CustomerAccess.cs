using System.Security.Claims;
using Grpc.Core;
using Sourcing.Orders.Customers;
using Sourcing.Service.Errors;
using Sourcing.Service.Security;

namespace Sourcing.Service.Customers;

/// <summary>
/// Which customers a caller sees and in whose name it acts. Service agents, operations admins and finance see every
/// customer; a customer token (role customer, subject = the customer id) sees itself only: its own id, the ids merged
/// into it, or — after it was merged into another — the survivor. Any other customer does not exist for it: NOT_FOUND,
/// never PERMISSION_DENIED, so customer ids cannot be probed. A channel registers customers but reads none.
/// </summary>
internal sealed class CustomerAccess(ClaimsPrincipal principal)
{
    public static CustomerAccess Of(ServerCallContext context) => new(context.GetHttpContext().User);

    /// <summary>Roles that act on every customer (and may be told who holds an identity).</summary>
    public static bool SeesEveryCustomer(ClaimsPrincipal principal) =>
        principal.IsInRole(Roles.ServiceAgent) || principal.IsInRole(Roles.OperationsAdmin) || principal.IsInRole(Roles.Finance);

    public string Subject => principal.FindFirst(SourcingClaims.Subject)?.Value ?? "anonymous";

    /// <summary>A customer token acting for itself (and nothing above it): only its own customer.</summary>
    public string? OwnCustomerId =>
        principal.IsInRole(Roles.Customer) && !SeesEveryCustomer(principal) && !principal.IsInRole(Roles.Channel) && Subject is { Length: > 0 } subject and not "anonymous"
            ? subject
            : null;

    /// <summary>Earlier versions of the contact data are for the people who correct it: agents and operations.</summary>
    public bool SeesContactHistory => principal.IsInRole(Roles.ServiceAgent) || principal.IsInRole(Roles.OperationsAdmin);

    public CustomerActor Actor(string channel = "") => new(Subject, channel);

    /// <summary>
    /// The customer a call reads or changes. A customer token: its own survivor (an empty id means itself; an id of
    /// another customer is NOT_FOUND, as is a token whose customer does not exist). Everyone else: the id asked for,
    /// which must then be given.
    /// </summary>
    public async Task<string> TargetAsync(string requested, string field, CustomerDirectory directory, CancellationToken cancellationToken)
    {
        if (OwnCustomerId is not { } own)
        {
            if (requested.Length == 0)
            {
                throw new RequestValidationException([new FieldProblem(field, "is required, 1-128 characters")]);
            }

            return requested;
        }

        ResolvedCustomer self;
        try
        {
            self = await directory.ResolveAsync(own, cancellationToken);
        }
        catch (CustomerNotFoundException)
        {
            throw new CustomerNotFoundException(requested.Length == 0 ? own : requested);
        }

        if (requested.Length > 0 && !self.CustomerIds.Contains(requested, StringComparer.Ordinal))
        {
            throw new CustomerNotFoundException(requested);
        }

        return self.Survivor.Document.CustomerId;
    }

    /// <summary>
    /// The scope of a channel-owned identity (account, marketplace buyer): a channel token names one of its own channels
    /// (or none: its only channel; another channel is PERMISSION_DENIED); everyone else names the channel.
    /// </summary>
    public string ScopeFor(IdentityKind kind, string scope, string field)
    {
        if (kind is not (IdentityKind.Account or IdentityKind.MarketplaceBuyer))
        {
            return "";
        }

        if (principal.IsInRole(Roles.Channel))
        {
            return new Caller(principal).ChannelFor(scope, field);
        }

        return scope.Length > 0
            ? scope
            : throw new RequestValidationException([new FieldProblem(field, "is required for account and marketplace buyer identities: the channel that issued the id")]);
    }

    /// <summary>The channel a channel token registers through (its only channel); "" for everyone else.</summary>
    public string RegisteringChannel()
    {
        if (!principal.IsInRole(Roles.Channel))
        {
            return "";
        }

        var channels = principal.FindAll(SourcingClaims.Channel).Select(c => c.Value).Where(c => c != SourcingClaims.Any).Distinct().ToList();
        return channels.Count == 1 ? channels[0] : "";
    }
}
