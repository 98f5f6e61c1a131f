using System.Globalization;
using GreenChannel.Assessment.Contracts;

namespace GreenChannel.Assessment.Panels;

/// <summary>
/// Conflicts of interest (回避), computed from facts rather than only declared: the applicant's current unit, the units
/// of their work history within the last N years, the category-4 recommenders, the ties experts declared, and the
/// unit of the recommending body whose reviewer passed the case. A pure function.
/// </summary>
internal static class ConflictRules
{
    public sealed record Job(string Unit, DateOnly From, DateOnly? To);

    public sealed record Applicant(
        long Id, string Name, long UnitOrgId, string UnitName, IReadOnlyList<Job> History, IReadOnlyList<(string Name, string? Unit)> Recommenders,
        long BodyOrgId, string BodyName);

    public sealed record Tie(string? Unit, string? Person);

    public sealed record Reviewer(long Id, string Name, long? UnitOrgId, string WorkUnit, IReadOnlyList<Tie> Ties);

    public sealed record Found(long ApplicationId, long ExpertId, string Source, string Detail);

    public static IReadOnlyList<Found> Find(IReadOnlyList<Applicant> applicants, IReadOnlyList<Reviewer> reviewers, DateOnly today, int historyYears)
    {
        var found = new List<Found>();
        var since = today.AddYears(-historyYears);
        foreach (var a in applicants)
        {
            foreach (var r in reviewers)
            {
                var unit = Key(r.WorkUnit);
                if ((r.UnitOrgId is { } org && org == a.UnitOrgId) || unit == Key(a.UnitName))
                {
                    found.Add(new(a.Id, r.Id, ConflictSources.SameUnit, $"专家工作单位“{r.WorkUnit}”即申报人现工作单位"));
                }

                // The current unit is the same-unit rule's; the history adds the units before it.
                foreach (var job in a.History.Where(j => Key(j.Unit) == unit && Key(j.Unit) != Key(a.UnitName) && (j.To ?? today) >= since))
                {
                    found.Add(new(a.Id, r.Id, ConflictSources.WorkHistory,
                        $"申报人 {Month(job.From)}–{(job.To is { } to ? Month(to) : "至今")} 在“{job.Unit}”工作（{historyYears} 年内）"));
                    break;
                }

                if (a.Recommenders.Any(x => Key(x.Name) == Key(r.Name) && (x.Unit is null || Key(x.Unit) == unit)))
                {
                    found.Add(new(a.Id, r.Id, ConflictSources.Recommender, $"专家 {r.Name} 是该申报的推荐专家"));
                }

                foreach (var tie in r.Ties)
                {
                    if (tie.Unit is { } tu && (Key(tu) == Key(a.UnitName) || a.History.Any(j => Key(j.Unit) == Key(tu))))
                    {
                        found.Add(new(a.Id, r.Id, ConflictSources.DeclaredTie, $"专家申报与“{tu}”有利益关系"));
                        break;
                    }

                    if (tie.Person is { } tp && Key(tp) == Key(a.Name))
                    {
                        found.Add(new(a.Id, r.Id, ConflictSources.DeclaredTie, $"专家申报与“{tp}”有利益关系"));
                        break;
                    }
                }

                if ((r.UnitOrgId is { } rorg && rorg == a.BodyOrgId) || unit == Key(a.BodyName))
                {
                    found.Add(new(a.Id, r.Id, ConflictSources.BodyReviewer, $"专家与推荐单位“{a.BodyName}”的审核人同一单位"));
                }
            }
        }

        return found;
    }

    /// <summary>Unit and person names compared without spaces, letter case or the width of brackets.</summary>
    public static string Key(string? text) =>
        new string((text ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).Replace('（', '(').Replace('）', ')').ToLowerInvariant();

    private static string Month(DateOnly d) => d.ToString("yyyy/MM", CultureInfo.InvariantCulture);
}
