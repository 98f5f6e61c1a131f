using GreenChannel.Modularity;

namespace GreenChannel.Applicant.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on the Applicant module.</summary>
[ImplementedBy("GreenChannel.Applicant.ApplicantModule, GreenChannel.Applicant")]
public sealed class ApplicantContractsModule : ContractsModule;
