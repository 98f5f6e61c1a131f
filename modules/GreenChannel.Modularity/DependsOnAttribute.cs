namespace GreenChannel.Modularity;

/// <summary>Declares the modules this module needs; they are configured and initialized before it.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DependsOnAttribute(params Type[] moduleTypes) : Attribute
{
    /// <summary>The module types depended on.</summary>
    public IReadOnlyList<Type> ModuleTypes { get; } = moduleTypes;
}
