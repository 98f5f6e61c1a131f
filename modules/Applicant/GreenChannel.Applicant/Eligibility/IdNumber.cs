using System.Globalization;

namespace GreenChannel.Applicant.Eligibility;

/// <summary>The resident ID number of GB 11643-1999: 6-digit area code, birth date, sequence, check character.</summary>
internal static class IdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>
    /// Province-level prefixes (the first two digits). We check the province, not the full current area-code list:
    /// codes get retired, and numbers issued under them stay valid. 71/81/82/83: Taiwan, Hong Kong, Macau permits.
    /// </summary>
    private static readonly HashSet<string> Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
        "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
    ];

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>"150102********123X".</summary>
    public static string Mask(string value) =>
        value.Length == 18 ? value[..6] + new string('*', 8) + value[14..] : new string('*', value.Length);

    public sealed record Parsed(DateOnly BirthDate, string Gender);

    /// <summary>Checks the number; on success returns the birth date and gender it encodes.</summary>
    public static (Parsed? Parsed, List<(string Code, string Message)> Problems) Check(string? raw, DateOnly today)
    {
        var problems = new List<(string, string)>();
        var value = Normalize(raw ?? string.Empty);
        if (value.Length != 18 || !value[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(value[17]) || value[17] == 'X'))
        {
            problems.Add(("ID.FORMAT", "身份证号应为 18 位：前 17 位是数字，最后一位是数字或 X。"));
            return (null, problems);
        }

        if (!Provinces.Contains(value[..2]))
        {
            problems.Add(("ID.PROVINCE", $"身份证号前两位“{value[..2]}”不是有效的省级行政区划代码。"));
        }

        var birthValid = DateOnly.TryParseExact(value.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth);
        if (!birthValid || birth.Year < 1900 || birth > today)
        {
            problems.Add(("ID.BIRTH_DATE", $"身份证号中的出生日期“{value.Substring(6, 8)}”不是真实的日期。"));
        }

        if (CheckCharacter(value[..17]) != value[17])
        {
            problems.Add(("ID.CHECKSUM", "身份证号校验位不正确，请核对每一位数字。"));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var gender = (value[16] - '0') % 2 == 1 ? "男" : "女";
        return (new Parsed(birth, gender), problems);
    }
}
