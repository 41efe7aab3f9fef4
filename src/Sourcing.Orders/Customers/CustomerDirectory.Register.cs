using Microsoft.Extensions.Logging;

namespace Sourcing.Orders.Customers;

public sealed partial class CustomerDirectory
{
    public const int MaxRequestIdLength = 256, MaxSegmentLength = 64, MaxScopeLength = 64, MaxIdentityValueLength = 256;

    /// <summary>
    /// Registers a customer under an id derived from the caller and the request id: a repeat with the same body answers
    /// with the customer it created, one with another body is <see cref="CustomerRequestConflictException"/>.
    /// </summary>
    public async Task<StoredCustomer> RegisterAsync(RegisterCustomerCommand command, CustomerActor actor, CancellationToken cancellationToken)
    {
        ContactDataValidator.RequiredText(command.RequestId, "request_id", MaxRequestIdLength);
        ContactDataValidator.Validate(command.Contact);
        ContactDataValidator.Text(command.Segment, "segment", MaxSegmentLength);
        var identities = Identities(command.Identities, actor);

        var now = clock.GetUtcNow();
        var customer = new CustomerDocument
        {
            CustomerId = CustomerIds.ForRequest(actor, command.RequestId),
            Status = CustomerStatus.Active,
            Segment = command.Segment,
            CreatedAt = now,
            CreatedBy = actor.Subject,
            CreatedVia = actor.Channel,
            RequestFingerprint = command.Fingerprint,
            Contact = Copy(command.Contact),
            ContactVersion = 1,
            Identities = identities,
        };
        StampConsents(customer.Contact, null, now);
        Record(customer, CustomerEventTypes.Registered, actor.Subject,
            (actor.Channel.Length > 0 ? $"registered by channel {actor.Channel}" : "registered by an agent") + $" with {identities.Count} identities");

        try
        {
            await store.SaveAsync([new CustomerChange(customer, 0)], cancellationToken);
            logger.LogInformation("Customer {CustomerId} registered via {Channel}", customer.CustomerId, actor.Channel);
            return new StoredCustomer(customer, 1);
        }
        catch (Exception exception) when (exception is CustomerIdTakenException
            || (exception is IdentityTakenException taken && taken.OwnerId == customer.CustomerId))
        {
            // This request ran before (the identities are then the earlier customer's own): answer as it did.
            var earlier = await GetAsync(customer.CustomerId, cancellationToken);
            return earlier.Document.RequestFingerprint == command.Fingerprint
                ? earlier
                : throw new CustomerRequestConflictException(command.RequestId);
        }
    }

    /// <summary>The identities of a registration, normalised and checked; duplicates of one identity are refused.</summary>
    private List<CustomerIdentity> Identities(IReadOnlyList<NewIdentity> identities, CustomerActor actor)
    {
        if (identities.Count > CustomerOptions.MaxIdentitiesPerCustomer)
        {
            throw new ArgumentException($"at most {CustomerOptions.MaxIdentitiesPerCustomer} identities, {identities.Count} were given", "identities");
        }

        var result = new List<CustomerIdentity>(identities.Count);
        for (var i = 0; i < identities.Count; i++)
        {
            var identity = Normalise(identities[i], actor, $"identities[{i}]");
            if (result.Any(other => SameIdentity(other, identity)))
            {
                throw new ArgumentException("names the same identity as an earlier entry", $"identities[{i}]");
            }

            result.Add(identity);
        }

        return result;
    }

    /// <summary>
    /// An identity as stored: the value normalised (<see cref="CustomerText.IdentityValue"/>), channel-owned kinds scoped
    /// by the identity's own scope, else the caller's channel.
    /// </summary>
    private CustomerIdentity Normalise(NewIdentity identity, CustomerActor actor, string field)
    {
        if (!Enum.IsDefined(identity.Kind))
        {
            throw new ArgumentException("is not a known identity kind", field + ".kind");
        }

        ContactDataValidator.RequiredText(identity.Value, field + ".value", MaxIdentityValueLength);
        ContactDataValidator.Text(identity.Scope, field + ".scope", MaxScopeLength);
        var scope = CustomerText.IdentityScope(identity.Kind, identity.Scope.Length > 0 ? identity.Scope : actor.Channel);
        if (scope.Length == 0 && identity.Kind is IdentityKind.Account or IdentityKind.MarketplaceBuyer)
        {
            throw new ArgumentException("is required for account and marketplace buyer identities when the caller has no channel", field + ".scope");
        }

        switch (identity.Kind)
        {
            case IdentityKind.Email:
                ContactDataValidator.Email(identity.Value.Trim(), field + ".value");
                break;
            case IdentityKind.Phone:
                ContactDataValidator.Phone(identity.Value, field + ".value");
                break;
        }

        return new CustomerIdentity
        {
            Kind = identity.Kind,
            Scope = scope,
            Value = CustomerText.IdentityValue(identity.Kind, identity.Value),
            AddedAt = clock.GetUtcNow(),
            AddedBy = actor.Subject,
        };
    }

    private static bool SameIdentity(CustomerIdentity a, CustomerIdentity b) =>
        a.Kind == b.Kind && a.Scope == b.Scope && a.Value == b.Value;

    /// <summary>A consent given without a time was given now; one unchanged since the last version keeps its time.</summary>
    private static void StampConsents(ContactData contact, ContactData? previous, DateTimeOffset now)
    {
        foreach (var consent in contact.Consents.Where(c => c.At == default))
        {
            var earlier = previous?.Consents.FirstOrDefault(p => string.Equals(p.Purpose, consent.Purpose, StringComparison.OrdinalIgnoreCase));
            consent.At = earlier is not null && earlier.Granted == consent.Granted ? earlier.At : now;
        }
    }
}
