using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review;

internal sealed class ReviewPermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "review";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(ReviewPermissions.RoundsView, "查看评审批次",
            [Roles.SystemAdmin, Roles.CenterStaff, Roles.CommitteeAdmin, Roles.BodyReviewer, Roles.UnitOfficer, Roles.Leader]),
        new(ReviewPermissions.RoundsManage, "管理评审批次", [Roles.SystemAdmin, Roles.CenterStaff]),
    ];
}
