using System.Linq.Expressions;
using System.Reflection;
using Sourcing.Rules.Facts;

namespace Sourcing.Rules.Json;

/// <summary>
/// An allow-list over the parsed expression tree, the authoritative check before a rule is compiled. The word check in
/// <see cref="ExpressionSafety"/> cannot see through literals: <c>1L.ToString("D100000000")</c> reads as one number
/// there, and measured it took 10 s of CPU and 1.3 GB per validation. Here every node must be a fact, a fact property, a
/// constant of a simple type, an operator on simple types, or a call to an allowed helper; anything else is refused
/// with the member or construct that broke the rule. The node count bounds the work one evaluation can do.
/// </summary>
internal sealed class ExpressionTreeSafety : ExpressionVisitor
{
    public const int MaxNodes = 200;

    private static readonly HashSet<ExpressionType> AllowedNodes =
    [
        ExpressionType.Parameter, ExpressionType.Constant, ExpressionType.MemberAccess, ExpressionType.Call,
        ExpressionType.Conditional, ExpressionType.Convert, ExpressionType.ConvertChecked,
        ExpressionType.Not, ExpressionType.Negate, ExpressionType.NegateChecked, ExpressionType.UnaryPlus,
        ExpressionType.AndAlso, ExpressionType.OrElse, ExpressionType.And, ExpressionType.Or, ExpressionType.ExclusiveOr,
        ExpressionType.Equal, ExpressionType.NotEqual, ExpressionType.LessThan, ExpressionType.LessThanOrEqual,
        ExpressionType.GreaterThan, ExpressionType.GreaterThanOrEqual, ExpressionType.Coalesce,
        ExpressionType.Add, ExpressionType.AddChecked, ExpressionType.Subtract, ExpressionType.SubtractChecked,
        ExpressionType.Multiply, ExpressionType.MultiplyChecked, ExpressionType.Divide, ExpressionType.Modulo,
    ];

    private static readonly HashSet<Type> FactTypes = [typeof(OrderFact), typeof(LineFact), typeof(LocationFact), typeof(CustomerFact), typeof(ReturnFact), typeof(ReturnLineFact)];

    private static readonly HashSet<string> MathMethods = new(StringComparer.Ordinal) { "Min", "Max", "Abs", "Round", "Floor", "Ceiling" };

    /// <summary>Bounded work on text: no padding, formatting, repeating or splitting.</summary>
    private static readonly HashSet<string> StringMethods = new(StringComparer.Ordinal)
    {
        "Contains", "StartsWith", "EndsWith", "ToUpperInvariant", "ToLowerInvariant", "Trim", "Equals", "Compare", "CompareOrdinal", "Concat",
    };

    private readonly IReadOnlyCollection<ParameterExpression> _facts;
    private int _nodes;

    private ExpressionTreeSafety(IReadOnlyCollection<ParameterExpression> facts) => _facts = facts;

    /// <summary>Null when the tree may be compiled, otherwise why not.</summary>
    public static string? Check(Expression body, IReadOnlyCollection<ParameterExpression> facts)
    {
        try
        {
            new ExpressionTreeSafety(facts).Visit(body);
            return null;
        }
        catch (RefusedException refused)
        {
            return refused.Message;
        }
    }

    public override Expression? Visit(Expression? node)
    {
        if (node is null)
        {
            return null;
        }

        if (++_nodes > MaxNodes)
        {
            throw new RefusedException($"the expression has more than {MaxNodes} parts; split it into simpler rules");
        }

        if (!AllowedNodes.Contains(node.NodeType))
        {
            throw new RefusedException($"'{node.NodeType}' is not allowed in an expression");
        }

        return base.Visit(node);
    }

    protected override Expression VisitParameter(ParameterExpression node) =>
        _facts.Contains(node) ? node : throw new RefusedException($"'{node.Name}' is not a fact of this rule");

    protected override Expression VisitConstant(ConstantExpression node) =>
        node.Value is null || IsSimple(node.Type) ? node : throw new RefusedException($"a constant of type '{node.Type.Name}' is not allowed");

    protected override Expression VisitMember(MemberExpression node)
    {
        var allowed = node.Expression is not null && node.Member is PropertyInfo
            && (FactTypes.Contains(node.Member.DeclaringType!) || (node.Member.DeclaringType == typeof(string) && node.Member.Name == nameof(string.Length)));
        return allowed ? base.VisitMember(node) : throw new RefusedException($"'{node.Member.Name}' of {node.Member.DeclaringType?.Name} is not allowed: use a property of the facts");
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        var method = node.Method;
        var allowed = method.DeclaringType == typeof(RuleHelpers)
            || (method.DeclaringType == typeof(Math) && MathMethods.Contains(method.Name))
            || (method.DeclaringType == typeof(string) && StringMethods.Contains(method.Name) && method.GetParameters().All(p => IsSimple(p.ParameterType)));
        return allowed ? base.VisitMethodCall(node) : throw new RefusedException(
            $"'{method.Name}' of {method.DeclaringType?.Name} is not allowed: expressions may call RuleHelpers, Math.Min/Max/Abs/Round/Floor/Ceiling and Contains/StartsWith/EndsWith/ToUpperInvariant/ToLowerInvariant/Trim on text");
    }

    protected override Expression VisitUnary(UnaryExpression node) =>
        IsOperator(node.Method) && (IsSimple(node.Type) || node.Type == typeof(object)) ? base.VisitUnary(node) : throw new RefusedException($"converting to '{node.Type.Name}' is not allowed");

    protected override Expression VisitBinary(BinaryExpression node) =>
        IsOperator(node.Method) && node.Conversion is null ? base.VisitBinary(node) : throw new RefusedException($"the operator '{node.Method?.Name ?? node.NodeType.ToString()}' is not allowed here");

    /// <summary>Built-in operators, and the operators of text and decimal numbers; never a fact record's own.</summary>
    private static bool IsOperator(MethodInfo? method) =>
        method is null || ((method.DeclaringType == typeof(string) || method.DeclaringType == typeof(decimal)) && method.Name.StartsWith("op_", StringComparison.Ordinal));

    private static bool IsSimple(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal);
    }

    private sealed class RefusedException(string message) : Exception(message);
}
