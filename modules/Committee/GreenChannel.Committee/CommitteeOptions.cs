using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Committee;

/// <summary>The committee rules' numbers (section GreenChannel:Committee); the defaults are the national rule's.</summary>
internal sealed class CommitteeOptions : IValidatableObject
{
    public const string Section = "GreenChannel:Committee";

    /// <summary>Fewest members of a 高级 committee formed per series.</summary>
    public int MinimumSeriesMembers { get; set; } = 25;

    /// <summary>Fewest members of a 高级 committee formed per speciality.</summary>
    public int MinimumSpecialityMembers { get; set; } = 11;

    /// <summary>Longest term of an expert on a committee, in years.</summary>
    public int MaxTermYears { get; set; } = 3;

    /// <summary>How long a committee's filing (备案) stays valid, in years.</summary>
    public int FilingValidYears { get; set; } = 3;

    /// <summary>
    /// The host's ballot key (a file holding 32 random bytes in Base64; made on first use). Outside the database, so a
    /// reader of the database or its backups cannot open a sealed ballot; every node of one installation names the same
    /// file. Default: .data/ballot.key under the host's folder.
    /// </summary>
    public string? BallotKeyFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinimumSeriesMembers is < 1 or > 999 || MinimumSeriesMembers % 2 == 0)
        {
            yield return new ValidationResult($"{Section}:MinimumSeriesMembers 的值 {MinimumSeriesMembers} 无效：须为 1–999 的奇数（国家规定不少于 25）。", [nameof(MinimumSeriesMembers)]);
        }

        if (MinimumSpecialityMembers is < 1 or > 999 || MinimumSpecialityMembers % 2 == 0)
        {
            yield return new ValidationResult($"{Section}:MinimumSpecialityMembers 的值 {MinimumSpecialityMembers} 无效：须为 1–999 的奇数（国家规定不少于 11）。", [nameof(MinimumSpecialityMembers)]);
        }

        if (MaxTermYears is < 1 or > 10)
        {
            yield return new ValidationResult($"{Section}:MaxTermYears 的值 {MaxTermYears} 无效：须为 1–10 年（国家规定不超过 3 年）。", [nameof(MaxTermYears)]);
        }

        if (BallotKeyFile is { } file && file.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return new ValidationResult($"{Section}:BallotKeyFile 的值无效：不是合法的文件路径。", [nameof(BallotKeyFile)]);
        }

        if (FilingValidYears is < 1 or > 10)
        {
            yield return new ValidationResult($"{Section}:FilingValidYears 的值 {FilingValidYears} 无效：须为 1–10 年（国家规定不超过 3 年）。", [nameof(FilingValidYears)]);
        }
    }
}
