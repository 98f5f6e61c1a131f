using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenChannel.Rounds.Contracts;

/// <summary>States of a policy edition: a draft is edited; a published edition never changes (a correction is a new edition).</summary>
public static class EditionStates
{
    public const string Draft = "draft";
    public const string Published = "published";

    public static string NameOf(string state) => state == Published ? "已发布" : "草稿";
}

/// <summary>
/// One year's notice as data (政策版本): what it says about who may apply for what, the global conditions, the deadlines
/// and the texts people read. The engine that applies it stays code (ID checks, month arithmetic, history look-ups);
/// this is every number, table and sentence that a new notice may change. Mutable so a page can bind it; a published
/// edition is never written again.
/// </summary>
public sealed class PolicyDocument
{
    /// <summary>The year of the notice; its regular rounds and later ones use it until a newer edition is published.</summary>
    public int Year { get; set; }

    public NoticeInfo Notice { get; set; } = new();

    /// <summary>The seven talent categories of part 一, by number.</summary>
    public List<CategoryPolicy> Categories { get; set; } = [];

    /// <summary>Category 2 (英才兴蒙 一至六类): which level each class applies for, and when it may go one higher.</summary>
    public List<TalentClassPolicy> TalentClasses { get; set; } = [];

    /// <summary>Category 4: how many in-post 正高级 peer experts must recommend.</summary>
    public int RecommendingExperts { get; set; } = 2;

    /// <summary>Category 6: the series codes of the 高技能人才与专业技术人才贯通 fields.</summary>
    public List<string> SkillLinkedSeries { get; set; } = [];

    public GlobalConditions Conditions { get; set; } = new();

    /// <summary>The deadlines of the two regular rounds, "MM-dd", end of that day Beijing time.</summary>
    public string FirstHalfDeadline { get; set; } = "07-15";

    public string SecondHalfDeadline { get; set; } = "10-31";

    /// <summary>The fewest working days of every public notice (单位、推荐单位、评审结果公示).</summary>
    public int MinimumNoticeWorkingDays { get; set; } = 5;

    /// <summary>What each rule says, as people read it, and the paragraph of the notice it comes from.</summary>
    public List<RuleText> Rules { get; set; } = [];

    public CategoryPolicy? Category(int number)
    {
        foreach (var c in Categories)
        {
            if (c.Number == number)
            {
                return c;
            }
        }

        return null;
    }

    public TalentClassPolicy? TalentClass(int number)
    {
        foreach (var c in TalentClasses)
        {
            if (c.Class == number)
            {
                return c;
            }
        }

        return null;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a document; null for text that is not one.</summary>
    public static PolicyDocument? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<PolicyDocument>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A deep copy (through JSON: the document is plain data).</summary>
    public PolicyDocument Clone() => FromJson(ToJson())!;
}

/// <summary>The notice an edition implements.</summary>
public sealed class NoticeInfo
{
    public string Title { get; set; } = "";

    /// <summary>The notice's own 文号, when it has one.</summary>
    public string? DocumentNumber { get; set; }

    public DateOnly? IssuedOn { get; set; }

    public string IssuingBody { get; set; } = "";

    /// <summary>Where its full text is published.</summary>
    public string? Link { get; set; }

    /// <summary>The documents it rests on (e.g. 内人社发〔2025〕16号).</summary>
    public string? BasedOn { get; set; }
}

/// <summary>One talent category of part 一.</summary>
public sealed class CategoryPolicy
{
    public int Number { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Its paragraph of the notice ("一（二）").</summary>
    public string Paragraph { get; set; } = "";

    /// <summary>The paragraph's words, shown to people who choose the category.</summary>
    public string Text { get; set; } = "";

    /// <summary>The levels it may apply for (category 2: the class table narrows them further).</summary>
    public List<string> Levels { get; set; } = [];

    /// <summary>Whose recommendation it needs before it reaches the committee, as the notice says it.</summary>
    public string Nomination { get; set; } = "";

    /// <summary>What the applicant must show for it, as listed to people (the form asks for each).</summary>
    public List<string> Evidence { get; set; } = [];
}

/// <summary>A class of category 2 and the level it applies for.</summary>
public sealed class TalentClassPolicy
{
    public int Class { get; set; }

    public List<string> Levels { get; set; } = [];

    /// <summary>Years in a 副高级 post after which the class may apply for 正高级 instead (null: never).</summary>
    public int? FullSeniorAfterSeniorYears { get; set; }
}

/// <summary>The conditions of part 五 and the integrity rule.</summary>
public sealed class GlobalConditions
{
    /// <summary>The continuing-education notice the applicant must have completed; empty: no such condition.</summary>
    public string ContinuingEducationDocument { get; set; } = "";

    /// <summary>Whoever also qualifies for 社会化评审 must go there.</summary>
    public bool SocialEvaluationFirst { get; set; } = true;

    /// <summary>The benefit is used once per person.</summary>
    public bool OnceOnly { get; set; } = true;

    /// <summary>Failed this year and nothing new: not again this year.</summary>
    public bool FailedThisYearBlocks { get; set; } = true;

    /// <summary>Series with 职业准入 need their qualification.</summary>
    public bool LicenseRequired { get; set; } = true;

    /// <summary>Series with 考评结合 need the exam passed.</summary>
    public bool ExamRequired { get; set; } = true;
}

/// <summary>A rule as people read it.</summary>
public sealed class RuleText
{
    public string Code { get; set; } = "";

    public string Paragraph { get; set; } = "";

    public string Text { get; set; } = "";

    public string TextEn { get; set; } = "";
}

/// <summary>A stored edition.</summary>
public sealed record PolicyEdition(
    long Id, string Code, string State, long? CopiedFromId, int Version, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, PolicyDocument Document)
{
    public bool IsPublished => State == EditionStates.Published;

    public string StateName => EditionStates.NameOf(State);

    /// <summary>The rule's text and paragraph; null for a code the edition does not name.</summary>
    public RuleText? Rule(string code)
    {
        foreach (var r in Document.Rules)
        {
            if (r.Code == code)
            {
                return r;
            }
        }

        return null;
    }
}

/// <summary>A line of the difference between two editions.</summary>
public sealed record EditionDifference(string Key, string Label, string? Before, string? After);

/// <summary>Reading editions (every module).</summary>
public interface IPolicyEditions
{
    Task<IReadOnlyList<PolicyEdition>> ListAsync(CancellationToken ct = default);

    Task<PolicyEdition?> GetAsync(long id, CancellationToken ct = default);

    /// <summary>The edition a round is judged by (every round has one); null for an unknown round.</summary>
    Task<PolicyEdition?> ForRoundAsync(long roundId, CancellationToken ct = default);

    /// <summary>The newest published edition (what a check without a round, and a new round, use).</summary>
    Task<PolicyEdition> CurrentAsync(CancellationToken ct = default);
}

/// <summary>Editing editions (review center, administrator). Every change is audited.</summary>
public interface IPolicyEditionAdministration
{
    /// <summary>A new draft copied from <paramref name="fromId"/>, for the year after it unless told.</summary>
    Task<PolicyEdition> CopyAsync(long fromId, string? code, int? year, CancellationToken ct = default);

    /// <summary>Replaces a draft's document (validated: field errors for what cannot be). A published edition: 409.</summary>
    Task<PolicyEdition> UpdateAsync(long id, PolicyDocument document, int version, CancellationToken ct = default);

    Task<PolicyEdition> PublishAsync(long id, int version, CancellationToken ct = default);

    /// <summary>A new draft from an exported document.</summary>
    Task<PolicyEdition> ImportAsync(string? code, PolicyDocument document, CancellationToken ct = default);

    /// <summary>What changed from the edition <paramref name="id"/> was copied from (or from <paramref name="againstId"/>).</summary>
    Task<IReadOnlyList<EditionDifference>> DifferencesAsync(long id, long? againstId, CancellationToken ct = default);

    /// <summary>The field errors of a document (empty when it may be published).</summary>
    Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(PolicyDocument document, CancellationToken ct = default);
}

/// <summary>Permissions of editions.</summary>
public static class EditionPermissions
{
    public const string View = "rounds.editions.view";
    public const string Manage = "rounds.editions.manage";
}

/// <summary>The edition that shipped with the system: the 2025 notice. The database holds the same document (first migration of editions).</summary>
public static class ShippedEditions
{
    private static readonly Lazy<string> Json2025 = new(() =>
    {
        using var stream = typeof(ShippedEditions).Assembly.GetManifestResourceStream("GreenChannel.Rounds.Contracts.edition-2025.json")
                           ?? throw new InvalidOperationException("edition-2025.json is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>A fresh copy of the 2025 document each call (callers may change theirs).</summary>
    public static PolicyDocument Notice2025() => PolicyDocument.FromJson(Json2025.Value)!;

    /// <summary>The 2025 edition as stored with id 1.</summary>
    public static PolicyEdition Edition2025() =>
        new(1, "2025", EditionStates.Published, null, 1, new DateTimeOffset(2025, 6, 4, 0, 0, 0, TimeSpan.FromHours(8)),
            new DateTimeOffset(2025, 6, 4, 0, 0, 0, TimeSpan.FromHours(8)), Notice2025());
}
