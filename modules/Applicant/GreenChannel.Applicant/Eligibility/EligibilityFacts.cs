using GreenChannel.Platform.Contracts;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Applicant.Eligibility;

/// <summary>Another application of the same person (same ID number).</summary>
internal sealed record PriorApplication(long Id, long? RoundId, int? RoundYear, string State, string? Outcome);

/// <summary>
/// Everything outside the form that the rules look at, gathered before evaluation so the rules stay pure: among them the
/// policy edition the round is judged by (its numbers, tables and texts).
/// </summary>
internal sealed record EligibilityFacts(
    DateTimeOffset Now,
    Round? Round,
    PolicyEdition Edition,
    IReadOnlyDictionary<string, TitleSeries> Series,
    IReadOnlyDictionary<string, string> EthnicGroupsByInput,
    IReadOnlySet<string> EducationLevels,
    IReadOnlyList<PriorApplication> OtherApplicationsOfPerson,
    IntegrityRecord? IntegrityRecord,
    bool ShowIntegrityDetails = false,
    int ReviewMaterialsRequiredFromYear = int.MaxValue,
    IReadOnlySet<long>? ApplicationFileIds = null)
{
    public DateOnly Today => DateOnly.FromDateTime(Modularity.Time.BusinessClock.ToBusinessTime(Now).DateTime);
}
