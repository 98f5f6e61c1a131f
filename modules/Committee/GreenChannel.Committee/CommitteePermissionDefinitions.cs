using GreenChannel.Committee.Contracts;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee;

internal sealed class CommitteePermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "committee";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(CommitteePermissions.View, "查看评审专家库、评审委员会与评审会议", [Roles.CommitteeAdmin, Roles.CenterStaff, Roles.Leader]),
        new(CommitteePermissions.Manage, "管理评审专家库、评审委员会与评审会议", [Roles.CommitteeAdmin]),
        new(CommitteePermissions.Vote, "作为评审专家在线投票", [Roles.Expert]),
    ];
}
