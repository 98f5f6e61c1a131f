using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.Workflow.Start;

/// <summary>A (re)submitted application starts at the unit step; a resubmission keeps the history.</summary>
internal sealed class StartCaseHandler(IUnitOfWork uow, CaseStore cases, BusinessClock clock)
    : IIntegrationEventHandler<ApplicationSubmitted>
{
    public async Task HandleAsync(ApplicationSubmitted e, CancellationToken ct)
    {
        var applicationId = e.ApplicationId;
        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        var snapshot = e.Application;
        var existing = await cases.FindForUpdateAsync(applicationId, ct);
        if (existing is null)
        {
            await uow.ExecuteAsync(
                """
                INSERT INTO review.cases (application_id, round_id, name, id_number, masked_id_number, unit_name, unit_org_path, recommending_body_name,
                    talent_category, series_code, step, status, updated_at)
                VALUES (@Id, @RoundId, @Name, @IdNumber, @MaskedIdNumber, @UnitName, @UnitOrgPath, @RecommendingBodyName, @TalentCategory, @SeriesCode,
                    'unit_review', 'in_review', @now)
                """,
                new { snapshot.Id, snapshot.RoundId, snapshot.Name, snapshot.IdNumber, snapshot.MaskedIdNumber, snapshot.UnitName, snapshot.UnitOrgPath,
                      snapshot.RecommendingBodyName, snapshot.TalentCategory, snapshot.SeriesCode, now }, ct);
            await cases.HistoryAsync(applicationId, "提交申报", null, ReviewSteps.UnitReview, CaseStatuses.InReview, null, ct);
            return;
        }

        // Conditional on the version read under the row lock, like every other move of a case.
        var n = await uow.ExecuteAsync(
            """
            UPDATE review.cases SET name = @Name, id_number = @IdNumber, masked_id_number = @MaskedIdNumber, talent_category = @TalentCategory,
                   series_code = @SeriesCode, step = 'unit_review', status = 'in_review', version = version + 1, updated_at = @now
            WHERE application_id = @Id AND version = @version
            """,
            new { snapshot.Id, snapshot.Name, snapshot.IdNumber, snapshot.MaskedIdNumber, snapshot.TalentCategory, snapshot.SeriesCode, now, version = existing.Version }, ct);
        if (n == 0)
        {
            throw new ConcurrencyConflictException("这份申报的审核记录刚被修改，请刷新后重新提交。");
        }

        await cases.HistoryAsync(applicationId, "修改后重新提交", existing.Step, ReviewSteps.UnitReview, CaseStatuses.InReview, null, ct);
    }
}
