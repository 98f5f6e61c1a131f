using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Publicity;

internal sealed class PublicityPermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "publicity";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(PublicityPermissions.View, "查看公示",
            [Roles.UnitOfficer, Roles.BodyReviewer, Roles.CenterStaff, Roles.CommitteeAdmin, Roles.Leader, Roles.SystemAdmin]),
        new(PublicityPermissions.Manage, "发布公示、处理异议", [Roles.UnitOfficer, Roles.BodyReviewer, Roles.CenterStaff, Roles.SystemAdmin]),
    ];
}
