using Microsoft.EntityFrameworkCore;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// The customer tables in the orders database. Ids compare byte-wise ("C") like the in-memory store's ordinal order,
/// since search results are ordered by survivor id and both stores must page the same way. Search texts carry a
/// trigram index (pg_trgm), so similarity search reads the index instead of every row; phone entries also a b-tree of
/// their reversed digits, made by a migration in plain SQL as EF's model cannot describe it (<see cref="PhoneSuffixIndexSql"/>).
/// </summary>
internal static class CustomerModel
{
    public const string CustomersPrimaryKey = "pk_customers";
    public const string IdentitiesPrimaryKey = "pk_customer_identities";

    private const string Ordinal = "C";

    public const string PhoneSuffixIndex = "ix_customer_search_phone_reversed";

    /// <summary>
    /// Phone entries (digits only) by their digits reversed: a number typed whole or by its last digits is a prefix of
    /// the reversed entry, one b-tree range (text_pattern_ops: compared byte-wise, whatever the database's collation).
    /// </summary>
    public const string PhoneSuffixIndexSql =
        $"CREATE INDEX {PhoneSuffixIndex} ON customer_search (reverse(text) text_pattern_ops) WHERE field = 'Phone'";

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");

        var customers = modelBuilder.Entity<CustomerRow>();
        customers.ToTable("customers");
        customers.HasKey(c => c.CustomerId).HasName(CustomersPrimaryKey);
        customers.Property(c => c.CustomerId).HasMaxLength(OrderColumnLimits.CustomerId).UseCollation(Ordinal);
        customers.Property(c => c.Status).HasMaxLength(OrderColumnLimits.Status);
        customers.Property(c => c.Document).HasColumnType("jsonb");

        var identities = modelBuilder.Entity<CustomerIdentityRow>();
        identities.ToTable("customer_identities");
        identities.HasKey(i => new { i.Kind, i.Scope, i.Value }).HasName(IdentitiesPrimaryKey);
        identities.Property(i => i.CustomerId).HasMaxLength(OrderColumnLimits.CustomerId).UseCollation(Ordinal);
        identities.HasOne<CustomerRow>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_customer_identities_customers_customer_id");
        identities.HasIndex(i => i.CustomerId).HasDatabaseName("ix_customer_identities_customer_id");

        // A customer's entries are unique per (field, text) (CustomerSearchEntry.Of), so that is the key; its leading
        // customer_id is the index a save's "delete this customer's entries" uses.
        var search = modelBuilder.Entity<CustomerSearchRow>();
        search.ToTable("customer_search");
        search.HasKey(s => new { s.CustomerId, s.Field, s.Text }).HasName("pk_customer_search");
        search.Property(s => s.CustomerId).HasMaxLength(OrderColumnLimits.CustomerId).UseCollation(Ordinal);
        search.Property(s => s.SurvivorId).HasMaxLength(OrderColumnLimits.CustomerId).UseCollation(Ordinal);
        search.HasOne<CustomerRow>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade)
            .HasConstraintName("fk_customer_search_customers_customer_id");
        search.HasIndex(s => s.SurvivorId).HasDatabaseName("ix_customer_search_survivor_id");
        search.HasIndex(s => s.Text).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_customer_search_text_trgm");
    }
}
