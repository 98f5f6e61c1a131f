using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Assessment.Scoring;

/// <summary>The scoring sheets (评审打分表) kept by the committee administrator: criteria, weights and anchors per category and series.</summary>
internal sealed partial class CriteriaEditing(IUnitOfWork uow, IDictionaryQueries dictionaries, IAuditLog audit)
{
    private static readonly VersionedRows Rows = new("assessment.criteria_sets");

    [GeneratedRegex("^[a-z][a-z0-9_]{1,29}$")]
    private static partial Regex CodePattern();

    public async Task<CriteriaSet> SaveAsync(SaveCriteriaRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is < 1 or > 100)
        {
            errors["name"] = ["请填写打分表名称（不超过 100 字）。"];
        }

        if (request.TalentCategory is { } c && c is < 1 or > 7)
        {
            errors["talentCategory"] = ["人才类别只能是 1–7，或不填（适用于全部类别）。"];
        }

        var series = request.SeriesCode?.Trim() is { Length: > 0 } code ? code : null;
        if (series is not null && (await dictionaries.ListTitleSeriesAsync(ct)).All(s => s.Code != series))
        {
            errors["seriesCode"] = ["职称系列不在职称系列字典中。"];
        }

        var criteria = request.Criteria ?? [];
        if (criteria.Count is < 2 or > 10)
        {
            errors["criteria"] = ["打分表须有 2–10 个评分项目。"];
        }

        for (var i = 0; i < criteria.Count; i++)
        {
            var x = criteria[i];
            if (x.Code is null || !CodePattern().IsMatch(x.Code) || criteria.Count(y => y.Code == x.Code) > 1)
            {
                errors[$"criteria[{i}].code"] = ["项目代码须为 2–30 个小写英文字母、数字或下划线，且不重复。"];
            }

            if (string.IsNullOrWhiteSpace(x.Name) || x.Name.Length > 20)
            {
                errors[$"criteria[{i}].name"] = ["请填写项目名称（不超过 20 字）。"];
            }

            if (x.Weight is < 1 or > 100)
            {
                errors[$"criteria[{i}].weight"] = ["分值须为 1–100。"];
            }

            if (string.IsNullOrWhiteSpace(x.Anchors) || x.Anchors.Length > 500)
            {
                errors[$"criteria[{i}].anchors"] = ["请写明评分标准（各分数段的含义，不超过 500 字）。"];
            }
        }

        if (criteria.Count > 0 && criteria.Sum(x => x.Weight) != 100)
        {
            errors["criteria"] = [$"各项目分值合计须为 100（现为 {criteria.Sum(x => x.Weight)}）。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("打分表有误，未保存。", errors, "打分表须完整且分值合计 100");
        }

        var json = JsonSerializer.Serialize(criteria.Select(x => new Criterion(x.Code, x.Name.Trim(), x.Weight, x.Anchors.Trim())), SeatStore.Json);
        var existing = await uow.QuerySingleOrDefaultAsync<(long Id, int Version)?>(
            "SELECT id, version FROM assessment.criteria_sets WHERE coalesce(talent_category, 0) = coalesce(@category, 0) AND coalesce(series_code, '') = coalesce(@series, '') FOR UPDATE",
            new { category = request.TalentCategory, series }, ct);
        long id;
        if (existing is { } row)
        {
            if (await uow.ExecuteScalarAsync<bool>(
                    """
                    SELECT EXISTS (SELECT 1 FROM assessment.sheets h JOIN assessment.panels p ON p.meeting_id = h.meeting_id
                                   WHERE h.criteria_set_id = @id AND p.state = 'published')
                    """, new { id = row.Id }, ct))
            {
                throw BusinessRuleException.Refused("网上评审进行中的打分表不能修改", "criteria", "已有进行中的网上评审按这份打分表评分，待投票结束后再修改。");
            }

            await uow.UpdateAtVersionAsync(Rows, row.Id, request.Version ?? -1, "name = @name, criteria = @json::jsonb", new { name, json },
                "这份打分表已在别处被修改，请刷新后再保存。", ct: ct);
            id = row.Id;
        }
        else
        {
            id = await uow.ExecuteScalarAsync<long>(
                "INSERT INTO assessment.criteria_sets (talent_category, series_code, name, criteria) VALUES (@category, @series, @name, @json::jsonb) RETURNING id",
                new { category = request.TalentCategory, series, name, json }, ct);
        }

        await audit.WriteAsync(existing is null ? "新建评审打分表" : "修改评审打分表", "criteria_set", id.ToString(CultureInfo.InvariantCulture), null, new { name, criteria }, ct);
        return (await CriteriaSets.ListAsync(uow, ct)).Single(x => x.Id == id);
    }
}
