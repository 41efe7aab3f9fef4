using Microsoft.EntityFrameworkCore;

namespace Sourcing.Orders.Storage.Postgres;

/// <summary>
/// The orders schema. Names are snake_case (configured with the provider in <see cref="OrdersDatabase"/>); the
/// constraint names the store maps errors from are set here explicitly so they cannot drift.
/// </summary>
public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    public const string OrdersPrimaryKey = "pk_orders";
    public const string ExternalNumberIndex = "ux_orders_channel_external_order_number";
    public const string RequestsPrimaryKey = "pk_order_requests";
    public const string ReturnNumberIndex = "ux_order_returns_number";

    /// <summary>The channel of LISTEN/NOTIFY that tells feed watchers new events were committed.</summary>
    public const string FeedChannel = "order_events";

    // order_id compares byte-wise ("C"), like the in-memory store's ordinal order, whatever the database's locale:
    // keyset paging depends on both agreeing on which id is "smaller".
    private const string OrdinalCollation = "C";

    public DbSet<OrderRow> Orders => Set<OrderRow>();
    public DbSet<OrderRequestRow> OrderRequests => Set<OrderRequestRow>();
    public DbSet<OrderEventRow> OrderEvents => Set<OrderEventRow>();
    public DbSet<OrderReturnRow> OrderReturns => Set<OrderReturnRow>();

    // Receivables live in the same database (one transaction can never span two), written by PostgresBillingStore.
    public DbSet<BillingAccountRow> BillingAccounts => Set<BillingAccountRow>();
    public DbSet<BillingDocumentRow> BillingDocuments => Set<BillingDocumentRow>();
    public DbSet<OpenItemRow> OpenItems => Set<OpenItemRow>();
    public DbSet<PaymentRow> Payments => Set<PaymentRow>();
    public DbSet<AllocationRow> Allocations => Set<AllocationRow>();
    public DbSet<DocumentCounterRow> DocumentCounters => Set<DocumentCounterRow>();
    public DbSet<BillingEventRow> BillingEvents => Set<BillingEventRow>();
    public DbSet<BillingFeedCounterRow> BillingFeedCounter => Set<BillingFeedCounterRow>();
    public DbSet<FeedCheckpointRow> FeedCheckpoints => Set<FeedCheckpointRow>();

    // Customers live here too, written by PostgresCustomerStore.
    public DbSet<CustomerRow> Customers => Set<CustomerRow>();
    public DbSet<CustomerIdentityRow> CustomerIdentities => Set<CustomerIdentityRow>();
    public DbSet<CustomerSearchRow> CustomerSearch => Set<CustomerSearchRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var orders = modelBuilder.Entity<OrderRow>();
        orders.ToTable("orders");
        orders.HasKey(o => o.OrderId).HasName(OrdersPrimaryKey);
        orders.Property(o => o.OrderId).HasMaxLength(OrderColumnLimits.OrderId).UseCollation(OrdinalCollation);
        orders.Property(o => o.Channel).HasMaxLength(OrderColumnLimits.Channel);
        orders.Property(o => o.ExternalOrderNumber).HasMaxLength(OrderColumnLimits.ExternalOrderNumber);
        orders.Property(o => o.CustomerId).HasMaxLength(OrderColumnLimits.CustomerId);
        orders.Property(o => o.Status).HasMaxLength(OrderColumnLimits.Status);
        orders.Property(o => o.Currency).HasMaxLength(OrderColumnLimits.Currency).IsFixedLength(false);
        orders.Property(o => o.BackorderedSkus).HasColumnType("text[]");
        orders.Property(o => o.Document).HasColumnType("jsonb");

        // The store checks the version itself (UPDATE ... WHERE version = @read); EF never writes this table.
        orders.Property(o => o.Version);

        orders.HasIndex(o => new { o.Channel, o.ExternalOrderNumber }).IsUnique().HasDatabaseName(ExternalNumberIndex);

        // Agent search by external number in any channel and case uses ix_orders_lower_external_order_number, an index
        // on lower(external_order_number) that the CustomerTotals migration creates in SQL (EF models no expression index).

        // ListOrders: newest first by (created_at, order_id), alone or after one equality filter.
        orders.HasIndex(o => new { o.CreatedAt, o.OrderId }).IsDescending(true, true).HasDatabaseName("ix_orders_created_at_order_id");
        orders.HasIndex(o => new { o.CustomerId, o.CreatedAt, o.OrderId }).IsDescending(false, true, true).HasDatabaseName("ix_orders_customer_id_created_at_order_id");
        orders.HasIndex(o => new { o.Channel, o.CreatedAt, o.OrderId }).IsDescending(false, true, true).HasDatabaseName("ix_orders_channel_created_at_order_id");
        orders.HasIndex(o => o.Status).HasDatabaseName("ix_orders_status");

        // The reconciler's scan: few orders are unfinished at any time, so only those are indexed.
        orders.HasIndex(o => o.UpdatedAt).HasFilter("unfinished").HasDatabaseName("ix_orders_unfinished_updated_at");

        // Backorder re-sourcing asks "any of these SKUs" (array overlap, &&).
        orders.HasIndex(o => o.BackorderedSkus).HasMethod("gin").HasDatabaseName("ix_orders_backordered_skus");
        orders.HasIndex(o => o.EarliestHoldExpiry).HasFilter("earliest_hold_expiry IS NOT NULL").HasDatabaseName("ix_orders_earliest_hold_expiry");

        var requests = modelBuilder.Entity<OrderRequestRow>();
        requests.ToTable("order_requests");
        requests.HasKey(r => new { r.Channel, r.RequestId }).HasName(RequestsPrimaryKey);
        requests.Property(r => r.Channel).HasMaxLength(OrderColumnLimits.Channel);
        requests.Property(r => r.RequestId).HasMaxLength(OrderColumnLimits.RequestId);
        requests.Property(r => r.OrderId).HasMaxLength(OrderColumnLimits.OrderId);
        requests.Property(r => r.Fingerprint).HasMaxLength(OrderColumnLimits.Fingerprint);

        var events = modelBuilder.Entity<OrderEventRow>();
        events.ToTable("order_events");
        events.HasKey(e => e.Id).HasName("pk_order_events");
        events.Property(e => e.Id).UseIdentityByDefaultColumn();

        // Positions are handed out by the feed's relay, never by the writers (see PostgresOrderStore).
        events.Property(e => e.Position).ValueGeneratedNever();
        events.HasIndex(e => e.Position).IsUnique().HasFilter("position IS NOT NULL").HasDatabaseName("ux_order_events_position");
        events.Property(e => e.Transaction).HasColumnName("tx").HasColumnType("xid8").HasDefaultValueSql("pg_current_xact_id()").ValueGeneratedOnAdd();
        events.HasIndex(e => new { e.Transaction, e.Id }).HasFilter("position IS NULL").HasDatabaseName("ix_order_events_unplaced");
        events.Property(e => e.OrderId).HasMaxLength(OrderColumnLimits.OrderId).UseCollation(OrdinalCollation);
        events.Property(e => e.Channel).HasMaxLength(OrderColumnLimits.Channel);
        events.Property(e => e.Type).HasMaxLength(OrderColumnLimits.EventType);
        events.Property(e => e.Actor).HasMaxLength(OrderColumnLimits.Actor);
        events.Property(e => e.Reason).HasMaxLength(OrderColumnLimits.Reason);
        events.Property(e => e.Detail).HasMaxLength(OrderColumnLimits.Detail);
        events.HasIndex(e => new { e.OrderId, e.Sequence }).IsUnique().HasDatabaseName("ux_order_events_order_id_sequence");

        ConfigureReturns(modelBuilder);
        BillingModel.Configure(modelBuilder);
        CustomerModel.Configure(modelBuilder);
    }

    /// <summary>The returns index: one row per return in an order's document, written with the order.</summary>
    private static void ConfigureReturns(ModelBuilder modelBuilder)
    {
        var returns = modelBuilder.Entity<OrderReturnRow>();
        returns.ToTable("order_returns");
        returns.HasKey(r => r.ReturnId).HasName("pk_order_returns");
        returns.Property(r => r.ReturnId).HasMaxLength(OrderColumnLimits.ReturnId).UseCollation(OrdinalCollation);
        returns.Property(r => r.Number).HasMaxLength(OrderColumnLimits.ReturnNumber);
        returns.Property(r => r.OrderId).HasMaxLength(OrderColumnLimits.OrderId).UseCollation(OrdinalCollation);
        returns.Property(r => r.Channel).HasMaxLength(OrderColumnLimits.Channel);
        returns.Property(r => r.CustomerId).HasMaxLength(OrderColumnLimits.CustomerId);
        returns.Property(r => r.Kind).HasMaxLength(OrderColumnLimits.ReturnEnumName);
        returns.Property(r => r.Status).HasMaxLength(OrderColumnLimits.ReturnEnumName);
        returns.Property(r => r.DestinationLocationId).HasMaxLength(OrderColumnLimits.LocationId);
        returns.HasOne<OrderRow>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade).HasConstraintName("fk_order_returns_orders_order_id");

        // Stored upper-case: "look up by number in any case" is an equality on this index.
        returns.HasIndex(r => r.Number).IsUnique().HasDatabaseName(ReturnNumberIndex);

        // ListReturns: newest first by (created_at, return_id), after the filter a caller gives.
        returns.HasIndex(r => new { r.CustomerId, r.CreatedAt, r.ReturnId }).IsDescending(false, true, true).HasDatabaseName("ix_order_returns_customer_id_created_at_return_id");
        returns.HasIndex(r => new { r.Channel, r.CreatedAt, r.ReturnId }).IsDescending(false, true, true).HasDatabaseName("ix_order_returns_channel_created_at_return_id");
        returns.HasIndex(r => r.OrderId).HasDatabaseName("ix_order_returns_order_id");
        returns.HasIndex(r => new { r.DestinationLocationId, r.Status, r.CreatedAt, r.ReturnId })
            .IsDescending(false, false, true, true).HasDatabaseName("ix_order_returns_destination_location_id_status_created_at_return_id");

        // The deadline worker's scan: only returns with a deadline are indexed (closed ones have none).
        returns.HasIndex(r => r.DueAt).HasFilter("due_at IS NOT NULL").HasDatabaseName("ix_order_returns_due_at");
    }
}
