using System.Globalization;
using Sourcing.Orders.Billing.Documents;

namespace Sourcing.Orders.Billing.BankStatements;

/// <summary>
/// One camt.053 entry (Ntry) to its transactions: the entry itself, or each TxDtls of a batch booking with its own
/// amount. Checks what an import relies on (amount, currency, direction, booking date) and names the element at fault.
/// </summary>
internal static class Camt053EntryParser
{
    public static List<Camt053Reader.Transaction> Parse(CamtElement entry, string location, string statementId)
    {
        var amountElement = entry.Child("Amt")
            ?? throw new BankStatementFormatException($"{location}/Amt", "missing amount", entry.Line);
        var (amount, currency) = Amount(amountElement, $"{location}/Amt");

        var indicator = entry.Child("CdtDbtInd")
            ?? throw new BankStatementFormatException($"{location}/CdtDbtInd", "missing CdtDbtInd (CRDT or DBIT)", entry.Line);
        var credit = indicator.Text switch
        {
            "CRDT" => true,
            "DBIT" => false,
            _ => throw new BankStatementFormatException($"{location}/CdtDbtInd", $"CdtDbtInd '{indicator.Text}' is neither CRDT nor DBIT", indicator.Line),
        };

        var reversal = entry.Child("RvslInd") is { } reversalElement && reversalElement.Text switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new BankStatementFormatException($"{location}/RvslInd", $"RvslInd '{reversalElement.Text}' is not a boolean", reversalElement.Line),
        };
        var kind = reversal ? Camt053Reader.TransactionKind.Reversal
            : credit ? Camt053Reader.TransactionKind.Credit
            : Camt053Reader.TransactionKind.Debit;

        var bookingDate = BookingDate(entry, location);
        var entryReference = NonEmpty(entry.Child("AcctSvcrRef")?.Text) ?? NonEmpty(entry.Child("NtryRef")?.Text) ?? location;
        var reference = $"{statementId}/{entryReference}";

        var details = entry.All("NtryDtls").SelectMany(d => d.All("TxDtls")).ToList();
        if (details.Count == 0)
        {
            var entryInfo = entry.Child("AddtlNtryInf")?.Text ?? "";
            return [new(new BankStatementEntry(location, reference, amount, currency, bookingDate, "", entryInfo, ""), kind)];
        }

        if (details.Count == 1)
        {
            return [new(Transaction(details[0], location, reference, amount, currency, bookingDate), kind)];
        }

        // A batch booking (Sammelbuchung): each transaction carries its own amount, and together they make the entry's.
        var transactions = new List<Camt053Reader.Transaction>(details.Count);
        long sum = 0;
        for (var i = 0; i < details.Count; i++)
        {
            var detailLocation = $"{location}/TxDtls[{i + 1}]";
            var detailAmount = details[i].Child("Amt") ?? details[i].Find("AmtDtls", "TxAmt", "Amt")
                ?? throw new BankStatementFormatException($"{detailLocation}/Amt", "missing amount of a transaction in a batch booking", details[i].Line);
            var (minor, detailCurrency) = Amount(detailAmount, $"{detailLocation}/Amt");
            if (detailCurrency != currency)
            {
                throw new BankStatementFormatException($"{detailLocation}/Amt", $"currency {detailCurrency} differs from the entry's {currency}", detailAmount.Line);
            }

            sum += minor;
            transactions.Add(new(Transaction(details[i], detailLocation, $"{reference}/TxDtls[{i + 1}]", minor, currency, bookingDate), kind));
        }

        if (sum != amount)
        {
            throw new BankStatementFormatException(
                $"{location}/Amt",
                $"the batch's transactions add up to {CamtAmount.Format(sum, currency)} {currency}, the entry books {CamtAmount.Format(amount, currency)} {currency}",
                amountElement.Line);
        }

        return transactions;
    }

    private static BankStatementEntry Transaction(
        CamtElement details, string location, string reference, long amount, string currency, DateOnly bookingDate)
    {
        // camt.053.001.02 names the party directly (Dbtr/Nm), .08 and later wrap it (Dbtr/Pty/Nm).
        var payer = details.Find("RltdPties", "Dbtr", "Nm")?.Text
            ?? details.Find("RltdPties", "Dbtr", "Pty", "Nm")?.Text
            ?? details.Find("RltdPties", "UltmtDbtr", "Nm")?.Text
            ?? details.Find("RltdPties", "UltmtDbtr", "Pty", "Nm")?.Text
            ?? "";

        var remittance = details.All("RmtInf")
            .SelectMany(info => info.All("Ustrd").Select(u => u.Text)
                .Concat(info.All("Strd").Select(s => s.Find("CdtrRefInf", "Ref")?.Text ?? "")))
            .Where(text => text.Length > 0);

        // Banks write NOTPROVIDED when the payer gave no end-to-end reference: that is no reference.
        var endToEnd = details.Find("Refs", "EndToEndId")?.Text ?? "";
        if (endToEnd == "NOTPROVIDED")
        {
            endToEnd = "";
        }

        return new BankStatementEntry(location, reference, amount, currency, bookingDate, payer, string.Join(" ", remittance), endToEnd);
    }

    private static (long Minor, string Currency) Amount(CamtElement element, string location)
    {
        var currency = element.Currency ?? "";
        if (!CurrencyMinorDigits.IsCurrencyCode(currency))
        {
            throw new BankStatementFormatException(location, $"currency '{currency}' is not 3 letters (Ccy)", element.Line);
        }

        var minor = CamtAmount.TryParseMinor(element.Text, CurrencyMinorDigits.Of(currency), out var error)
            ?? throw new BankStatementFormatException(location, error, element.Line);
        return (minor, currency);
    }

    private static DateOnly BookingDate(CamtElement entry, string location)
    {
        // Booked entries carry BookgDt; the value date stands in where a bank leaves it out.
        var (name, element) = entry.Child("BookgDt") is { } booked ? ("BookgDt", booked) : ("ValDt", entry.Child("ValDt"));
        if (element is null)
        {
            throw new BankStatementFormatException($"{location}/BookgDt", "missing booking date", entry.Line);
        }

        var date = element.Child("Dt") ?? element.Child("DtTm");
        if (date is null)
        {
            throw new BankStatementFormatException($"{location}/{name}", "booking date has neither Dt nor DtTm", element.Line);
        }

        // xs:date may end in a zone ("2026-11-27+01:00"), xs:dateTime has a time: the bank's own day is the first ten.
        var text = date.Text;
        var shapeOk = text.Length == 10
            || (text.Length > 10 && (date.Name == "DtTm" ? text[10] == 'T' : text[10] is 'Z' or '+' or '-'));
        if (!shapeOk || !DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new BankStatementFormatException($"{location}/{name}/{date.Name}", $"booking date '{(text.Length > 40 ? text[..40] + "…" : text)}' is not a date", date.Line);
        }

        return day;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
