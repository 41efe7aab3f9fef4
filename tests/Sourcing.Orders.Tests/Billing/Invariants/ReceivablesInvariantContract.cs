using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Sourcing.Orders.Billing;
using Sourcing.Orders.Billing.Dunning;
using Sourcing.Orders.Billing.Invoicing;
using Sourcing.Orders.Billing.Receivables;
using Sourcing.Orders.Tests.Billing.Receivables;
using Sourcing.Orders.Tests.Lifecycle;

namespace Sourcing.Orders.Tests.Billing.Invariants;

/// <summary>
/// Random interleavings of everything that moves receivables — invoices (from shipments of real orders, and issued
/// directly), credit notes, cancellations, payments
/// (matched, partial, overpaid, by customer, unmatched then assigned by a clerk), Skonto, bank statement imports and
/// dunning runs — run by several tasks at once on shared customers (fixed seeds, so a failure repeats). After every
/// step, for every customer and currency: invoiced − credited − allocated = the open items; no payment allocated
/// beyond its amount; and every number series has no gap and no repeat.
/// </summary>
public abstract class ReceivablesInvariantContract
{
    private const int Tasks = 4;
    private const int StepsPerTask = 30;

    protected abstract IBillingStore Store { get; }

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    public async Task RandomConcurrentOperations_InvariantsHoldAfterEveryStep(int seed)
    {
        var run = new Run(Store, seed);

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(() => run.TaskAsync(new Random(seed * 100 + task)))));

        await run.CheckAsync("the end");
        Assert.True(run.Steps.Values.Sum() >= Tasks * StepsPerTask);
        Assert.True(run.Steps.Count >= 8, "every kind of step ran: " + string.Join(", ", run.Steps.Keys));
        Assert.Contains(run.Steps.Keys, step => step.Contains("shipment", StringComparison.Ordinal));
    }

    private sealed class Run
    {
        private readonly ReceivablesWorld _world;
        private readonly InvoicingService _invoicing;
        private readonly DunningService _dunning;
        private readonly BankStatementImport _import;
        private readonly string[] _customers;
        private readonly ConcurrentBag<BillingDocument> _invoices = [];
        private readonly string _prefix;
        private readonly OrderWorld _orders = new();
        private readonly InvoicingService _shipmentInvoicing;
        private int _statements;
        private int _orderCount;

        public Run(IBillingStore store, int seed)
        {
            _world = new ReceivablesWorld(store);
            _invoicing = new InvoicingService(store, _world.Orders, _world.Options, _world.Clock, NullLogger<InvoicingService>.Instance);
            _dunning = new DunningService(store, _world.Options, _world.Clock, NullLogger<DunningService>.Instance);
            _import = new BankStatementImport(store, _world.Options, _world.Clock, NullLogger<BankStatementImport>.Instance);
            // Unique per run: a PostgreSQL database is shared by the seeds of one class.
            _prefix = $"inv{seed}-{Guid.NewGuid():N}"[..16];
            _customers = Enumerable.Range(0, 5).Select(i => $"{_prefix}-C{i}").ToArray();
            // Orders go through the real lifecycle (in-memory order store, test inventory); their invoices into this store.
            _shipmentInvoicing = new InvoicingService(store, _orders.Store, _world.Options, _orders.Clock, NullLogger<InvoicingService>.Instance);
        }

        public ConcurrentDictionary<string, int> Steps { get; } = new();

        public async Task TaskAsync(Random random)
        {
            for (var step = 0; step < StepsPerTask; step++)
            {
                var name = await StepAsync(random);
                Steps.AddOrUpdate(name, 1, (_, n) => n + 1);
                await CheckAsync($"{name} (step {step})");
            }
        }

        private async Task<string> StepAsync(Random random)
        {
            var customer = _customers[random.Next(_customers.Length)];
            var invoice = _invoices.Where(i => i.CustomerId == customer).OrderBy(_ => random.Next()).FirstOrDefault();
            switch (random.Next(13))
            {
                case 12 when invoice is not null:
                    // A return credited as store credit, less a restocking fee: paid money moves back to the payments' credit.
                    var fee = invoice.Lines[0].UnitGrossMinor / 10;
                    await CreditAsync(new CreditNoteCommand(Guid.NewGuid().ToString("N"), invoice.Id, CreditReason.Return, "Return", [new CreditLine(1, 1)], null,
                        fee > 0 ? [new CreditDeduction("Restocking fee", fee, invoice.Lines[0].VatRateBasisPoints)] : null, CreditRefundTo.StoreCredit));
                    return "store credit return";
                case 10 or 11:
                    return await ShipAsync(random, customer);
                case 0 or 1 when invoice is not null:
                    return await PayAsync(random, invoice);
                case 2 when invoice is not null:
                    await CreditAsync(new CreditNoteCommand(Guid.NewGuid().ToString("N"), invoice.Id, CreditReason.PriceAdjustment, "Kulanz", null, 1 + random.Next((int)Math.Min(invoice.GrossTotalMinor, 5_000))));
                    return "credit note";
                case 3 when invoice is not null:
                    await CreditAsync(new CreditNoteCommand(Guid.NewGuid().ToString("N"), invoice.Id, CreditReason.Cancellation, "Storno", [new CreditLine(1, 1)], null));
                    return "cancellation";
                case 4:
                    var unmatched = await _world.PayAsync(1 + random.Next(5_000), "no reference at all");
                    var target = _invoices.Where(i => i.CustomerId == customer).Take(random.Next(3)).Select(i => i.Id).ToList();
                    await _world.Receivables.AssignPaymentAsync(unmatched.Payment.Id, customer, target, "clerk", CancellationToken.None);
                    return "unmatched then assigned";
                case 5:
                    var fresh = await _world.InvoiceAsync(customer, 1_000 + random.Next(20_000), _world.Today, orderId: _prefix);
                    _invoices.Add(fresh);
                    var discount = VatMath.Share(fresh.GrossTotalMinor, fresh.Terms.DiscountBasisPoints);
                    await _world.PayAsync(fresh.GrossTotalMinor - discount, fresh.Number, receivedOn: _world.Today.AddDays(random.Next(8)));
                    return "skonto";
                case 6:
                    await _dunning.RunAsync(_world.Today.AddDays(random.Next(90)), "dunning", null, CancellationToken.None);
                    return "dunning run";
                case 7:
                    await _world.PayAsync(1 + random.Next(20_000), customerId: customer);
                    return "payment by customer";
                case 8 when invoice is not null:
                    var id = $"{_prefix}-ST{Interlocked.Increment(ref _statements)}";
                    var file = Statements.File(id, Enumerable.Range(0, 3).Select(i => ($"E{i}", 1L + random.Next(3_000), i == 2 ? "Spende" : invoice.Number)));
                    await _import.ImportAsync(file, null, "import", CancellationToken.None);
                    return "bank statement";
                default:
                    _invoices.Add(await _world.InvoiceAsync(customer, 100 + random.Next(30_000), _world.Today.AddDays(-random.Next(60)), orderId: _prefix));
                    return "invoice";
            }
        }

        /// <summary>
        /// An order on invoice of two lines at two locations; one location ships (invoiced from the shipment), and the
        /// other either ships too or has its units cancelled.
        /// </summary>
        private async Task<string> ShipAsync(Random random, string customer)
        {
            var orderId = $"{_prefix}-O{Interlocked.Increment(ref _orderCount)}";
            var document = TestOrders.Document(orderId, ("L1", $"{orderId}-A", 1 + random.Next(3)), ("L2", $"{orderId}-B", 1 + random.Next(3)));
            document.Customer.Id = customer;
            document.PaymentMethod = PaymentMethods.Invoice;
            document.ShippingChargeMinor = random.Next(2) * 495;
            foreach (var line in document.Lines)
            {
                _orders.Inventory.Stock(line.Sku, "LOC-" + line.LineId, line.Quantity);
            }

            var order = await _orders.Lifecycle.CreateAsync(new CreateOrderCommand("r-" + orderId, "fp-" + orderId, document), "web-shop", CancellationToken.None);
            await ShipAllAtAsync(order.Id, "LOC-L1");
            var name = "shipment";
            if (random.Next(2) == 0)
            {
                await ShipAllAtAsync(order.Id, "LOC-L2");
                name = "two shipments";
            }
            else
            {
                await _orders.Lifecycle.CancelAsync(OrderWorld.As(order.Id, "agent"), "L2", null, "customer changed their mind", CancellationToken.None);
                name = "shipment and cancellation";
            }

            foreach (var invoice in await _shipmentInvoicing.IssueForOrderAsync(order.Id, CancellationToken.None))
            {
                _invoices.Add(invoice);
            }

            return name;
        }

        private async Task ShipAllAtAsync(string orderId, string locationId)
        {
            var order = await _orders.GetAsync(orderId);
            var fulfilment = order.Document.FulfilmentOrders.Single(f => f.LocationId == locationId && f.Remaining > 0);
            await _orders.Lifecycle.ConfirmShipmentAsync(OrderWorld.As(orderId), fulfilment.Id, "DHL", "T-" + fulfilment.Id,
                fulfilment.Lines.Where(l => l.Remaining > 0).Select(l => new LineQuantity(l.LineId, l.Remaining)).ToList(), CancellationToken.None);
        }

        private async Task<string> PayAsync(Random random, BillingDocument invoice)
        {
            var open = (await Store.GetAccountAsync(invoice.CustomerId, CancellationToken.None))?.Items.FirstOrDefault(i => i.InvoiceId == invoice.Id)?.OpenMinor ?? 0;
            var (amount, name) = random.Next(3) switch
            {
                0 when open > 0 => (open, "payment in full"),
                1 when open > 1 => (1 + random.NextInt64(open - 1), "partial payment"),
                _ => (Math.Max(open, 0) + 1 + random.Next(5_000), "overpayment"),
            };
            await _world.PayAsync(amount, $"Rechnung {invoice.Number.Replace("-", " ")}");
            return name;
        }

        private async Task CreditAsync(CreditNoteCommand command)
        {
            try
            {
                await _invoicing.IssueCreditNoteAsync(command, "finance", CancellationToken.None);
            }
            catch (BillingStateException)
            {
                // More than the invoice has left to credit (or credited by others meanwhile): refused, nothing changed.
            }
        }

        private IBillingStore Store => _world.Store;

        public async Task CheckAsync(string after)
        {
            foreach (var customer in _customers)
            {
                foreach (var ledger in await Store.GetLedgerTotalsAsync(customer, CancellationToken.None))
                {
                    Assert.True(
                        ledger.InvoicedMinor - ledger.CreditedMinor - ledger.AllocatedMinor == ledger.OpenItemsMinor,
                        $"after {after}: {customer} {ledger}");
                    Assert.True(ledger.OverAllocatedPayments == 0, $"after {after}: {customer} has over-allocated payments ({ledger})");
                    Assert.True(ledger.PaymentsMinor - ledger.AllocatedMinor == ledger.UnallocatedMinor, $"after {after}: {customer} {ledger}");
                }
            }

            foreach (var series in new[] { _world.Options.InvoiceSeries, _world.Options.CreditNoteSeries, _world.Options.DunningFeeSeries })
            {
                var sequences = await Store.ListSequencesAsync(series, 2026, CancellationToken.None);
                Assert.True(sequences.SequenceEqual(Enumerable.Range(1, sequences.Count).Select(n => (long)n)), $"after {after}: {series}-2026 has a gap or repeat: {string.Join(",", sequences)}");
            }
        }
    }
}
