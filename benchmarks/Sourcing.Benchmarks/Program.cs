using BenchmarkDotNet.Running;
using Sourcing.Benchmarks.Optimizer;

namespace Sourcing.Benchmarks;

/// <summary>
/// Entry point. BenchmarkDotNet suites: <c>dotnet run -c Release --project benchmarks/Sourcing.Benchmarks -- --filter '*Reservation*'</c>.
/// Reports: <c>-- optimizer-latency [deadline ms] [extra CP-SAT parameters] [size]</c>, <c>-- quality [orders]</c>,
/// <c>-- sourceorder-latency [calls]</c>, <c>-- order-latency [calls]</c>, <c>-- order-load [callers] [seconds]</c>,
/// <c>-- listorders-latency [orders] [calls]</c>, <c>-- invoice-issue [callers] [seconds]</c>, <c>-- billing-issue [orders] [callers]</c>,
/// <c>-- dunning-run [customers]</c>, <c>-- camt-import [entries]</c>, <c>-- return-latency [orders] [calls per phase]</c>,
/// <c>-- customer-seed [customers] [orders]</c> (fills a PostgreSQL kept in /tmp/sourcing-customer-bench),
/// <c>-- customer-latency [calls]</c> (on that database).
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "optimizer-latency":
                OptimizerLatencyReport.Run(args[1..]);
                break;
            case "quality":
                QualityComparison.Run(args[1..]);
                break;
            case "sourceorder-latency":
                Sourcing.SourceOrderLatencyReport.Run(args[1..]);
                break;
            case "order-latency":
                Orders.OrderLatencyReport.Run(args[1..]);
                break;
            case "order-load":
                Orders.OrderLoadReport.Run(args[1..]);
                break;
            case "listorders-latency":
                Orders.ListOrdersReport.Run(args[1..]);
                break;
            case "invoice-issue":
                Billing.InvoiceIssueReport.Run(args[1..]);
                break;
            case "billing-issue":
                Billing.BillingIssueReport.Run(args[1..]);
                break;
            case "dunning-run":
                Billing.DunningRunReport.Run(args[1..]);
                break;
            case "camt-import":
                Billing.CamtImportReport.Run(args[1..]);
                break;
            case "return-latency":
                Returns.ReturnLatencyReport.Run(args[1..]);
                break;
            case "customer-seed":
                Customers.CustomerSeedReport.Run(args[1..]);
                break;
            case "customer-latency":
                Customers.CustomerLatencyReport.Run(args[1..]);
                break;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
                break;
        }
    }
}
