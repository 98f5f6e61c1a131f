using GreenChannel.Modularity;

namespace GreenChannel.Review.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on the Review module.</summary>
[ImplementedBy("GreenChannel.Review.ReviewModule, GreenChannel.Review")]
public sealed class ReviewContractsModule : ContractsModule;
