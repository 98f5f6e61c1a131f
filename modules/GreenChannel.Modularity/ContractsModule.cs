namespace GreenChannel.Modularity;

/// <summary>
/// A module's public face, declared in its Contracts project: what another module's <see cref="DependsOnAttribute"/>
/// names, so that a module's implementation references other modules' Contracts only and no implementation but the
/// host's references another implementation. The loader loads the implementation that
/// <see cref="ImplementedByAttribute"/> names, found among the assemblies of the running application (the host, or a
/// test project, references every implementation it runs).
/// </summary>
public abstract class ContractsModule;

/// <summary>
/// The module class that implements a <see cref="ContractsModule"/>, by assembly-qualified name: a type reference
/// would make the Contracts project reference its implementation, and the point is that nothing does but the host.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ImplementedByAttribute(string moduleTypeName) : Attribute
{
    /// <summary>E.g. <c>GreenChannel.Applicant.ApplicantModule, GreenChannel.Applicant</c>.</summary>
    public string ModuleTypeName { get; } = moduleTypeName;
}
