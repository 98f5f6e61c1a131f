using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace GreenChannel.Reports.Excel;

/// <summary>One cell as a person sees it: its text (a date cell as YYYY/MM), and whether it holds a formula.</summary>
public readonly record struct XlsxCell(string Text, bool IsFormula)
{
    /// <summary>An empty cell.</summary>
    public static readonly XlsxCell Empty = new("", false);
}

/// <summary>One row of a sheet: its number (1-based, as Excel shows it) and its cells from column A on.</summary>
public sealed class XlsxRow(int number, XlsxCell[] cells)
{
    /// <summary>The row number as Excel shows it.</summary>
    public int Number { get; } = number;

    /// <summary>The cell in <paramref name="column"/> (1-based); an empty one past the last cell written.</summary>
    public XlsxCell this[int column] => column >= 1 && column <= cells.Length ? cells[column - 1] : XlsxCell.Empty;

    /// <summary>Whether every cell up to <paramref name="columns"/> is empty.</summary>
    public bool IsBlank(int columns)
    {
        for (var c = 1; c <= columns; c++)
        {
            if (this[c].Text.Length > 0 || this[c].IsFormula)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A worksheet of a workbook opened with <see cref="XlsxReader"/>.</summary>
public sealed record XlsxSheet(string Name, string Part);

/// <summary>
/// Reads an uploaded .xlsx workbook row by row, straight from its XML, without a cell model in memory: a region's roster
/// of 100,000 lines is read in about a second where loading it into ClosedXML takes many seconds and gigabytes. It
/// reads what Excel, WPS and ClosedXML write: shared and inline strings (rich text joined, phonetic runs left out),
/// numbers, booleans, formulas (reported, never evaluated) and date cells (by their number format) as YYYY/MM.
/// </summary>
public sealed partial class XlsxReader : IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string OfficeRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private readonly ZipArchive _zip;
    private readonly List<string> _shared = [];
    private readonly List<bool> _dateStyles = [];

    private XlsxReader(ZipArchive zip, IReadOnlyList<XlsxSheet> sheets)
    {
        _zip = zip;
        Sheets = sheets;
    }

    /// <summary>The sheets in the order the workbook shows them.</summary>
    public IReadOnlyList<XlsxSheet> Sheets { get; }

    /// <summary>The workbook, or null when the bytes are not an .xlsx workbook (an .xls, a renamed file, a truncated upload).</summary>
    public static XlsxReader? TryOpen(Stream stream)
    {
        ZipArchive? zip = null;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var workbook = zip.GetEntry("xl/workbook.xml");
            if (workbook is null)
            {
                zip.Dispose();
                return null;
            }

            var targets = XlsxParts.Relationships(zip, "xl/_rels/workbook.xml.rels");
            var sheets = new List<XlsxSheet>();
            using (var reader = XmlReader.Create(workbook.Open(), XlsxParts.Settings))
            {
                while (reader.Read())
                {
                    if (reader is { NodeType: XmlNodeType.Element, LocalName: "sheet", NamespaceURI: Main }
                        && reader.GetAttribute("id", OfficeRel) is { } id && targets.TryGetValue(id, out var part))
                    {
                        sheets.Add(new XlsxSheet(reader.GetAttribute("name") ?? "", part));
                    }
                }
            }

            var book = new XlsxReader(zip, sheets);
            book.ReadSharedStrings();
            book._dateStyles.AddRange(XlsxParts.DateStyles(zip));
            return book;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException or FormatException)
        {
            zip?.Dispose();
            return null;
        }
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>The row count the sheet declares (its dimension), or null when it declares none; for progress only.</summary>
    public int? DeclaredRows(XlsxSheet sheet) => Guarded(sheet, () => ReadDeclaredRows(sheet));

    private int? ReadDeclaredRows(XlsxSheet sheet)
    {
        using var reader = Open(sheet);
        while (reader.Read())
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "dimension" })
            {
                var range = reader.GetAttribute("ref") ?? "";
                var last = range.Contains(':', StringComparison.Ordinal) ? range[(range.IndexOf(':', StringComparison.Ordinal) + 1)..] : range;
                return Reference(last).Row is > 0 and var rows ? rows : null;
            }

            if (reader is { NodeType: XmlNodeType.Element, LocalName: "sheetData" })
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The rows that have anything written in them, in order; rows the file leaves out are blank. A damaged sheet, or one
    /// past <see cref="XlsxLimits"/>, throws <see cref="XlsxFileException"/> saying which.
    /// </summary>
    public IEnumerable<XlsxRow> Rows(XlsxSheet sheet)
    {
        using var reader = Guarded(sheet, () => Open(sheet));
        var cells = new List<XlsxCell>();
        var previousRow = 0;
        while (true)
        {
            int number;
            try
            {
                number = NextRow(reader, previousRow, cells);
            }
            catch (Exception e) when (e is XmlException or InvalidDataException or IOException)
            {
                throw Damaged(sheet);
            }

            if (number < 0)
            {
                yield break;
            }

            previousRow = number;
            yield return new XlsxRow(number, [.. cells]);
        }
    }

    /// <summary>Reads the next row into <paramref name="cells"/>; its number, or -1 at the end of the sheet.</summary>
    private int NextRow(XmlReader reader, int previousRow, List<XlsxCell> cells)
    {
        while (reader.Read())
        {
            if (reader is not { NodeType: XmlNodeType.Element, LocalName: "row" })
            {
                continue;
            }

            var number = int.TryParse(reader.GetAttribute("r"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : previousRow + 1;
            if (++_rowsRead > XlsxLimits.MaxRows)
            {
                throw new XlsxFileException(string.Create(CultureInfo.InvariantCulture, $"文件超过 {XlsxLimits.MaxRows:N0} 行，超出一次导入的上限。请分成几个文件导入。"));
            }

            cells.Clear();
            ReadRow(reader, number, cells);
            return number;
        }

        return -1;
    }

    private int _rowsRead;

    /// <summary>Runs a step of reading a sheet; a damaged part (bad XML, a DTD, a missing or broken zip entry) becomes one Chinese message.</summary>
    private static T Guarded<T>(XlsxSheet sheet, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is XmlException or InvalidDataException or IOException)
        {
            throw Damaged(sheet);
        }
    }

    private static XlsxFileException Damaged(XlsxSheet sheet) =>
        new($"工作表“{sheet.Name}”已损坏或含有不允许的内容（如 DTD），无法读取。请用 Excel / WPS 打开后另存为 .xlsx 再导入。");

    private void ReadSharedStrings()
    {
        var path = XlsxParts.Relationships(_zip, "xl/_rels/workbook.xml.rels", "sharedStrings").Values.FirstOrDefault() ?? "xl/sharedStrings.xml";
        if (_zip.GetEntry(path) is not { } entry)
        {
            return;
        }

        using var reader = XmlReader.Create(entry.Open(), XlsxParts.Settings);
        long total = 0;
        while (reader.Read())
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "si" })
            {
                var text = XlsxText.Rich(reader);
                total += text.Length;
                if (total > XlsxLimits.MaxSharedStringCharacters)
                {
                    throw new XlsxFileException(string.Create(CultureInfo.InvariantCulture,
                        $"文件中的文字共超过 {XlsxLimits.MaxSharedStringCharacters:N0} 个字符，超出一次导入的上限。请分成几个文件导入。"));
                }

                _shared.Add(text);
            }
        }
    }

    /// <summary>"AB12" → (12, 28).</summary>
    private static (int Row, int Column) Reference(ReadOnlySpan<char> reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            // Past three letters (XFD is Excel's last column) the number only grows: stop before it overflows.
            column = i < 4 ? (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1) : int.MaxValue;
        }

        return (int.TryParse(reference[i..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var row) ? row : 0, column);
    }
}
