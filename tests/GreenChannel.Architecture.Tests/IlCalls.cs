using System.Reflection;
using System.Reflection.Emit;

namespace GreenChannel.Architecture.Tests;

/// <summary>Every method call compiled into an assembly, read from the IL of each method body.</summary>
public static class IlCalls
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Each (calling method, called method) pair of <paramref name="assembly"/>.</summary>
    public static IEnumerable<(MethodBase Caller, MethodBase Called)> Of(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                var il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null)
                {
                    continue;
                }

                foreach (var token in CallTokens(il))
                {
                    MethodBase? called;
                    try
                    {
                        called = method.Module.ResolveMethod(token, type.IsGenericType ? type.GetGenericArguments() : null,
                            method.IsGenericMethod ? method.GetGenericArguments() : null);
                    }
                    catch (ArgumentException)
                    {
                        continue; // a token of an open generic context that does not resolve here
                    }

                    if (called is not null)
                    {
                        yield return (method, called);
                    }
                }
            }
        }
    }

    /// <summary>The method tokens of the call instructions in a method body, decoding each instruction's length.</summary>
    private static IEnumerable<int> CallTokens(byte[] il)
    {
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE && at + 1 < il.Length ? (short)(0xFE00 | il[at + 1]) : il[at];
            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                yield break; // not IL this decoder knows: stop rather than misread
            }

            at += op.Size;
            if (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Ldftn)
            {
                yield return BitConverter.ToInt32(il, at);
            }

            at += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
        }
    }
}
