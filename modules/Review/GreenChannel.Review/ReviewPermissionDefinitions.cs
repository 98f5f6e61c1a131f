using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review;

internal sealed class ReviewPermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "review";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(ReviewWorkflowPermissions.Unit, "单位审核（考核、线上线下材料核对）", [Roles.UnitOfficer]),
        new(ReviewWorkflowPermissions.Body, "推荐单位审核", [Roles.BodyReviewer]),
        new(ReviewWorkflowPermissions.Center, "评审中心受理及资格审核", [Roles.CenterStaff]),
        new(ReviewWorkflowPermissions.Cancel, "认定虚假材料、取消申报资格", [Roles.BodyReviewer, Roles.CenterStaff]),
    ];
}
