using Microsoft.EntityFrameworkCore;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// The billing tables in the orders database. Constraint names the store maps errors from are set explicitly so they
/// cannot drift; ids and customer ids compare byte-wise ("C") like the in-memory store's ordinal order, since paging
/// (overdue customers, unassigned payments) and lock order depend on both agreeing.
/// </summary>
internal static class BillingModel
{
    public const string DocumentsPrimaryKey = "pk_billing_documents";
    public const string DocumentSourceKeyIndex = "ux_billing_documents_kind_source_key";
    public const string DocumentNumberIndex = "ux_billing_documents_number";
    public const string PaymentsPrimaryKey = "pk_payments";
    public const string PaymentReferenceIndex = "ux_payments_external_reference";
    public const string AllocationsPrimaryKey = "pk_allocations";

    /// <summary>The channel of LISTEN/NOTIFY that tells billing feed waiters new events were committed.</summary>
    public const string FeedChannel = "billing_events";

    private const string Ordinal = "C";

    public static void Configure(ModelBuilder modelBuilder)
    {
        var accounts = modelBuilder.Entity<BillingAccountRow>();
        accounts.ToTable("billing_accounts");
        accounts.HasKey(a => a.CustomerId).HasName("pk_billing_accounts");
        accounts.Property(a => a.CustomerId).UseCollation(Ordinal);
        accounts.Property(a => a.Buyer).HasColumnType("jsonb");

        var documents = modelBuilder.Entity<BillingDocumentRow>();
        documents.ToTable("billing_documents");
        documents.HasKey(d => d.Id).HasName(DocumentsPrimaryKey);
        documents.Property(d => d.Id).UseCollation(Ordinal);
        documents.Property(d => d.Series).UseCollation(Ordinal);
        documents.Property(d => d.CustomerId).UseCollation(Ordinal);
        documents.Property(d => d.Document).HasColumnType("jsonb");
        documents.HasIndex(d => d.Number).IsUnique().HasDatabaseName(DocumentNumberIndex);
        documents.HasIndex(d => new { d.Kind, d.SourceKey }).IsUnique().HasDatabaseName(DocumentSourceKeyIndex);
        documents.HasIndex(d => new { d.Series, d.Year, d.Sequence }).IsUnique().HasDatabaseName("ux_billing_documents_series_year_sequence");
        documents.HasIndex(d => new { d.CustomerId, d.IssuedAt, d.Id }).IsDescending(false, true, true).HasDatabaseName("ix_billing_documents_customer_id_issued_at_id");

        var items = modelBuilder.Entity<OpenItemRow>();
        items.ToTable("open_items");
        items.HasKey(i => i.InvoiceId).HasName("pk_open_items");
        items.Property(i => i.InvoiceId).UseCollation(Ordinal);
        items.Property(i => i.CustomerId).UseCollation(Ordinal);

        // Loading an account reads only its unsettled items; the dunning run looks for unsettled items by due date.
        items.HasIndex(i => i.CustomerId).HasFilter("settled_on IS NULL").HasDatabaseName("ix_open_items_unsettled_customer_id");
        items.HasIndex(i => new { i.DueDate, i.CustomerId }).HasFilter("settled_on IS NULL").HasDatabaseName("ix_open_items_unsettled_due_date");
        items.HasIndex(i => i.CustomerId).HasDatabaseName("ix_open_items_customer_id");

        var payments = modelBuilder.Entity<PaymentRow>();
        payments.ToTable("payments");
        payments.HasKey(p => p.Id).HasName(PaymentsPrimaryKey);
        payments.Property(p => p.Id).UseCollation(Ordinal);
        payments.Property(p => p.CustomerId).UseCollation(Ordinal);
        payments.HasIndex(p => p.ExternalReference).IsUnique().HasDatabaseName(PaymentReferenceIndex);

        // Loading an account reads only payments with money left; unassigned ones are listed by id.
        payments.HasIndex(p => p.CustomerId).HasFilter("unallocated_minor <> 0").HasDatabaseName("ix_payments_unallocated_customer_id");
        payments.HasIndex(p => new { p.CustomerId, p.RecordedAt, p.Id }).IsDescending(false, true, true).HasDatabaseName("ix_payments_customer_id_recorded_at_id");

        var allocations = modelBuilder.Entity<AllocationRow>();
        allocations.ToTable("allocations");
        allocations.HasKey(a => a.Id).HasName(AllocationsPrimaryKey);
        allocations.HasIndex(a => a.PaymentId).HasDatabaseName("ix_allocations_payment_id");
        allocations.HasIndex(a => a.CustomerId).HasDatabaseName("ix_allocations_customer_id");

        var counters = modelBuilder.Entity<DocumentCounterRow>();
        counters.ToTable("document_counters");
        counters.HasKey(c => new { c.Series, c.Year }).HasName("pk_document_counters");
        counters.Property(c => c.Series).UseCollation(Ordinal);

        var events = modelBuilder.Entity<BillingEventRow>();
        events.ToTable("billing_events");
        events.HasKey(e => e.Position).HasName("pk_billing_events");
        events.Property(e => e.Position).ValueGeneratedNever();

        var feed = modelBuilder.Entity<BillingFeedCounterRow>();
        feed.ToTable("billing_feed_counter", table => table.HasCheckConstraint("ck_billing_feed_counter_single_row", "id = 1"));
        feed.HasKey(f => f.Id).HasName("pk_billing_feed_counter");
        feed.Property(f => f.Id).ValueGeneratedNever();
        feed.HasData(new BillingFeedCounterRow { Id = 1, LastPosition = 0 });

        var checkpoints = modelBuilder.Entity<FeedCheckpointRow>();
        checkpoints.ToTable("feed_checkpoints");
        checkpoints.HasKey(c => c.Follower).HasName("pk_feed_checkpoints");
    }
}
