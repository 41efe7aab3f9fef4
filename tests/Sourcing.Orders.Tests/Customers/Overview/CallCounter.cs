using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Sourcing.Orders.Tests.Customers.Overview;

/// <summary>A store wrapped so that every call is counted by method name and passed on unchanged.</summary>
public class CallCounter<T> : DispatchProxy
    where T : class
{
    private T _inner = null!;

    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public static (T Store, CallCounter<T> Counter) Wrap(T inner)
    {
        var store = Create<T, CallCounter<T>>();
        var counter = (CallCounter<T>)(object)store;
        counter._inner = inner;
        return (store, counter);
    }

    /// <summary>The calls sorted by name, e.g. "GetAsync x2; ListAsync x1", to compare as one string.</summary>
    public string Summary() => string.Join("; ", Calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} x{c.Value}"));

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.AddOrUpdate(targetMethod.Name, 1, (_, count) => count + 1);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }
}
