using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Rounds;

internal sealed class RoundPermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "rounds";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(RoundPermissions.RoundsView, "查看评审批次",
            [Roles.SystemAdmin, Roles.CenterStaff, Roles.CommitteeAdmin, Roles.BodyReviewer, Roles.UnitOfficer, Roles.Leader]),
        new(RoundPermissions.RoundsManage, "管理评审批次", [Roles.SystemAdmin, Roles.CenterStaff]),
        new(EditionPermissions.View, "查看政策版本", [Roles.SystemAdmin, Roles.CenterStaff, Roles.Leader]),
        new(EditionPermissions.Manage, "编辑、发布政策版本", [Roles.SystemAdmin, Roles.CenterStaff]),
    ];
}
