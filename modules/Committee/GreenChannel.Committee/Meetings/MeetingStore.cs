using System.Globalization;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Committee.Meetings;

/// <summary>
/// What every use case of a meeting shares: reading it (with its experts, applications and recusals), locking it at the
/// version its administrator saw and in a state that allows the action, marking it changed, and who may vote on what.
/// </summary>
internal sealed class MeetingStore(IUnitOfWork uow, ICurrentUser user, IRoundQueries rounds)
{
    public sealed class Row
    {
        public long Id { get; set; }
        public long CommitteeId { get; set; }
        public string CommitteeName { get; set; } = "";
        public long RoundId { get; set; }
        public string Title { get; set; } = "";
        public DateOnly HeldOn { get; set; }
        public string Location { get; set; } = "";
        public int? DrawSize { get; set; }
        public long? DrawSeed { get; set; }
        public string State { get; set; } = "";
        public int Version { get; set; }
    }

    private sealed class ExpertRow
    {
        public long ExpertId { get; set; }
        public string Name { get; set; } = "";
        public string WorkUnit { get; set; } = "";
        public string Title { get; set; } = "";
        public string Role { get; set; } = "";
        public bool? Present { get; set; }
    }

    private sealed class ApplicationRow
    {
        public long ApplicationId { get; set; }
        public int Seq { get; set; }
        public string Name { get; set; } = "";
        public string MaskedIdNumber { get; set; } = "";
        public string WorkUnit { get; set; } = "";
        public string? AppliedTitle { get; set; }
        public string? AppliedLevel { get; set; }
        public int? TalentCategory { get; set; }
        public int RoundYear { get; set; }
        public bool PaperTally { get; set; }
        public int Yes { get; set; }
        public int No { get; set; }
        public int Abstain { get; set; }
        public int? Eligible { get; set; }
        public string? Result { get; set; }
        public string? ConfirmedOutcome { get; set; }
        public int Receipts { get; set; }
    }

    private sealed class RecusalRow
    {
        public long ApplicationId { get; set; }
        public long ExpertId { get; set; }
        public string ExpertName { get; set; } = "";
        public string Reason { get; set; } = "";
        public string? Note { get; set; }
    }

    private const string SelectMeeting =
        """
        SELECT m.id, m.committee_id, c.name AS committee_name, m.round_id, m.title, m.held_on, m.location, m.draw_size, m.draw_seed, m.state, m.version
        FROM committee.meetings m JOIN committee.committees c ON c.id = m.committee_id
        """;

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<MeetingSummary>> ListAsync(long? roundId, CancellationToken ct)
    {
        var rows = await uow.QueryAsync<(long Id, string CommitteeName, string Title, DateOnly HeldOn, string State, long Applications, int Version)>(
            """
            SELECT m.id, c.name, m.title, m.held_on, m.state, (SELECT count(*) FROM committee.meeting_applications a WHERE a.meeting_id = m.id), m.version
            FROM committee.meetings m JOIN committee.committees c ON c.id = m.committee_id
            WHERE (@roundId::bigint IS NULL OR m.round_id = @roundId)
            ORDER BY m.held_on DESC, m.id DESC
            """, new { roundId }, ct);
        return rows.Select(r => new MeetingSummary(r.Id, r.CommitteeName, r.Title, r.HeldOn, r.State, MeetingStates.NameOf(r.State), (int)r.Applications, r.Version)).ToList();
    }

    public async Task<Meeting> GetAsync(long id, CancellationToken ct)
    {
        var m = await uow.QuerySingleOrDefaultAsync<Row>(SelectMeeting + " WHERE m.id = @id", new { id }, ct) ?? throw new NotFoundException("评审会议不存在。");
        var experts = await uow.QueryAsync<ExpertRow>(
            """
            SELECT me.expert_id, e.name, e.work_unit, e.title, coalesce(cm.role, 'member') AS role, me.present
            FROM committee.meeting_experts me
            JOIN committee.experts e ON e.id = me.expert_id
            JOIN committee.meetings mt ON mt.id = me.meeting_id
            LEFT JOIN committee.members cm ON cm.committee_id = mt.committee_id AND cm.expert_id = me.expert_id
            WHERE me.meeting_id = @id
            ORDER BY CASE cm.role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 ELSE 2 END, e.name, e.id
            """, new { id }, ct);
        var applications = await uow.QueryAsync<ApplicationRow>(
            """
            SELECT a.application_id, a.seq, a.name, a.masked_id_number, a.work_unit, a.applied_title, a.applied_level, a.talent_category, a.round_year,
                   a.paper_tally, a.yes, a.no, a.abstain, a.eligible, a.result, a.confirmed_outcome,
                   (SELECT count(*) FROM committee.ballot_receipts b WHERE b.meeting_id = a.meeting_id AND b.application_id = a.application_id)::int AS receipts
            FROM committee.meeting_applications a WHERE a.meeting_id = @id ORDER BY a.seq
            """, new { id }, ct);
        var recusals = (await uow.QueryAsync<RecusalRow>(
            """
            SELECT r.application_id, r.expert_id, e.name AS expert_name, r.reason, r.note
            FROM committee.recusals r JOIN committee.experts e ON e.id = r.expert_id WHERE r.meeting_id = @id ORDER BY e.name
            """, new { id }, ct)).ToLookup(r => r.ApplicationId);
        var counted = m.State is MeetingStates.Closed or MeetingStates.Confirmed;
        var present = experts.Count(e => e.Present == true);
        return new Meeting(m.Id, m.CommitteeId, m.CommitteeName, m.RoundId, applications.Count > 0 ? applications[0].RoundYear : (await rounds.GetAsync(m.RoundId, ct))?.Year ?? 0,
            m.Title, m.HeldOn, m.Location, m.DrawSize, m.DrawSeed, m.State, MeetingStates.NameOf(m.State),
            experts.Select(e => new MeetingExpert(e.ExpertId, e.Name, e.WorkUnit, e.Title, e.Role, e.Present)).ToList(),
            applications.Select(a => new MeetingApplication(a.ApplicationId, a.Seq, a.Name, a.MaskedIdNumber, a.WorkUnit, a.AppliedTitle, a.AppliedLevel, a.TalentCategory,
                recusals[a.ApplicationId].Select(r => new Recusal(r.ExpertId, r.ExpertName, r.Reason, r.Note)).ToList(),
                a.PaperTally ? a.Yes + a.No + a.Abstain : a.Receipts, a.PaperTally, a.Eligible,
                counted ? a.Yes : null, counted ? a.No : null, counted ? a.Abstain : null, a.Result, a.ConfirmedOutcome)).ToList(),
            present, EvaluationRules.QuorumMet(present, experts.Count), m.Version);
    }

    public async Task<Row> LockAsync(long id, int? version, string[] states, string wrongState, CancellationToken ct)
    {
        var row = await uow.QuerySingleOrDefaultAsync<Row>(SelectMeeting + " WHERE m.id = @id FOR UPDATE OF m", new { id }, ct)
                  ?? throw new NotFoundException("评审会议不存在。");
        if (version is { } v && v != row.Version)
        {
            throw new ConcurrencyConflictException("该评审会议已被其他人修改，请刷新后重试。");
        }

        if (!states.Contains(row.State))
        {
            throw BusinessRuleException.For("state", $"{wrongState}（会议当前：{MeetingStates.NameOf(row.State)}）。");
        }

        return row;
    }

    public static readonly VersionedRows Rows = new("committee.meetings");

    /// <summary>A change to what hangs off a meeting (attendance, recusals, its applications) is a change of the meeting.</summary>
    public Task TouchAsync(long id, CancellationToken ct) => uow.UpdateLockedAsync(Rows, id, null, null, ct: ct);

    /// <summary>Experts present and not recused for each application of the meeting.</summary>
    public async Task<Dictionary<long, int>> EligibleAsync(long id, CancellationToken ct) =>
        (await uow.QueryAsync<(long ApplicationId, int Eligible)>(
            """
            SELECT a.application_id,
                   (SELECT count(*) FROM committee.meeting_experts me
                    WHERE me.meeting_id = a.meeting_id AND me.present
                      AND NOT EXISTS (SELECT 1 FROM committee.recusals r WHERE r.meeting_id = a.meeting_id AND r.application_id = a.application_id AND r.expert_id = me.expert_id))::int
            FROM committee.meeting_applications a WHERE a.meeting_id = @id
            """, new { id }, ct)).ToDictionary(x => x.ApplicationId, x => x.Eligible);

    public async Task<long> CurrentExpertAsync(CancellationToken ct) =>
        await uow.QuerySingleOrDefaultAsync<long?>("SELECT id FROM committee.experts WHERE user_name = @userName", new { userName = user.UserName }, ct)
        ?? throw new ForbiddenException("您的账号未关联评审专家库中的专家，不能投票。");
}
