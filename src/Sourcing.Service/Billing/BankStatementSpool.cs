using Grpc.Core;
using Sourcing.Service.Errors;
using Sourcing.Service.Sourcing;
using Proto = Sourcing.V1;

namespace Sourcing.Service.Billing;

/// <summary>
/// Receives an uploaded bank statement into a temporary file: the import reads it twice (checked whole first, then
/// recorded), and a statement of many MiB must not sit in memory. The file is deleted when the spool is disposed, and
/// by the operating system if the process dies (DeleteOnClose).
/// </summary>
internal sealed class BankStatementSpool : IAsyncDisposable
{
    public const int MaxChunkBytes = 1024 * 1024;
    public const long MaxFileBytes = 256L * 1024 * 1024;
    public const int MaxFileNameLength = 255;

    private BankStatementSpool(FileStream file, string fileName)
    {
        File = file;
        FileName = fileName;
    }

    /// <summary>The spooled file, positioned at its start.</summary>
    public FileStream File { get; }

    public string FileName { get; }

    public static async Task<BankStatementSpool> ReceiveAsync(IAsyncStreamReader<Proto.ImportBankStatementChunk> chunks, CancellationToken cancellationToken)
    {
        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), "sourcing-camt-" + Guid.NewGuid().ToString("N") + ".xml"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var fileName = "";
            var index = 0;
            long total = 0;
            while (await chunks.MoveNext(cancellationToken))
            {
                var chunk = chunks.Current;
                var problems = new ProblemList();
                if (index == 0)
                {
                    fileName = chunk.FileName;
                    problems.RequiredText("file_name", fileName, MaxFileNameLength);
                    if (fileName.IndexOfAny(['/', '\\']) >= 0)
                    {
                        problems.Add("file_name", "is a name, not a path: no '/' or '\\'");
                    }
                }
                else if (chunk.FileName.Length > 0 && chunk.FileName != fileName)
                {
                    problems.Add($"chunks[{index}].file_name", "is set on the first message only");
                }

                if (chunk.Content.Length is 0 or > MaxChunkBytes)
                {
                    problems.Add($"chunks[{index}].content", $"must be 1 to {MaxChunkBytes} bytes, was {chunk.Content.Length}");
                }

                total += chunk.Content.Length;
                if (total > MaxFileBytes)
                {
                    problems.Add("content", $"the file is larger than {MaxFileBytes / (1024 * 1024)} MiB");
                }

                problems.ThrowIfAny();
                await file.WriteAsync(chunk.Content.Memory, cancellationToken);
                index++;
            }

            if (index == 0)
            {
                throw new RequestValidationException([new FieldProblem("content", "no file was sent: stream the statement in chunks of at most 1 MiB")]);
            }

            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return new BankStatementSpool(file, fileName);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => File.DisposeAsync();
}
