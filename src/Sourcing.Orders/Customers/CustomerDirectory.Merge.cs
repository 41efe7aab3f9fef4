using Microsoft.Extensions.Logging;

namespace Sourcing.Orders.Customers;

public sealed partial class CustomerDirectory
{
    /// <summary>
    /// Merges a duplicate into the survivor; returns the survivor as saved. The duplicate's identities move to the
    /// survivor and customers merged into the duplicate earlier are re-pointed at it, all in one save. Orders, invoices
    /// and returns keep their customer id: readers take the survivor with everyone in its MergedFrom.
    /// </summary>
    public async Task<StoredCustomer> MergeAsync(MergeCustomersCommand command, CustomerActor actor, CancellationToken cancellationToken)
    {
        RequireCustomerId(command.SurvivorId, "survivor_id");
        RequireCustomerId(command.MergedId, "merged_id");
        ContactDataValidator.RequiredText(command.Reason, "reason", CustomerOptions.MaxReasonLength);
        if (command.SurvivorId == command.MergedId)
        {
            throw new ArgumentException("must name another customer than survivor_id: a customer cannot be merged into itself", "merged_id");
        }

        var survivor = await GetAsync(command.SurvivorId, cancellationToken);
        var merged = await GetAsync(command.MergedId, cancellationToken);
        EnsureActive(survivor.Document);
        EnsureActive(merged.Document);
        if (merged.Document.MergedFrom.Contains(survivor.Document.CustomerId, StringComparer.Ordinal))
        {
            // The survivor was read before a concurrent merge put it into this customer: the two reads disagree, and
            // going on would save it twice. Read again: the survivor is merged now (CUSTOMER_MERGED).
            throw new CustomerConcurrencyException(survivor.Document.CustomerId);
        }

        var repointed = merged.Document.MergedFrom.Count == 0
            ? []
            : (await store.GetManyAsync(merged.Document.MergedFrom, cancellationToken)).Select(c => Copy(c)!).ToList();
        var now = clock.GetUtcNow();
        var moved = merged.Document.Identities;
        merged.Document.Merges.Add(new CustomerMerge
        {
            SurvivorId = survivor.Document.CustomerId,
            At = now,
            By = actor.Subject,
            Reason = command.Reason,
            IdentitiesMoved = moved,
            Repointed = [.. repointed.Select(c => c.Document.CustomerId)],
            UndoUntil = now + options.Value.MergeUndoWindow,
        });
        merged.Document.Status = CustomerStatus.Merged;
        merged.Document.MergedInto = survivor.Document.CustomerId;
        merged.Document.Identities = [];
        merged.Document.MergedFrom = [];
        foreach (var earlier in repointed)
        {
            earlier.Document.MergedInto = survivor.Document.CustomerId;
            earlier.Document.UpdatedAt = now;
        }

        survivor.Document.Identities.AddRange(moved.Where(identity => !survivor.Document.Identities.Any(held => SameIdentity(held, identity))));
        survivor.Document.MergedFrom.AddRange([merged.Document.CustomerId, .. repointed.Select(c => c.Document.CustomerId)]);

        var detail = $"{moved.Count} identities moved, {repointed.Count} earlier merged customers re-pointed";
        Record(merged.Document, CustomerEventTypes.Merged, actor.Subject, $"merged into {survivor.Document.CustomerId}; {detail}");
        Record(survivor.Document, CustomerEventTypes.Merged, actor.Subject, $"{merged.Document.CustomerId} merged in; {detail}");
        await SaveAsync(cancellationToken, [survivor, merged, .. repointed]);
        logger.LogInformation("Customer {MergedId} merged into {SurvivorId} by {Actor}", merged.Document.CustomerId, survivor.Document.CustomerId, actor.Subject);
        return Saved(survivor);
    }

    /// <summary>
    /// Undoes the merge of <paramref name="mergedId"/> within its undo window; returns the restored customer as saved.
    /// The identities the survivor still holds move back, re-pointed customers point back; orders created under the
    /// survivor's id since stay with the survivor.
    /// </summary>
    public async Task<StoredCustomer> UndoMergeAsync(string mergedId, string reason, CustomerActor actor, CancellationToken cancellationToken)
    {
        RequireCustomerId(mergedId, "merged_id");
        ContactDataValidator.RequiredText(reason, "reason", CustomerOptions.MaxReasonLength);
        var merged = await GetAsync(mergedId, cancellationToken);
        var merge = merged.Document.Merges.LastOrDefault(m => m.UndoneAt is null);
        if (merged.Document.Status == CustomerStatus.Erased)
        {
            throw Erased(mergedId);
        }

        if (merged.Document.Status != CustomerStatus.Merged || merge is null)
        {
            throw new CustomerStateException(
                "CUSTOMER_NOT_MERGED", Subject(mergedId), $"Customer '{mergedId}' is not merged into anyone; there is no merge to undo. Nothing was changed.");
        }

        var now = clock.GetUtcNow();
        if (now > merge.UndoUntil)
        {
            throw new CustomerStateException(
                "MERGE_UNDO_WINDOW_PASSED", Subject(mergedId),
                $"The merge of '{mergedId}' could be undone until {merge.UndoUntil:u}; it stands. Nothing was changed.");
        }

        // The survivor is where the customer points now: a later merge of the survivor re-pointed it further.
        var survivor = await GetAsync(merged.Document.MergedInto, cancellationToken);
        EnsureActive(survivor.Document);
        var repointed = merge.Repointed.Count == 0
            ? []
            : (await store.GetManyAsync(merge.Repointed, cancellationToken)).Select(c => Copy(c)!)
                .Where(c => c.Document.Status == CustomerStatus.Merged && c.Document.MergedInto == survivor.Document.CustomerId).ToList();

        var back = survivor.Document.Identities.Where(held => merge.IdentitiesMoved.Any(moved => SameIdentity(moved, held))).ToList();
        survivor.Document.Identities.RemoveAll(back.Contains);
        merged.Document.Identities.AddRange(back);
        var backIds = repointed.Select(c => c.Document.CustomerId).ToHashSet(StringComparer.Ordinal);
        survivor.Document.MergedFrom.RemoveAll(id => id == mergedId || backIds.Contains(id));
        merged.Document.MergedFrom.AddRange(backIds.Order(StringComparer.Ordinal));
        foreach (var earlier in repointed)
        {
            earlier.Document.MergedInto = mergedId;
            earlier.Document.UpdatedAt = now;
        }

        merged.Document.Status = CustomerStatus.Active;
        merged.Document.MergedInto = "";
        merge.UndoneAt = now;
        merge.UndoneBy = actor.Subject;

        var detail = $"{back.Count} identities moved back, {repointed.Count} merged customers pointed back";
        Record(merged.Document, CustomerEventTypes.MergeUndone, actor.Subject, $"merge into {survivor.Document.CustomerId} undone; {detail}");
        Record(survivor.Document, CustomerEventTypes.MergeUndone, actor.Subject, $"merge of {mergedId} undone; {detail}");
        await SaveAsync(cancellationToken, [merged, survivor, .. repointed]);
        logger.LogInformation("Merge of customer {MergedId} into {SurvivorId} undone by {Actor}", mergedId, survivor.Document.CustomerId, actor.Subject);
        return Saved(merged);
    }
}
