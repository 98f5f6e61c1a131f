namespace GreenChannel.Platform.Contracts;

public sealed record EthnicGroup(string Code, string Name, string? ShortName, int Version);

public sealed record EducationLevel(string Code, string Name, int SortOrder, int Version);

/// <summary>The five title levels, lowest first.</summary>
public static class TitleLevels
{
    public static readonly IReadOnlyList<string> All = ["员级", "助理级", "中级", "副高级", "正高级"];
}

public sealed record TitleSeries(
    string Code, string Name, bool SkillLinked, bool RequiresLicense, bool ExamCombined, int SortOrder,
    IReadOnlyDictionary<string, string> LevelTitles, int Version);

/// <summary>Edit input for a title series (new when the code is unknown).</summary>
public sealed record SaveTitleSeriesRequest(
    string? Code, string? Name, bool SkillLinked, bool RequiresLicense, bool ExamCombined,
    IReadOnlyDictionary<string, string>? LevelTitles, int? Version);

public sealed record SaveEthnicGroupRequest(string? Name, string? ShortName, int Version);

public sealed record SaveEducationLevelRequest(string? Code, string? Name, int SortOrder, int? Version);

/// <summary>Reference data, read by every module.</summary>
public interface IDictionaryQueries
{
    Task<IReadOnlyList<EthnicGroup>> ListEthnicGroupsAsync(CancellationToken ct = default);

    /// <summary>The standard name for what a person typed ("汉" → "汉族"), or null when unknown.</summary>
    Task<string?> NormalizeEthnicGroupAsync(string input, CancellationToken ct = default);

    Task<IReadOnlyList<EducationLevel>> ListEducationLevelsAsync(CancellationToken ct = default);

    Task<IReadOnlyList<TitleSeries>> ListTitleSeriesAsync(CancellationToken ct = default);
}

/// <summary>Reference data editing (administrators).</summary>
public interface IDictionaryAdministration
{
    Task<TitleSeries> SaveTitleSeriesAsync(SaveTitleSeriesRequest request, CancellationToken ct = default);

    Task SaveEthnicGroupAsync(string code, SaveEthnicGroupRequest request, CancellationToken ct = default);

    Task SaveEducationLevelAsync(SaveEducationLevelRequest request, CancellationToken ct = default);
}
