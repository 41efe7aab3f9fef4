namespace Sourcing.Orders;

// Privacy: the order's side of a customer's erasure. The order stays (ids, lines, states, amounts, shipments): the
// business and the invoices need it; what identifies or was written about the person goes.
public sealed partial class Order
{
    /// <summary>The pseudonym an erased address's name is replaced with.</summary>
    public const string ErasedName = "erased";

    /// <summary>
    /// Every text on the order that identifies the customer or was written by a person about them, as it is now (empty
    /// ones left out): what <see cref="ErasePersonalData"/> replaces, and what an erasure looks for in the history.
    /// </summary>
    public IReadOnlyList<string> PersonalTexts() =>
        PersonalFields().Select(f => f.Get()).Where(text => text.Length > 0 && text != ErasedName).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Replaces the customer's personal data: contact and identity, both addresses (the name becomes "erased", street,
    /// postal code and city empty, the country and coordinates' absence kept for statistics), the channel's references,
    /// the payment authorisation and mandate references, and every free text (return reasons and notes, cancellation
    /// and override reasons, drop-off points, repair notes, hold release reasons, carriers' delivery notes). Records
    /// <c>order.personal_data_erased</c> without any value; returns false (and records nothing) when nothing was left.
    /// </summary>
    public bool ErasePersonalData(string actor, DateTimeOffset now)
    {
        var cleared = 0;
        foreach (var (get, set, erased) in PersonalFields())
        {
            if (get() != erased)
            {
                set(erased);
                cleared++;
            }
        }

        var hadPlace = Document.Latitude is not null || Document.Longitude is not null || Document.ChannelReferences.Count > 0;
        Document.Latitude = null;
        Document.Longitude = null;
        Document.ChannelReferences.Clear();
        if (cleared == 0 && !hadPlace)
        {
            return false;
        }

        Document.UpdatedAt = now;
        Record(OrderEventTypes.PersonalDataErased, now, actor, "",
            "the customer's contact data, addresses, references and free texts were erased; lines, amounts and shipments are kept");
        return true;
    }

    private IEnumerable<(Func<string> Get, Action<string> Set, string Erased)> PersonalFields()
    {
        var d = Document;
        yield return (() => d.Customer.Email, v => d.Customer.Email = v, "");
        yield return (() => d.Customer.Phone, v => d.Customer.Phone = v, "");
        yield return (() => d.Customer.IdentityValue, v => d.Customer.IdentityValue = v, "");
        foreach (var address in new[] { d.ShippingAddress, d.BillingAddress })
        {
            yield return (() => address.Name, v => address.Name = v, ErasedName);
            yield return (() => address.Street, v => address.Street = v, "");
            yield return (() => address.PostalCode, v => address.PostalCode = v, "");
            yield return (() => address.City, v => address.City = v, "");
        }

        foreach (var key in d.ChannelReferences.Keys.ToList())
        {
            yield return (() => d.ChannelReferences.GetValueOrDefault(key, ""), _ => d.ChannelReferences.Remove(key), "");
        }

        yield return (() => d.PaymentReference, v => d.PaymentReference = v, "");
        yield return (() => d.MandateReference, v => d.MandateReference = v, "");
        foreach (var hold in d.Holds)
        {
            yield return (() => hold.ReleaseReason, v => hold.ReleaseReason = v, "");
        }

        foreach (var delivery in d.Shipments.SelectMany(s => s.DeliveryEvents))
        {
            yield return (() => delivery.Detail, v => delivery.Detail = v, "");
        }

        foreach (var rma in d.Returns)
        {
            yield return (() => rma.CancelReason, v => rma.CancelReason = v, "");
            yield return (() => rma.PolicyOverrideReason, v => rma.PolicyOverrideReason = v, "");
            yield return (() => rma.DropOffPoint, v => rma.DropOffPoint = v, "");
            foreach (var line in rma.Lines)
            {
                yield return (() => line.ReasonText, v => line.ReasonText = v, "");
            }

            foreach (var units in rma.Receipts.SelectMany(r => r.Units))
            {
                yield return (() => units.Note, v => units.Note = v, "");
            }

            if (rma.Repair is { } repair)
            {
                yield return (() => repair.OutcomeNote, v => repair.OutcomeNote = v, "");
            }
        }
    }
}
