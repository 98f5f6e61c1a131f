using GreenChannel.Assessment.Contracts;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Assessment;

internal sealed class AssessmentPermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "assessment";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(AssessmentPermissions.View, "查看网上评审：分配、进度、评分汇总与重复成果", [Roles.CommitteeAdmin, Roles.CenterStaff, Roles.Leader]),
        new(AssessmentPermissions.Manage, "安排网上评审：生成、调整、发布分配方案", [Roles.CommitteeAdmin]),
        new(AssessmentPermissions.Review, "作为评审专家查阅分配的评审材料并评分", [Roles.Expert]),
    ];
}
