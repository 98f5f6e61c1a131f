using GreenChannel.Applicant.Contracts;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Applicant;

internal sealed class ApplicantPermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "applicant";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(ApplicantPermissions.Apply, "填写和提交本人的申报", [Roles.Applicant]),
        new(ApplicantPermissions.ViewInScope, "查看管辖范围内的申报",
            [Roles.UnitOfficer, Roles.BodyReviewer, Roles.CenterStaff, Roles.CommitteeAdmin, Roles.SystemAdmin]),
        new(ApplicantPermissions.ViewAll, "查看全区的申报（评审中心、评委会）", [Roles.CenterStaff, Roles.CommitteeAdmin]),
        new(ApplicantPermissions.FullIdNumbers, "查看他人申报的完整身份证号和电话（线下材料核对，每次查看记入审计日志）", [Roles.UnitOfficer, Roles.CenterStaff]),
        new(ApplicantPermissions.IntegrityDetails, "查看诚信档案记录的日期与认定事实", [Roles.BodyReviewer, Roles.CenterStaff, Roles.SystemAdmin]),
    ];
}
