using System.Diagnostics;
using Sourcing.Orders.Billing.BankStatements;
using Xunit.Abstractions;

namespace Sourcing.Orders.Tests.Billing.BankStatements;

public sealed class Camt053WriterTests(ITestOutputHelper output)
{
    private static readonly DateOnly Booked = new(2026, 11, 26);

    [Theory]
    [InlineData(Camt053Version.V02)]
    [InlineData(Camt053Version.V08)]
    public void Write_CreditsDebitsReversalsAndBatch_ReadBackAsWritten(Camt053Version version)
    {
        var first = new BankStatementEntry("", "REF-1", 122_920, "EUR", Booked, "Erika Mustermann", "RE-2026-000042", "E2E-1");
        var batch = new[]
        {
            new BankStatementEntry("", "", 11_900, "EUR", Booked, "Max Müller", "RE-2026-000043", ""),
            new BankStatementEntry("", "", 10_740, "EUR", Booked, "Bäckerei Schmidt OHG", "RE-2026-000044", "E2E-3"),
        };
        using var stream = new MemoryStream();
        using (var writer = new Camt053Writer(stream, "STMT-9", "DE02120300000000202051", version: version))
        {
            writer.WriteCredit(first);
            writer.WriteEntry(first with { Reference = "REF-2", AmountMinor = 1_290 }, credit: false);
            writer.WriteEntry(first with { Reference = "REF-3" }, credit: true, reversal: true);
            writer.WriteBatchCredit("REF-4", Booked, batch);
        }

        stream.Position = 0;
        var summary = Camt053Reader.Validate(stream, CancellationToken.None);
        stream.Position = 0;
        var credits = Camt053Reader.ReadCredits(stream).ToList();

        Assert.Equal(new BankStatementSummary("STMT-9", "DE02120300000000202051", 3, 1, 1, 1), summary);
        Assert.Equal(
            [
                first with { Location = "Stmt[1]/Ntry[1]", Reference = "STMT-9/REF-1" },
                batch[0] with { Location = "Stmt[1]/Ntry[4]/TxDtls[1]", Reference = "STMT-9/REF-4/TxDtls[1]" },
                batch[1] with { Location = "Stmt[1]/Ntry[4]/TxDtls[2]", Reference = "STMT-9/REF-4/TxDtls[2]" },
            ],
            credits);
    }

    [Fact]
    public void ReadCredits_HundredThousandEntries_StreamsInBoundedMemory()
    {
        const int count = 100_000;
        var path = Path.Combine(Path.GetTempPath(), $"camt053-{Guid.NewGuid():N}.xml");
        try
        {
            using (var file = File.Create(path))
            using (var writer = new Camt053Writer(file, "STMT-BIG", "DE02120300000000202051"))
            {
                for (var i = 1; i <= count; i++)
                {
                    writer.WriteCredit(new BankStatementEntry("", $"REF{i:D7}", 1_000 + i, "EUR", Booked, $"Kunde {i}", $"RE-2026-{i:D6}", $"E2E-{i}"));
                }
            }

            var fileBytes = new FileInfo(path).Length;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var read = 0;
            long sum = 0;
            long retainedAtTenThousand = 0;
            long retainedMax = 0;
            using (var file = File.OpenRead(path))
            {
                foreach (var entry in Camt053Reader.ReadCredits(file))
                {
                    read++;
                    sum += entry.AmountMinor;
                    Assert.Equal($"STMT-BIG/REF{read:D7}", entry.Reference);
                    if (read % 10_000 == 0)
                    {
                        var retained = GC.GetTotalMemory(forceFullCollection: true);
                        retainedAtTenThousand = read == 10_000 ? retained : retainedAtTenThousand;
                        retainedMax = Math.Max(retainedMax, retained);
                    }
                }
            }

            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            using var process = Process.GetCurrentProcess();
            output.WriteLine(
                $"{count:N0} entries, file {fileBytes / 1048576.0:F1} MB, read in {watch.Elapsed.TotalSeconds:F2} s (incl. 10 full GCs), "
                + $"allocated {allocated / 1048576.0:F1} MB, retained heap {retainedAtTenThousand / 1048576.0:F1} MB after 10,000 and at most {retainedMax / 1048576.0:F1} MB, "
                + $"peak working set of the test process {process.PeakWorkingSet64 / 1048576.0:F0} MB");

            Assert.Equal(count, read);
            Assert.Equal(count * 1_000L + (long)count * (count + 1) / 2, sum);
            // Streaming: what the reader keeps does not grow with the entries read (a list of them would add ~30 MB).
            Assert.True(retainedMax - retainedAtTenThousand < 4 * 1024 * 1024, $"retained grew from {retainedAtTenThousand:N0} to {retainedMax:N0} bytes");

            using var again = File.OpenRead(path);
            var summary = Camt053Reader.Validate(again, CancellationToken.None);
            Assert.Equal(count, summary.Credits);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
