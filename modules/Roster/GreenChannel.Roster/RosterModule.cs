using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Roster.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Roster;

/// <summary>The official 花名册 (附件2) and 材料目录单 (附件1): numbering, exports. A module above Review.</summary>
[DependsOn(typeof(PlatformContractsModule), typeof(RoundsContractsModule), typeof(ApplicantContractsModule), typeof(ReviewContractsModule))]
public sealed class RosterModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddSingleton<IPermissionDefinitionProvider, RosterPermissionDefinitions>();
        services.AddScoped<Numbering.NumberAssigner>();
        services.AddScoped<IRosterNumbers>(sp => sp.GetRequiredService<Numbering.NumberAssigner>());
        services.AddScoped<IIntegrationEventHandler<ApplicationPassedStep>>(sp => sp.GetRequiredService<Numbering.NumberAssigner>());
        services.AddScoped<IRosterExports, Exports.RosterExports>();
        services.AddScoped<Imports.RosterImport>();
        services.AddScoped<IRosterImport>(sp => sp.GetRequiredService<Imports.RosterImport>());
        services.AddScoped<IRosterImportRuns, Imports.RosterImportRuns>();
        services.AddScoped<Imports.RosterImportRunJob>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => Endpoints.RosterEndpoints.Map(endpoints);

    /// <inheritdoc />
    public override async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Numbering.NumberAssigner>().BackfillAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync(cancellationToken);
    }
}

internal sealed class RosterPermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "roster";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(RosterPermissions.Export, "导出花名册、材料目录单", [Roles.UnitOfficer, Roles.BodyReviewer, Roles.CenterStaff, Roles.CommitteeAdmin, Roles.Leader]),
        new(RosterPermissions.Import, "导入花名册（历史批次或线下报送）", [Roles.CenterStaff]),
    ];
}
