using GreenChannel.Modularity;

namespace GreenChannel.Certificates.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on the electronic title certificates (电子职称证书).</summary>
[ImplementedBy("GreenChannel.Certificates.CertificatesModule, GreenChannel.Certificates")]
public sealed class CertificatesContractsModule : ContractsModule;
