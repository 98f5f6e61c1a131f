using System.Globalization;
using System.Xml;

namespace GreenChannel.Reports.Excel;

/// <summary>The cells of a row: where each is, what it holds, and the text a person sees.</summary>
public sealed partial class XlsxReader
{
    private void ReadRow(XmlReader reader, int number, List<XlsxCell> cells)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader is not { NodeType: XmlNodeType.Element, LocalName: "c" })
            {
                continue;
            }

            var (column, cell) = ReadCell(reader, cells.Count + 1);
            if (column > XlsxLimits.MaxColumns)
            {
                throw new XlsxFileException(string.Create(CultureInfo.InvariantCulture,
                    $"第 {number} 行有超出第 {XlsxLimits.MaxColumns} 列的单元格，不是本系统的导入模板。请删除多余的列后再导入。"));
            }

            while (cells.Count < column - 1)
            {
                cells.Add(XlsxCell.Empty);
            }

            if (column >= 1 && column <= cells.Count)
            {
                cells[column - 1] = cell;
            }
            else if (column >= 1)
            {
                cells.Add(cell);
            }
        }
    }


    private XmlReader Open(XlsxSheet sheet) =>
        XmlReader.Create((_zip.GetEntry(sheet.Part) ?? throw new InvalidDataException($"工作表“{sheet.Name}”缺少内容（{sheet.Part}）。")).Open(), XlsxParts.Settings);

    /// <summary>Reads one &lt;c&gt; element to its end; its column is <paramref name="next"/> when it has no reference.</summary>
    private (int Column, XlsxCell Cell) ReadCell(XmlReader reader, int next)
    {
        var (column, type, style) = CellAttributes(reader, next);
        if (reader.IsEmptyElement)
        {
            return (column, XlsxCell.Empty);
        }

        string? value = null;
        string? inline = null;
        var formula = false;
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "f":
                    formula = true;
                    break;
                case "v" when !reader.IsEmptyElement:
                    value = XlsxText.Read(reader);
                    break;
                case "is":
                    inline = XlsxText.Rich(reader);
                    break;
            }
        }

        return (column, Cell(type, style, value, inline, formula));
    }

    /// <summary>The cell's column (from its reference r; 0 when that is not a reference, and the cell is left out), type (t) and style (s).</summary>
    private static (int Column, string? Type, int Style) CellAttributes(XmlReader reader, int next) =>
        (reader.GetAttribute("r") is { } at ? Reference(at).Column : next, reader.GetAttribute("t"),
         int.TryParse(reader.GetAttribute("s"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0);

    private XlsxCell Cell(string? type, int style, string? value, string? inline, bool formula)
    {
        var text = type switch
        {
            "s" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < _shared.Count ? _shared[i] : "",
            "inlineStr" => inline ?? "",
            "str" or "e" => value ?? "",
            "b" => value == "1" ? "TRUE" : value is null ? "" : "FALSE",
            _ => Number(value, style),
        };
        return new XlsxCell(text.Trim(), formula);
    }

    private string Number(string? value, int style)
    {
        if (string.IsNullOrEmpty(value) || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return value ?? "";
        }

        if (style < _dateStyles.Count && _dateStyles[style] && number is > 0 and < 2958466)
        {
            return DateTime.FromOADate(number).ToString("yyyy/MM", CultureInfo.InvariantCulture);
        }

        return number.ToString(CultureInfo.InvariantCulture);
    }
}
