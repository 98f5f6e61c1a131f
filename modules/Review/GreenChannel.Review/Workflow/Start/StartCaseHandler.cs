using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.Workflow.Start;

/// <summary>A (re)submitted application starts at the unit step (a first submission in one statement); a resubmission keeps the history.</summary>
internal sealed class StartCaseHandler(IUnitOfWork uow, CaseStore cases, BusinessClock clock)
    : IIntegrationEventHandler<ApplicationSubmitted>
{
    public async Task HandleAsync(ApplicationSubmitted e, CancellationToken ct)
    {
        var applicationId = e.ApplicationId;
        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        var snapshot = e.Application;
        if (await cases.OpenAsync(snapshot, now, "提交申报", ct))
        {
            return;
        }

        var existing = await cases.FindForUpdateAsync(applicationId, ct)
                       ?? throw new InvalidOperationException($"申报 {applicationId} 的审核记录未能建立。");
        // Conditional on the version read under the row lock, like every other move of a case.
        await uow.UpdateAtVersionAsync(CaseStore.Rows, applicationId, existing.Version,
            """
            name = @Name, id_number = @IdNumber, masked_id_number = @MaskedIdNumber, talent_category = @TalentCategory,
            series_code = @SeriesCode, step = 'unit_review', status = 'in_review', updated_at = @now
            """,
            new { snapshot.Name, snapshot.IdNumber, snapshot.MaskedIdNumber, snapshot.TalentCategory, snapshot.SeriesCode, now },
            "这份申报的审核记录刚被修改，请刷新后重新提交。", ct: ct);

        await cases.HistoryAsync(applicationId, "修改后重新提交", existing.Step, ReviewSteps.UnitReview, CaseStatuses.InReview, null, ct);
    }
}
