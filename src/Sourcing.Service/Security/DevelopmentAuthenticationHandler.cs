using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Sourcing.Service.Security;

/// <summary>
/// Development without configured tokens: every call acts as a developer holding every role, channel and location,
/// so the README's commands work with no token. Registered only in the Development environment; anywhere else a
/// service without token validation refuses to start.
/// </summary>
public sealed class DevelopmentAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Development";

    private static readonly AuthenticationTicket Ticket = new(
        new ClaimsPrincipal(new ClaimsIdentity(
            Roles.All.Select(role => new Claim(SourcingClaims.Role, role))
                .Append(new Claim(SourcingClaims.Subject, "developer"))
                .Append(new Claim(SourcingClaims.Channel, SourcingClaims.Any))
                .Append(new Claim(SourcingClaims.Location, SourcingClaims.Any)),
            SchemeName, SourcingClaims.Subject, SourcingClaims.Role)),
        SchemeName);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.Success(Ticket));
}
