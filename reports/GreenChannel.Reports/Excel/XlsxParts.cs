using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace GreenChannel.Reports.Excel;

/// <summary>The parts of an .xlsx package <see cref="XlsxReader"/> reads besides the sheets: relationships and the cell styles that are dates.</summary>
internal static class XlsxParts
{
    /// <summary>How every part is read: no DTD, no external resolution (an uploaded file is untrusted).</summary>
    public static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true, IgnoreWhitespace = false,
    };

    /// <summary>The targets of a relationships part by id (optionally only the relationship types ending in <paramref name="type"/>), as paths in the zip.</summary>
    public static Dictionary<string, string> Relationships(ZipArchive zip, string path, string? type = null)
    {
        var found = new Dictionary<string, string>();
        if (zip.GetEntry(path) is not { } entry)
        {
            return found;
        }

        var folder = path[..path.IndexOf("_rels/", StringComparison.Ordinal)];
        using var reader = XmlReader.Create(entry.Open(), Settings);
        while (reader.Read())
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "Relationship" }
                && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target
                && (type is null || (reader.GetAttribute("Type") ?? "").EndsWith("/" + type, StringComparison.Ordinal)))
            {
                found[id] = target.StartsWith('/') ? target[1..] : folder + target;
            }
        }

        return found;
    }

    /// <summary>Which cell styles show a number as a date (built-in date formats, or a custom format with y or d or m).</summary>
    public static List<bool> DateStyles(ZipArchive zip)
    {
        var dateStyles = new List<bool>();
        var path = Relationships(zip, "xl/_rels/workbook.xml.rels", "styles").Values.FirstOrDefault() ?? "xl/styles.xml";
        if (zip.GetEntry(path) is not { } entry)
        {
            return dateStyles;
        }

        var custom = new Dictionary<int, bool>();
        using var reader = XmlReader.Create(entry.Open(), Settings);
        var inCellXfs = false;
        while (reader.Read())
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "numFmt" }
                && int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                custom[id] = IsDateFormat(reader.GetAttribute("formatCode") ?? "");
            }
            else if (reader is { NodeType: XmlNodeType.Element, LocalName: "cellXfs" })
            {
                inCellXfs = !reader.IsEmptyElement;
            }
            else if (reader is { NodeType: XmlNodeType.EndElement, LocalName: "cellXfs" })
            {
                inCellXfs = false;
            }
            else if (inCellXfs && reader is { NodeType: XmlNodeType.Element, LocalName: "xf" })
            {
                var format = int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) ? f : 0;
                dateStyles.Add(custom.TryGetValue(format, out var isDate) ? isDate : format is (>= 14 and <= 22) or (>= 27 and <= 36) or (>= 45 and <= 47) or (>= 50 and <= 58));
            }
        }

        return dateStyles;
    }

    private static bool IsDateFormat(string code)
    {
        var plain = new System.Text.StringBuilder();
        var quoted = false;
        var bracket = false;
        foreach (var ch in code)
        {
            if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && ch == '[')
            {
                bracket = true;
            }
            else if (!quoted && ch == ']')
            {
                bracket = false;
            }
            else if (!quoted && !bracket)
            {
                plain.Append(char.ToLowerInvariant(ch));
            }
        }

        var p = plain.ToString();
        return p.Contains('y', StringComparison.Ordinal) || p.Contains('d', StringComparison.Ordinal) || (p.Contains('m', StringComparison.Ordinal) && !p.Contains('h', StringComparison.Ordinal) && !p.Contains('s', StringComparison.Ordinal));
    }
}
