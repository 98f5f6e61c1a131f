using System.Globalization;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Roster.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Roster.Numbering;

/// <summary>
/// Gives an application its 编号 when its recommending body passes it onto the roster (in that transaction). The
/// sequence comes from a counter per round and body that only moves forward, so a number is never given twice, even
/// to an application that was returned and came back.
/// </summary>
internal sealed class NumberAssigner(IUnitOfWork uow, IRoundQueries rounds, IOrgUnitQueries orgs, BusinessClock clock)
    : IRosterNumbers, IIntegrationEventHandler<ApplicationPassedStep>
{
    public Task<string?> NumberOfAsync(long applicationId, CancellationToken ct = default) =>
        uow.QuerySingleOrDefaultAsync<string>("SELECT number FROM roster.numbers WHERE application_id = @applicationId", new { applicationId }, ct);

    public async Task HandleAsync(ApplicationPassedStep e, CancellationToken ct)
    {
        if (e.FromStep == ReviewSteps.BodyReview)
        {
            await AssignAsync(e.ApplicationId, ct);
        }
    }

    /// <summary>The round part of a number: 2025H2, or 2026Z17 for an ad-hoc round.</summary>
    public static string RoundCode(Round round) => round.Half is { } half ? $"{round.Year}{half}" : $"{round.Year}Z{round.Id}";

    public async Task<string> AssignAsync(long applicationId, CancellationToken ct)
    {
        if (await NumberOfAsync(applicationId, ct) is { } existing)
        {
            return existing;
        }

        var (roundId, bodyOrgId) = await uow.QuerySingleOrDefaultAsync<(long, long)>(
            "SELECT round_id, recommending_body_org_id FROM applicant.v_report_applications WHERE application_id = @applicationId", new { applicationId }, ct);
        var round = await rounds.GetAsync(roundId, ct) ?? throw new NotFoundException("评审批次不存在。");
        var body = await orgs.GetAsync(bodyOrgId, ct) ?? throw new NotFoundException("推荐单位不存在。");
        var seq = await uow.ExecuteScalarAsync<int>(
            """
            INSERT INTO roster.counters (round_id, body_org_id, last_seq) VALUES (@roundId, @bodyOrgId, 1)
            ON CONFLICT (round_id, body_org_id) DO UPDATE SET last_seq = roster.counters.last_seq + 1
            RETURNING last_seq
            """, new { roundId, bodyOrgId }, ct);
        var number = $"{RoundCode(round)}-{body.Code}-{seq.ToString("0000", CultureInfo.InvariantCulture)}";
        await uow.ExecuteAsync(
            "INSERT INTO roster.numbers (application_id, round_id, body_org_id, seq, number, assigned_at) VALUES (@applicationId, @roundId, @bodyOrgId, @seq, @number, @now)",
            new { applicationId, roundId, bodyOrgId, seq, number, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        return number;
    }

    /// <summary>
    /// Numbers applications of rounds still running that are already past their recommending body (installed before
    /// numbering existed, or demo data). Finished rounds keep the numbers they had on paper: none are made up for them.
    /// </summary>
    public async Task<int> BackfillAsync(CancellationToken ct = default)
    {
        // The rounds still running first, then their cases by round: joined in one statement, the planner walked all of
        // review.cases (a second of every start-up at a million applications).
        var running = (await uow.QueryAsync<long>("SELECT round_id FROM rounds.v_report_rounds WHERE state <> 'finished'", null, ct)).ToArray();
        if (running.Length == 0)
        {
            return 0;
        }

        var missing = await uow.QueryAsync<long>(
            """
            SELECT c.application_id FROM review.v_report_cases c
            WHERE c.round_id = ANY(@running) AND c.step IN ('body_notice', 'center_review', 'ready_for_evaluation')
              AND NOT EXISTS (SELECT 1 FROM roster.numbers n WHERE n.application_id = c.application_id)
            ORDER BY c.application_id
            """, new { running }, ct);
        foreach (var id in missing)
        {
            await AssignAsync(id, ct);
        }

        return missing.Count;
    }
}
