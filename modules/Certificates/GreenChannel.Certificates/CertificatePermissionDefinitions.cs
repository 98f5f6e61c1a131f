using GreenChannel.Certificates.Contracts;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Certificates;

internal sealed class CertificatePermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "certificates";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(CertificatePermissions.Manage, "查看已颁发的电子职称证书，为历史通过人员补发，吊销证书", [Roles.CenterStaff]),
        new(CertificatePermissions.Filing, "导出评审结果备案表（身份证号隐去中间）", [Roles.CenterStaff, Roles.Leader]),
        new(CertificatePermissions.FilingFullIds, "备案表中显示完整身份证号", [Roles.CenterStaff]),
    ];
}
