using Sourcing.Orders.Billing.BankStatements;

namespace Sourcing.Orders.Tests.Billing.BankStatements;

public sealed class Camt053ReaderTests
{
    private static readonly DateOnly Booked = new(2026, 11, 26);

    [Fact]
    public void ReadCredits_SparkasseStatement_YieldsEachCreditOncePerBatchTransaction()
    {
        using var stream = CamtSamples.Stream(CamtSamples.Text(CamtSamples.Sparkasse));

        var credits = Camt053Reader.ReadCredits(stream).ToList();

        const string statement = "2026-11-27-0000000001";
        Assert.Equal(
            [
                new BankStatementEntry("Stmt[1]/Ntry[1]", $"{statement}/2026112605432817000", 122_920, "EUR", Booked,
                    "Erika Mustermann", "Rechnung RE-2026-000042 Kd-Nr. cust-4711", "E2E-RE-2026-000042"),
                new BankStatementEntry("Stmt[1]/Ntry[3]/TxDtls[1]", $"{statement}/2026112605433001000/TxDtls[1]", 11_900, "EUR", Booked,
                    "Max Müller", "RE-2026-000043", ""),
                new BankStatementEntry("Stmt[1]/Ntry[3]/TxDtls[2]", $"{statement}/2026112605433001000/TxDtls[2]", 10_740, "EUR", Booked,
                    "Bäckerei Schmidt OHG", "RE-2026-000044 abzgl. 2% Skonto", "SHOP-100240"),
                new BankStatementEntry("Stmt[1]/Ntry[5]", $"{statement}/2026112605433500000", 2_500, "EUR", Booked,
                    "Hans Becker", "RF18RE2026000045", ""),
            ],
            credits);
    }

    [Fact]
    public void Validate_SparkasseStatement_CountsCreditsAndSkippedDebitsAndReversals()
    {
        using var stream = CamtSamples.Stream(CamtSamples.Text(CamtSamples.Sparkasse));

        var summary = Camt053Reader.Validate(stream, CancellationToken.None);

        Assert.Equal(new BankStatementSummary("2026-11-27-0000000001", "DE02120300000000202051", Credits: 4, DebitsSkipped: 1, ReversalsSkipped: 1, Statements: 1), summary);
    }

    [Fact]
    public void ReadCredits_Version08Statement_ReadsPartyUnderPtyAndDateTimeBooking()
    {
        using var stream = CamtSamples.Stream(CamtSamples.Text(CamtSamples.Version08));

        var credit = Assert.Single(Camt053Reader.ReadCredits(stream));

        Assert.Equal(
            new BankStatementEntry("Stmt[1]/Ntry[1]", "STMT-2026-331/0001", 5_950, "EUR", Booked, "Jana Nowak", "RE-2026-000050", "ORDER-77"),
            credit);
    }

    [Fact]
    public void ReadCredits_EntryWithoutAnyReference_UsesItsLocation()
    {
        var xml = CamtSamples.Replace(CamtSamples.Text(CamtSamples.Version08), "<NtryRef>0001</NtryRef>", "");
        using var stream = CamtSamples.Stream(xml);

        var credit = Assert.Single(Camt053Reader.ReadCredits(stream));

        Assert.Equal("STMT-2026-331/Stmt[1]/Ntry[1]", credit.Reference);
    }

    public static TheoryData<string, string, int, string, string> Malformed => new()
    {
        // find, replace with, occurrence, location, reason
        { "<Amt Ccy=\"EUR\">12.90</Amt>", "", 1, "Stmt[1]/Ntry[2]/Amt", "missing amount" },
        { ">12.90<", ">12,90<", 1, "Stmt[1]/Ntry[2]/Amt", "not a decimal" },
        { ">12.90<", ">1.2e1<", 1, "Stmt[1]/Ntry[2]/Amt", "not a decimal" },
        { ">12.90<", ">12.905<", 1, "Stmt[1]/Ntry[2]/Amt", "3 decimal places, more than the currency's 2" },
        { ">12.90<", ">-12.90<", 1, "Stmt[1]/Ntry[2]/Amt", "negative" },
        { ">1229.20<", ">10000000000000.01<", 1, "Stmt[1]/Ntry[1]/Amt", "larger than 1000000000000000 minor units" },
        { "<Amt Ccy=\"EUR\">12.90", "<Amt Ccy=\"EURO\">12.90", 1, "Stmt[1]/Ntry[2]/Amt", "currency 'EURO' is not 3 letters" },
        { "<Amt Ccy=\"EUR\">12.90", "<Amt>12.90", 1, "Stmt[1]/Ntry[2]/Amt", "currency '' is not 3 letters" },
        { "<CdtDbtInd>DBIT</CdtDbtInd>", "", 1, "Stmt[1]/Ntry[2]/CdtDbtInd", "missing CdtDbtInd" },
        { "<CdtDbtInd>DBIT</CdtDbtInd>", "<CdtDbtInd>DEBIT</CdtDbtInd>", 1, "Stmt[1]/Ntry[2]/CdtDbtInd", "neither CRDT nor DBIT" },
        { "<Dt>2026-11-26</Dt>\n        </BookgDt>", "<Dt>26.11.2026</Dt>\n        </BookgDt>", 2, "Stmt[1]/Ntry[2]/BookgDt/Dt", "booking date '26.11.2026' is not a date" },
        { "<Amt Ccy=\"EUR\">107.40</Amt>", "", 1, "Stmt[1]/Ntry[3]/TxDtls[2]/Amt", "missing amount" },
        { ">107.40<", ">107.41<", 1, "Stmt[1]/Ntry[3]/Amt", "add up to 226.41 EUR, the entry books 226.40 EUR" },
        { "<RvslInd>true</RvslInd>", "<RvslInd>yes</RvslInd>", 1, "Stmt[1]/Ntry[4]/RvslInd", "not a boolean" },
        { "<Id>2026-11-27-0000000001</Id>", "", 1, "Stmt[1]/Id", "missing statement Id" },
        { "camt.053.001.02\"", "camt.054.001.02\"", 1, "", "not a camt.053 statement" },
        { "<BkToCstmrStmt>", "<BkToCstmrDbtCdtNtfctn>", 1, "", "not a camt.053 statement" },
        { "<Sts>BOOK</Sts>", "<Sts>BOOK</Stz>", 2, "Stmt[1]/Ntry[2]", "XML is not well-formed" },
        { "<Ustrd>Kd-Nr. cust-4711</Ustrd>", $"<Ustrd>{new string('x', 10 * 1024 + 1)}</Ustrd>", 1, "Stmt[1]/Ntry[1]/NtryDtls/TxDtls/RmtInf/Ustrd", "text longer than 10240 characters" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Validate_MalformedEntry_ThrowsNamingTheElementAndLine(string find, string replacement, int occurrence, string location, string reason)
    {
        var sample = CamtSamples.Text(CamtSamples.Sparkasse);
        var xml = CamtSamples.Replace(sample, find, replacement, occurrence);
        using var stream = CamtSamples.Stream(xml);

        var error = Assert.Throws<BankStatementFormatException>(() => Camt053Reader.Validate(stream, CancellationToken.None));

        Assert.Equal(location, error.Location);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.InRange(error.LineNumber, 1, xml.Count(c => c == '\n') + 1);
        Assert.Contains($"(line {error.LineNumber})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MismatchedEndTag_ReportsTheLineOfTheFault()
    {
        var sample = CamtSamples.Text(CamtSamples.Sparkasse);
        var xml = CamtSamples.Replace(sample, "<Sts>BOOK</Sts>", "<Sts>BOOK</Stz>", 2);
        using var stream = CamtSamples.Stream(xml);

        var error = Assert.Throws<BankStatementFormatException>(() => Camt053Reader.Validate(stream, CancellationToken.None));

        Assert.Equal(CamtSamples.LineOf(sample, "<Sts>BOOK</Sts>", 2), error.LineNumber);
    }

    [Fact]
    public void ReadCredits_MalformedLaterEntry_YieldsEarlierCreditsThenThrowsNamingTheEntry()
    {
        var xml = CamtSamples.Replace(CamtSamples.Text(CamtSamples.Sparkasse), ">25.00<", ">25,00<");
        using var stream = CamtSamples.Stream(xml);
        var read = new List<BankStatementEntry>();

        var error = Assert.Throws<BankStatementFormatException>(() => read.AddRange(Camt053Reader.ReadCredits(stream)));

        Assert.Equal("Stmt[1]/Ntry[5]/Amt", error.Location);
        Assert.Equal(3, read.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Rechnung RE-2026-000042;1229,20\n")]
    [InlineData("%PDF-1.7")]
    public void Validate_NotXml_ThrowsNotWellFormed(string content)
    {
        using var stream = CamtSamples.Stream(content);

        var error = Assert.Throws<BankStatementFormatException>(() => Camt053Reader.Validate(stream, CancellationToken.None));

        Assert.Contains("XML is not well-formed", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BillionLaughs_IsRefusedWithoutExpandingEntities()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE Document [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
              <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
              <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
              <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
              <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
              <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
            ]>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&lol9;</Id></Stmt></BkToCstmrStmt></Document>
            """;
        using var stream = CamtSamples.Stream(xml);

        var error = Assert.Throws<BankStatementFormatException>(() => Camt053Reader.Validate(stream, CancellationToken.None));

        Assert.Contains("DTD", error.Reason, StringComparison.Ordinal);
        Assert.Equal("", error.Location);
    }

    [Fact]
    public void ReadCredits_ExternalEntity_IsRefusedAndNothingIsRead()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"camt-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(marker, "SECRET-CONTENT");
        try
        {
            var xml = CamtSamples.Replace(
                CamtSamples.Replace(CamtSamples.Text(CamtSamples.Version08), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                    $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file://{marker}\">]>"),
                "<Ustrd>RE-2026-000050</Ustrd>", "<Ustrd>&xxe;</Ustrd>");
            using var stream = CamtSamples.Stream(xml);

            var error = Assert.Throws<BankStatementFormatException>(() => Camt053Reader.ReadCredits(stream).ToList());

            Assert.Contains("DTD", error.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET-CONTENT", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public void Validate_FileLargerThanTheLimit_IsRefusedBeforeTheEnd()
    {
        var xml = CamtSamples.Text(CamtSamples.Sparkasse);
        using var stream = CamtSamples.Stream(xml);

        var error = Assert.Throws<BankStatementFormatException>(() => Camt053Reader.Validate(stream, maxFileBytes: 4_096, CancellationToken.None));

        Assert.Contains("larger than 4,096 bytes", error.Reason, StringComparison.Ordinal);
        Assert.True(stream.Position < stream.Length, $"read {stream.Position} of {stream.Length} bytes");
    }

    [Fact]
    public void ReadCredits_TwoStatementsInOneFile_LocatesAndReferencesEachByItsStatement()
    {
        var xml = CamtSamples.Text(CamtSamples.Version08);
        var statement = xml[xml.IndexOf("<Stmt>", StringComparison.Ordinal)..(xml.IndexOf("</Stmt>", StringComparison.Ordinal) + "</Stmt>".Length)];
        xml = CamtSamples.Replace(xml, "</Stmt>", "</Stmt>\n" + statement.Replace("STMT-2026-331", "STMT-2026-332", StringComparison.Ordinal));
        using var stream = CamtSamples.Stream(xml);
        using var again = CamtSamples.Stream(xml);

        var credits = Camt053Reader.ReadCredits(stream).ToList();
        var summary = Camt053Reader.Validate(again, CancellationToken.None);

        Assert.Equal(["Stmt[1]/Ntry[1]", "Stmt[2]/Ntry[1]"], credits.Select(c => c.Location));
        Assert.Equal(["STMT-2026-331/0001", "STMT-2026-332/0001"], credits.Select(c => c.Reference));
        Assert.Equal(new BankStatementSummary("STMT-2026-331", "DE02500105170137075030", 2, 0, 0, Statements: 2), summary);
    }

    [Fact]
    public void Validate_Cancelled_StopsWithOperationCanceled()
    {
        using var stream = CamtSamples.Stream(CamtSamples.Text(CamtSamples.Sparkasse));

        Assert.Throws<OperationCanceledException>(() => Camt053Reader.Validate(stream, new CancellationToken(canceled: true)));
    }
}
