namespace Sourcing.Orders.Customers;

public sealed partial class CustomerDirectory
{
    /// <summary>
    /// Replaces the contact data: the old one is kept in the history as its version, the event names the fields that
    /// changed (never their values). The same data again changes nothing, so a retried call is harmless.
    /// </summary>
    public async Task<StoredCustomer> UpdateContactAsync(UpdateContactCommand command, CustomerActor actor, CancellationToken cancellationToken)
    {
        RequireCustomerId(command.CustomerId);
        ContactDataValidator.Validate(command.Contact);
        var customer = await GetAsync(command.CustomerId, cancellationToken);
        var document = customer.Document;
        EnsureActive(document);
        if (command.ExpectedContactVersion is { } expected && expected != document.ContactVersion)
        {
            throw new CustomerStateException(
                "CONTACT_VERSION_MISMATCH", Subject(document.CustomerId),
                $"The contact data is at version {document.ContactVersion}, the change was made on version {expected}. " +
                "Read the customer again and make the change on the current data. Nothing was changed.");
        }

        var now = clock.GetUtcNow();
        var contact = Copy(command.Contact);
        StampConsents(contact, document.Contact, now);
        var changed = ContactChanges.Between(document.Contact, contact);
        if (changed.Count == 0)
        {
            return customer;
        }

        document.ContactHistory.Add(new ContactVersionEntry { Version = document.ContactVersion, Contact = document.Contact, ChangedAt = now, ChangedBy = actor.Subject });
        if (document.ContactHistory.Count > CustomerOptions.MaxContactHistory)
        {
            // The oldest versions go first: the history stays bounded however often a customer moves.
            document.ContactHistory.RemoveRange(0, document.ContactHistory.Count - CustomerOptions.MaxContactHistory);
        }

        document.Contact = contact;
        document.ContactVersion++;
        Record(document, CustomerEventTypes.ContactChanged, actor.Subject, string.Join(", ", changed) + " changed");
        await SaveAsync(cancellationToken, customer);
        return Saved(customer);
    }

    /// <summary>Sets the segment and/or the VIP flag an agent decided; the same values again change nothing.</summary>
    public async Task<StoredCustomer> ClassifyAsync(ClassifyCustomerCommand command, CustomerActor actor, CancellationToken cancellationToken)
    {
        RequireCustomerId(command.CustomerId);
        if (command.Segment is not null)
        {
            ContactDataValidator.Text(command.Segment, "segment", MaxSegmentLength);
        }

        ContactDataValidator.Text(command.Reason, "reason", CustomerOptions.MaxReasonLength);
        var customer = await GetAsync(command.CustomerId, cancellationToken);
        var document = customer.Document;
        EnsureActive(document);

        var changes = new List<string>();
        if (command.Segment is { } segment && segment != document.Segment)
        {
            // Segments are names of rule groups ("b2b"), not personal data: the event may show them.
            changes.Add(segment.Length == 0 ? "segment cleared" : $"segment {segment}");
            document.Segment = segment;
        }

        if (command.Vip is { } vip && vip != document.Vip)
        {
            changes.Add(vip ? "vip set" : "vip cleared");
            document.Vip = vip;
        }

        if (changes.Count == 0)
        {
            return customer;
        }

        Record(document, CustomerEventTypes.ClassificationChanged, actor.Subject, string.Join(", ", changes));
        await SaveAsync(cancellationToken, customer);
        return Saved(customer);
    }
}
