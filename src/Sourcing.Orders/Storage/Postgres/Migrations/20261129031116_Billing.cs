using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sourcing.Orders.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Billing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "allocations",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    payment_id = table.Column<string>(type: "text", nullable: false),
                    invoice_id = table.Column<string>(type: "text", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    allocated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    allocated_by = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_allocations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "billing_accounts",
                columns: table => new
                {
                    customer_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    dunning_level = table.Column<int>(type: "integer", nullable: false),
                    credit_limit_minor = table.Column<long>(type: "bigint", nullable: true),
                    invoices_paid = table.Column<int>(type: "integer", nullable: false),
                    invoices_paid_late = table.Column<int>(type: "integer", nullable: false),
                    buyer = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_accounts", x => x.customer_id);
                });

            migrationBuilder.CreateTable(
                name: "billing_documents",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    kind = table.Column<string>(type: "text", nullable: false),
                    series = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    year = table.Column<int>(type: "integer", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "text", nullable: false),
                    source_key = table.Column<string>(type: "text", nullable: true),
                    customer_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    order_id = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    gross_minor = table.Column<long>(type: "bigint", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    document = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "billing_events",
                columns: table => new
                {
                    position = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    order_id = table.Column<string>(type: "text", nullable: false),
                    document_id = table.Column<string>(type: "text", nullable: false),
                    payment_id = table.Column<string>(type: "text", nullable: false),
                    amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    detail = table.Column<string>(type: "text", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_events", x => x.position);
                });

            migrationBuilder.CreateTable(
                name: "billing_feed_counter",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    last_position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_billing_feed_counter", x => x.id);
                    table.CheckConstraint("ck_billing_feed_counter_single_row", "id = 1");
                });

            migrationBuilder.CreateTable(
                name: "document_counters",
                columns: table => new
                {
                    series = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    year = table.Column<int>(type: "integer", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_counters", x => new { x.series, x.year });
                });

            migrationBuilder.CreateTable(
                name: "feed_checkpoints",
                columns: table => new
                {
                    follower = table.Column<string>(type: "text", nullable: false),
                    position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feed_checkpoints", x => x.follower);
                });

            migrationBuilder.CreateTable(
                name: "open_items",
                columns: table => new
                {
                    invoice_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    customer_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    number = table.Column<string>(type: "text", nullable: false),
                    order_id = table.Column<string>(type: "text", nullable: false),
                    purpose = table.Column<string>(type: "text", nullable: false),
                    payment_method = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    gross_minor = table.Column<long>(type: "bigint", nullable: false),
                    credited_minor = table.Column<long>(type: "bigint", nullable: false),
                    paid_minor = table.Column<long>(type: "bigint", nullable: false),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    discount_until = table.Column<DateOnly>(type: "date", nullable: true),
                    discount_basis_points = table.Column<int>(type: "integer", nullable: false),
                    dunning_level = table.Column<int>(type: "integer", nullable: false),
                    last_dunned_on = table.Column<DateOnly>(type: "date", nullable: true),
                    settled_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_open_items", x => x.invoice_id);
                });

            migrationBuilder.CreateTable(
                name: "payments",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    customer_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    currency = table.Column<string>(type: "text", nullable: false),
                    amount_minor = table.Column<long>(type: "bigint", nullable: false),
                    unallocated_minor = table.Column<long>(type: "bigint", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    external_reference = table.Column<string>(type: "text", nullable: true),
                    received_on = table.Column<DateOnly>(type: "date", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_by = table.Column<string>(type: "text", nullable: false),
                    payer_name = table.Column<string>(type: "text", nullable: false),
                    remittance_info = table.Column<string>(type: "text", nullable: false),
                    order_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payments", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "billing_feed_counter",
                columns: new[] { "id", "last_position" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "ix_allocations_customer_id",
                table: "allocations",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_allocations_payment_id",
                table: "allocations",
                column: "payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_billing_documents_customer_id_issued_at_id",
                table: "billing_documents",
                columns: new[] { "customer_id", "issued_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ux_billing_documents_kind_source_key",
                table: "billing_documents",
                columns: new[] { "kind", "source_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_billing_documents_number",
                table: "billing_documents",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_billing_documents_series_year_sequence",
                table: "billing_documents",
                columns: new[] { "series", "year", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_open_items_customer_id",
                table: "open_items",
                column: "customer_id",
                filter: "settled_on IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_open_items_unsettled_due_date",
                table: "open_items",
                columns: new[] { "due_date", "customer_id" },
                filter: "settled_on IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_payments_customer_id_recorded_at_id",
                table: "payments",
                columns: new[] { "customer_id", "recorded_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_payments_unallocated_customer_id",
                table: "payments",
                column: "customer_id",
                filter: "unallocated_minor <> 0");

            migrationBuilder.CreateIndex(
                name: "ux_payments_external_reference",
                table: "payments",
                column: "external_reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "allocations");

            migrationBuilder.DropTable(
                name: "billing_accounts");

            migrationBuilder.DropTable(
                name: "billing_documents");

            migrationBuilder.DropTable(
                name: "billing_events");

            migrationBuilder.DropTable(
                name: "billing_feed_counter");

            migrationBuilder.DropTable(
                name: "document_counters");

            migrationBuilder.DropTable(
                name: "feed_checkpoints");

            migrationBuilder.DropTable(
                name: "open_items");

            migrationBuilder.DropTable(
                name: "payments");
        }
    }
}
