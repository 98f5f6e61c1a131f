using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Dictionaries;

/// <summary>The dictionaries as committed under one <c>platform.dictionary_state</c> stamp (migration 0029).</summary>
internal sealed record DictionarySnapshot(
    Guid Stamp, IReadOnlyList<EthnicGroup> EthnicGroups, IReadOnlyList<EducationLevel> EducationLevels, IReadOnlyList<TitleSeries> TitleSeries)
{
    /// <summary>
    /// The ethnic group's name for what people type: its name, its short name or its code, in that order (汉 → 汉族,
    /// 01 → 汉族); null when none matches.
    /// </summary>
    public string? EthnicGroupName(string value) =>
        (EthnicGroups.FirstOrDefault(g => g.Name == value) ?? EthnicGroups.FirstOrDefault(g => g.ShortName == value)
            ?? EthnicGroups.FirstOrDefault(g => g.Code == value))?.Name;
}

/// <summary>
/// This node's copy of the dictionaries. Every eligibility check and every roster line reads them; reading four tables
/// each time was most of a check's time (1.96 ms of which 1.4 ms went on the dictionaries). It is a cache
/// (design.md: no state another node needs): <see cref="DictionaryService"/> compares its stamp with the database's on
/// every unit of work and reads the tables again when they differ.
/// </summary>
internal sealed class DictionaryCache
{
    private volatile DictionarySnapshot? _current;

    /// <summary>The snapshot held, if any.</summary>
    public DictionarySnapshot? Current => _current;

    /// <summary>Keeps <paramref name="snapshot"/> (only ever committed data: see <see cref="DictionaryService"/>).</summary>
    public void Keep(DictionarySnapshot snapshot) => _current = snapshot;
}
