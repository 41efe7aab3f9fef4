using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Sourcing.Orders.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class InitialOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "order_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    position = table.Column<long>(type: "bigint", nullable: true),
                    tx = table.Column<ulong>(type: "xid8", nullable: false, defaultValueSql: "pg_current_xact_id()"),
                    order_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    detail = table.Column<string>(type: "character varying(16000)", maxLength: 16000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "order_requests",
                columns: table => new
                {
                    channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    request_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    order_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_requests", x => new { x.channel, x.request_id });
                });

            migrationBuilder.CreateTable(
                name: "orders",
                columns: table => new
                {
                    order_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    external_order_number = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    customer_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    total_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    unfinished = table.Column<bool>(type: "boolean", nullable: false),
                    backordered_skus = table.Column<string[]>(type: "text[]", nullable: false),
                    earliest_hold_expiry = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    document = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.order_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_order_events_unplaced",
                table: "order_events",
                columns: new[] { "tx", "id" },
                filter: "position IS NULL");

            migrationBuilder.CreateIndex(
                name: "ux_order_events_order_id_sequence",
                table: "order_events",
                columns: new[] { "order_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_order_events_position",
                table: "order_events",
                column: "position",
                unique: true,
                filter: "position IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_orders_backordered_skus",
                table: "orders",
                column: "backordered_skus")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_orders_channel_created_at_order_id",
                table: "orders",
                columns: new[] { "channel", "created_at", "order_id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_orders_created_at_order_id",
                table: "orders",
                columns: new[] { "created_at", "order_id" },
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "ix_orders_customer_id_created_at_order_id",
                table: "orders",
                columns: new[] { "customer_id", "created_at", "order_id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_orders_earliest_hold_expiry",
                table: "orders",
                column: "earliest_hold_expiry",
                filter: "earliest_hold_expiry IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_orders_status",
                table: "orders",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_orders_unfinished_updated_at",
                table: "orders",
                column: "updated_at",
                filter: "unfinished");

            migrationBuilder.CreateIndex(
                name: "ux_orders_channel_external_order_number",
                table: "orders",
                columns: new[] { "channel", "external_order_number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_events");

            migrationBuilder.DropTable(
                name: "order_requests");

            migrationBuilder.DropTable(
                name: "orders");
        }
    }
}
