using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Review.Workflow.Cancel;

/// <summary>Cancels an application for forged or false material and writes the integrity record (职称评审诚信档案库).</summary>
internal sealed class CancelHandler(
    CaseStore cases, ICurrentUser currentUser, IIntegrityRecords integrity, IApplicationReviewOutcomes applications, IEventBus events,
    BusinessClock clock, IOptions<ReviewOptions> options)
{
    public async Task<ReviewCase> HandleAsync(long applicationId, CancelRequest request, CancellationToken ct)
    {
        var row = await cases.VisibleAtVersionAsync(applicationId, request.Version, ct);
        if (!currentUser.HasPermission(ReviewWorkflowPermissions.Cancel))
        {
            throw new ForbiddenException("您没有取消申报资格的权限（由推荐单位或评审中心认定）。");
        }

        if (row.Status == CaseStatuses.Cancelled)
        {
            throw BusinessRuleException.For("status", "该申报已被取消资格。");
        }

        if (string.IsNullOrWhiteSpace(request.Finding) || request.Finding.Trim().Length < 10)
        {
            throw BusinessRuleException.Refused("须写明认定虚假材料的事实", "finding", "请写明认定伪造或虚假材料的事实（不少于 10 个字），将记入职称评审诚信档案库。");
        }

        var finding = request.Finding.Trim();
        var years = options.Value.IntegrityBlockYears;
        await cases.MoveAsync(row, request.Version, row.Step, CaseStatuses.Cancelled, "取消申报资格", finding, ct);
        await integrity.RecordAsync(new NewIntegrityRecord(row.IdNumber, row.Name, finding, years > 0 ? clock.Today.AddYears(years) : null, applicationId), ct);
        await applications.MarkCancelledAsync(applicationId, ct);
        await events.PublishAsync(new ApplicationCancelled(applicationId, finding), ct);
        return await cases.ToCaseAsync(applicationId, ct);
    }
}
