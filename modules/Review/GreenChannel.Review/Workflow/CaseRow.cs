using GreenChannel.Modularity.Time;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.Workflow;

/// <summary>A row of review.cases, mapped by Dapper (snake_case columns to properties).</summary>
internal sealed class CaseRow
{
    public const string Select = """
        SELECT application_id, round_id, name, id_number, masked_id_number, unit_name, unit_org_path, recommending_body_name,
               talent_category, series_code, step, status, version, updated_at
        FROM review.cases
        """;

    public long ApplicationId { get; set; }
    public long RoundId { get; set; }
    public string Name { get; set; } = "";
    public string IdNumber { get; set; } = "";
    public string MaskedIdNumber { get; set; } = "";
    public string UnitName { get; set; } = "";
    public string UnitOrgPath { get; set; } = "";
    public string RecommendingBodyName { get; set; } = "";
    public int? TalentCategory { get; set; }
    public string? SeriesCode { get; set; }
    public string Step { get; set; } = "";
    public string Status { get; set; } = "";
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public CaseSummary ToSummary() => new(ApplicationId, RoundId, Name, MaskedIdNumber, UnitName, TalentCategory, SeriesCode, Step, Status, Version,
        BusinessClock.ToBusinessTime(UpdatedAt));
}
