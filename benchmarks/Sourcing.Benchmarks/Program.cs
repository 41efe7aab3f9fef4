using BenchmarkDotNet.Running;

namespace Sourcing.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project benchmarks/Sourcing.Benchmarks -- --filter '*Reservation*'</c>.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
