namespace Sourcing.Orders.Storage.Postgres;

// The customer tables as EF Core sees them: the schema (and its migrations) comes from these, while
// PostgresCustomerStore reads and writes them with its own statements. Enums are stored by name.

/// <summary>A customer: the document (CustomerJson) and the columns a save checks and a reader filters by.</summary>
public sealed class CustomerRow
{
    public string CustomerId { get; set; } = "";
    public string Status { get; set; } = "";

    /// <summary>The store checks it itself (UPDATE ... WHERE version = @read); EF never writes this table.</summary>
    public long Version { get; set; }

    public string Document { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One identity of a customer: its key is unique, which is what makes an identity belong to one customer.</summary>
public sealed class CustomerIdentityRow
{
    public string Kind { get; set; } = "";
    public string Scope { get; set; } = "";
    public string Value { get; set; } = "";
    public string CustomerId { get; set; } = "";
}

/// <summary>One searchable text of a customer (CustomerSearchEntry), rewritten with the customer on every save.</summary>
public sealed class CustomerSearchRow
{
    public string CustomerId { get; set; } = "";
    public string SurvivorId { get; set; } = "";
    public string Field { get; set; } = "";
    public string Text { get; set; } = "";
}
