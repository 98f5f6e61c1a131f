using GreenChannel.Applicant.Contracts;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace GreenChannel.Certificates;

/// <summary>
/// The electronic title certificate (电子职称证书): issued for each confirmed pass, signed with SM2/SM3, drawn as a PDF with
/// a QR code, checked in public by an unguessable code, revocable by the review center (ADR 0023).
/// </summary>
[DependsOn(typeof(PlatformContractsModule), typeof(ApplicantContractsModule))]
public sealed class CertificatesModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddSingleton<IPermissionDefinitionProvider, CertificatePermissionDefinitions>();
        services.AddModuleOptions<CertificatesOptions>(CertificatesOptions.Section);
        services.AddSingleton<Signing.KeyRing.Cache>();
        services.AddScoped<Signing.KeyRing>();
        services.AddScoped<Issue.Issuer>();
        services.AddScoped<IIntegrationEventHandler<ApplicationEvaluated>>(sp => sp.GetRequiredService<Issue.Issuer>());
        services.AddScoped<Issue.IssueJob>();
        services.AddScoped<ICertificatesDemo, Issue.CertificatesDemo>();
        services.AddScoped<Holder.CertificateStore>();
        services.AddScoped<Holder.CertificateService>();
        services.AddScoped<ICertificates>(sp => sp.GetRequiredService<Holder.CertificateService>());
        services.AddScoped<ICertificateVerification, Verification.PublicVerification>();
        services.AddScoped<ICertificateFilings, Filing.CertificateFilings>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => Endpoints.CertificateEndpoints.Map(endpoints);

    /// <inheritdoc />
    public override void ConfigureJobs(IQuartzBuilder quartz)
    {
        quartz.AddRecoverableJob<Issue.IssueJob>(Issue.IssueJob.Key, "为评审通过（公示期满确认）的人员颁发电子职称证书（编号、查验码、SM2 签名）", quiet: true);
        quartz.AddCronTrigger(Issue.IssueJob.Key, "issue-every-5-seconds", "0/5 * * * * ?", "每 5 秒");
    }
}
