using System.Globalization;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Assessment.Scoring;

/// <summary>Reading a dossier: the form (masked), the review so far, the sheets as the reader may see them, the scans by range and watermarked downloads; every opening audited.</summary>
internal sealed class DossierReading(IUnitOfWork uow, SeatStore seats, IApplicationDossiers dossiers, IAuditLog audit, BusinessClock clock)
{
    /// <summary>The most one read takes from the database; a whole file is read in such slices.</summary>
    public const int MaxSlice = 8 * 1024 * 1024;

    public async Task<ExpertDossier> DossierAsync(long meetingId, long applicationId, CancellationToken ct = default)
    {
        var seat = await seats.OpenSeatAsync(meetingId, applicationId, ct);
        var dossier = (await dossiers.GetManyAsync([applicationId], ct)).Single();
        await uow.ExecuteAsync(
            "INSERT INTO assessment.dossier_views (meeting_id, application_id, expert_id, what, viewed_at) VALUES (@meetingId, @applicationId, @expert, 'dossier', @now)",
            new { meetingId, applicationId, expert = seat.ExpertId, now = seats.Now }, ct);
        await audit.WriteAsync("查阅评审材料", "application", applicationId.ToString(CultureInfo.InvariantCulture), null, new { meetingId, expertId = seat.ExpertId }, ct);
        var criteria = await seats.CriteriaFor(seat, ct);
        var sheets = await seats.SheetsAsync(meetingId, applicationId, seat.ExpertId, ct);
        var mine = sheets.FirstOrDefault(s => s.Mine);
        var now = clock.TimeProvider.GetUtcNow();
        var withdrawn = await uow.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM assessment.sheets WHERE meeting_id = @meetingId AND application_id = @applicationId AND expert_id = @expert AND withdrawn_at IS NOT NULL)",
            new { meetingId, applicationId, expert = seat.ExpertId }, ct);
        var revised = mine?.RevisedAt is not null;
        return new ExpertDossier(meetingId, seat.MeetingTitle, dossier, seat.Role, await ReviewRecordAsync(applicationId, ct), criteria, mine,
            // The read phase: the others' sheets only once one's own is in.
            mine is null ? [] : sheets.Where(s => !s.Mine).ToList(),
            mine is null && now < seat.ScoringDeadline,
            mine is not null && !revised && !withdrawn && now < seat.RevisionDeadline,
            seat.After is not null, BusinessClock.ToBusinessTime(seat.ScoringDeadline), BusinessClock.ToBusinessTime(seat.RevisionDeadline));
    }

    private async Task<IReadOnlyList<DossierStep>> ReviewRecordAsync(long applicationId, CancellationToken ct)
    {
        await using var results = await uow.QueryMultipleAsync(
            """
            SELECT started_at, qualified_at, return_count, submission_count FROM review.v_report_cases WHERE application_id = @applicationId;
            SELECT step, consistent, checked_at FROM review.v_report_paper_checks WHERE application_id = @applicationId;
            SELECT kind, owner_name, start_date, end_date, notice_state, outcome, objection_count, upheld_objection_count
            FROM publicity.v_report_notice_subjects WHERE application_id = @applicationId ORDER BY start_date;
            """, new { applicationId }, ct);
        var steps = new List<DossierStep>();
        var c = await results.ReadSingleOrDefaultAsync<(DateTimeOffset? Started, DateTimeOffset? Qualified, long Returns, long Submissions)>();
        if (c.Started is { } started)
        {
            steps.Add(new("审核", $"{D(started)} 提交；提交 {c.Submissions} 次，退回 {c.Returns} 次" + (c.Qualified is { } q ? $"；{D(q)} 评审中心受理，资格审核通过" : "")));
        }

        foreach (var p in await results.ReadAsync<(string Step, bool Consistent, DateTimeOffset At)>())
        {
            steps.Add(new("纸质材料核对", $"{D(p.At)}（最近一次，{StepName(p.Step)}）：{(p.Consistent ? "与网上申报一致" : "与网上申报不一致")}"));
        }

        foreach (var n in await results.ReadAsync<(string Kind, string Owner, DateTime Start, DateTime End, string State, string? Outcome, long Objections, long Upheld)>())
        {
            var kind = n.Kind switch { "unit" => "单位公示", "body" => "推荐单位公示", "results" => "评审结果公示", _ => "公示" };
            steps.Add(new(kind, $"{n.Owner}，{DateOnly.FromDateTime(n.Start).ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}至{DateOnly.FromDateTime(n.End).ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}；"
                + $"异议 {n.Objections} 件" + (n.Upheld > 0 ? $"，成立 {n.Upheld} 件" : "") + (n.Outcome is null ? "" : n.Outcome == "objection_upheld" ? "；异议成立" : "；公示无异议")));
        }

        return steps;
    }

    private static string StepName(string step) => step switch
    {
        "unit_review" => "单位审核", "body_review" => "推荐单位审核", "center_review" => "评审中心受理", _ => step,
    };

    private static string D(DateTimeOffset at) => BusinessClock.ToBusinessTime(at).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    public async Task<DossierFileContent> ReadFileAsync(long meetingId, long applicationId, long fileId, long offset, int length, CancellationToken ct = default)
    {
        var seat = await seats.OpenSeatAsync(meetingId, applicationId, ct);
        var slice = await dossiers.ReadFileAsync(applicationId, fileId, offset, Math.Clamp(length, 0, MaxSlice), ct)
                    ?? throw new NotFoundException("材料不存在。");
        if (slice.Offset == 0)
        {
            // The first range of a file is its opening; a viewer then asks for the rest piece by piece.
            await uow.ExecuteAsync(
                "INSERT INTO assessment.dossier_views (meeting_id, application_id, expert_id, what, file_id, viewed_at) VALUES (@meetingId, @applicationId, @expert, 'file', @fileId, @now)",
                new { meetingId, applicationId, expert = seat.ExpertId, fileId, now = seats.Now }, ct);
            await audit.WriteAsync("查阅评审材料文件", "application", applicationId.ToString(CultureInfo.InvariantCulture), null,
                new { meetingId, expertId = seat.ExpertId, fileId, slice.File.FileName }, ct);
        }

        return new DossierFileContent(slice.File, slice.Offset, slice.File.Size, slice.Bytes);
    }

    public async Task<DossierFileContent> DownloadAsync(long meetingId, long applicationId, long fileId, CancellationToken ct = default)
    {
        var seat = await seats.OpenSeatAsync(meetingId, applicationId, ct);
        var whole = await dossiers.ReadFileAsync(applicationId, fileId, 0, int.MaxValue, ct) ?? throw new NotFoundException("材料不存在。");
        var now = clock.Now;
        var stamp = $"评审专家 {seat.ExpertName} 于 {now:yyyy-MM-dd HH:mm} 下载 · 仅供本次评审使用，不得外传";
        var bytes = GreenChannel.Reports.Stamps.Watermark.Stamp(whole.Bytes, whole.File.ContentType, stamp);
        await uow.ExecuteAsync(
            "INSERT INTO assessment.dossier_views (meeting_id, application_id, expert_id, what, file_id, viewed_at) VALUES (@meetingId, @applicationId, @expert, 'download', @fileId, @now)",
            new { meetingId, applicationId, expert = seat.ExpertId, fileId, now = seats.Now }, ct);
        await audit.WriteAsync("下载评审材料（加水印）", "application", applicationId.ToString(CultureInfo.InvariantCulture), null,
            new { meetingId, expertId = seat.ExpertId, fileId, whole.File.FileName, stamp }, ct);
        return new DossierFileContent(whole.File, 0, bytes.Length, bytes);
    }
}
