using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Publicity.Notices.Subjects;

/// <summary>Sets who a draft notice lists: only applications whose review has reached this kind of notice, in the user's scope and the notice's round.</summary>
internal sealed class SetSubjectsHandler(IUnitOfWork uow, NoticeStore store, StaffNotices staff, IApplicationQueries applications, IEnumerable<INoticeCandidates> review, IAuditLog audit)
{
    public async Task<Notice> SetSubjectsAsync(long id, IReadOnlyList<long> applicationIds, int version, CancellationToken ct)
    {
        var row = await staff.RowInScopeAsync(id, ct);
        StaffNotices.CheckVersion(row, version);
        if (row.State != NoticeStates.Draft)
        {
            throw BusinessRuleException.For("subjects", "公示已发布，公示对象名单不能再修改。");
        }

        // Only applications whose review has reached this kind of notice, in the user's scope and the notice's round.
        var allowed = (await review.NoticeCandidatesAsync(row.Kind, row.RoundId, ct)).ToHashSet();
        var unknown = applicationIds.Where(a => !allowed.Contains(a)).ToList();
        if (unknown.Count > 0)
        {
            throw BusinessRuleException.For("subjects", $"申报 {string.Join("、", unknown)} 不在您的管辖范围内，或尚未审核通过到{NoticeKinds.NameOf(row.Kind)}环节。");
        }

        var candidates = (await applications.GetSummariesAsync(applicationIds.Distinct().ToList(), ct)).ToDictionary(a => a.Id);

        var before = (await store.ToNoticeAsync(row, ct)).Subjects.Select(s => s.ApplicationId).ToList();
        await staff.UpdateAtVersionAsync(row, version, null, null, ct); // claims the notice before its list changes
        await uow.ExecuteAsync("DELETE FROM publicity.notice_subjects WHERE notice_id = @id", new { id }, ct);
        var seq = 0;
        foreach (var a in applicationIds.Distinct().Select(x => candidates[x]))
        {
            await uow.ExecuteAsync(
                """
                INSERT INTO publicity.notice_subjects (notice_id, application_id, seq, name, masked_id_number, work_unit, series_name,
                    applied_title, applied_level, talent_category)
                VALUES (@id, @appId, @seq, @name, @masked, @unit, @series, @title, @level, @category)
                """,
                new
                {
                    id, appId = a.Id, seq = ++seq, name = a.Name, masked = a.MaskedIdNumber, unit = a.WorkUnit, series = a.SeriesName,
                    title = a.AppliedTitle, level = a.AppliedLevel, category = a.TalentCategory,
                }, ct);
        }

        await uow.UpdateLockedAsync(NoticeStore.Rows, id, "subject_count = @seq", new { seq }, ct: ct); // the claim above holds the row
        await audit.WriteAsync("设置公示对象", "notice", id.ToString(), before, applicationIds, ct);
        return await staff.GetAsync(id, ct);
    }
}
