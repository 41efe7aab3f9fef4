using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sourcing.Orders.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CustomerTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "returned_value_minor",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "shipped_value_minor",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "units_returned",
                table: "orders",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "units_shipped",
                table: "orders",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Orders written before this migration: the same sums Order.Project computes, from the stored document
            // (units shipped = Shipped + Delivered + Returned line states, values at each line's unit price).
            migrationBuilder.Sql(
                """
                UPDATE orders AS o
                SET units_shipped = t.units_shipped, units_returned = t.units_returned,
                    shipped_value_minor = t.shipped_value_minor, returned_value_minor = t.returned_value_minor
                FROM (
                    SELECT order_id,
                           sum(shipped)::int AS units_shipped, sum(returned)::int AS units_returned,
                           sum(shipped * price)::bigint AS shipped_value_minor, sum(returned * price)::bigint AS returned_value_minor
                    FROM (
                        SELECT orders.order_id,
                               coalesce((line->'states'->>'Shipped')::bigint, 0) + coalesce((line->'states'->>'Delivered')::bigint, 0)
                                   + coalesce((line->'states'->>'Returned')::bigint, 0) AS shipped,
                               coalesce((line->'states'->>'Returned')::bigint, 0) AS returned,
                               coalesce((line->>'unitPriceMinor')::bigint, 0) AS price
                        FROM orders, jsonb_array_elements(orders.document->'lines') AS line
                    ) AS lines
                    GROUP BY order_id
                ) AS t
                WHERE o.order_id = t.order_id
                """);

            // Agent search by external order number in any channel and any case (FindByExternalNumberAsync).
            migrationBuilder.Sql("CREATE INDEX ix_orders_lower_external_order_number ON orders (lower(external_order_number))");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_orders_lower_external_order_number");

            migrationBuilder.DropColumn(
                name: "returned_value_minor",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "shipped_value_minor",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "units_returned",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "units_shipped",
                table: "orders");
        }
    }
}
