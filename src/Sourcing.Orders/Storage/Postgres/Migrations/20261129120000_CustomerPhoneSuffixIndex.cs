using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sourcing.Orders.Storage.Postgres.Migrations
{
    /// <summary>
    /// Phone entries of the customer search by their reversed digits (see <see cref="CustomerModel.PhoneSuffixIndexSql"/>),
    /// so a number typed whole or by its last digits is one b-tree range instead of a trigram search. A partial
    /// expression index EF's model cannot describe, hence plain SQL.
    /// </summary>
    public partial class CustomerPhoneSuffixIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CustomerModel.PhoneSuffixIndexSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DROP INDEX {CustomerModel.PhoneSuffixIndex}");
        }
    }
}
