namespace Sourcing.Orders.Customers;

/// <summary>The contact data a customer registered by its first order starts with, taken from that order.</summary>
public static class OrderContact
{
    public const string ShippingLabel = "shipping", BillingLabel = "billing";

    public static ContactData Of(OrderDocument order)
    {
        // The billing name is the buyer's; the shipping name may be someone the parcel is for.
        var name = (order.BillingAddress.Name.Trim().Length > 0 ? order.BillingAddress.Name : order.ShippingAddress.Name).Trim();
        var space = name.LastIndexOf(' ');
        var contact = new ContactData
        {
            GivenName = space < 0 ? name : name[..space].TrimEnd(),
            FamilyName = space < 0 ? "" : name[(space + 1)..],
            Email = order.Customer.Email,
            Phone = order.Customer.Phone,
        };

        var hasShipping = IsAddress(order.ShippingAddress);
        var billingDiffers = IsAddress(order.BillingAddress) && !Same(order.BillingAddress, order.ShippingAddress);
        if (hasShipping)
        {
            contact.Addresses.Add(new CustomerAddress
            {
                Label = ShippingLabel,
                Address = Copy(order.ShippingAddress),
                DefaultShipping = true,
                DefaultBilling = !billingDiffers,
            });
        }

        if (billingDiffers)
        {
            contact.Addresses.Add(new CustomerAddress { Label = BillingLabel, Address = Copy(order.BillingAddress), DefaultBilling = true });
        }

        return contact;
    }

    // A pickup order may carry no address at all; an empty one is not worth keeping.
    private static bool IsAddress(PostalAddress address) =>
        address.Street.Trim().Length > 0 || address.City.Trim().Length > 0 || address.PostalCode.Trim().Length > 0;

    private static bool Same(PostalAddress a, PostalAddress b) =>
        a.Name == b.Name && a.Street == b.Street && a.PostalCode == b.PostalCode && a.City == b.City && a.Country == b.Country;

    private static PostalAddress Copy(PostalAddress address) =>
        new() { Name = address.Name, Street = address.Street, PostalCode = address.PostalCode, City = address.City, Country = address.Country };
}
