using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace GreenChannel.Reports.Excel;

/// <summary>
/// Writes the 花名册 as SpreadsheetML straight to a stream, row by row: the same official layout as a ClosedXML
/// workbook (merged title, 单位 line, header, borders, 宋体, widths from a sample, A4 landscape fitted to the width, rows
/// 1–3 repeated on every page, frozen header, page numbers) without holding a cell model in memory, so a whole-region
/// roster of 100,000 lines stays within a few hundred MB. Strings are inline (no shared-string table to build).
/// </summary>
internal static partial class RosterXlsxWriter
{
    // Style indexes of cellXfs below.
    private const int Title = 1, UnitLine = 2, Header = 3, Body = 4, BodyCentred = 5, BodyQuoted = 6, Note = 7;

    public static void Write(Stream output, int year, IReadOnlyList<RosterSheet> sheets, IReadOnlyList<string> names)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Part(zip, "[Content_Types].xml", w =>
        {
            w.WriteStartElement("Types", "http://schemas.openxmlformats.org/package/2006/content-types");
            Default(w, "rels", "application/vnd.openxmlformats-package.relationships+xml");
            Default(w, "xml", "application/xml");
            Override(w, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
            Override(w, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
            for (var i = 1; i <= sheets.Count; i++)
            {
                Override(w, $"/xl/worksheets/sheet{i}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
            }

            w.WriteEndElement();
        });
        Part(zip, "_rels/.rels", w =>
        {
            w.WriteStartElement("Relationships", "http://schemas.openxmlformats.org/package/2006/relationships");
            Relationship(w, "rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml");
            w.WriteEndElement();
        });
        Part(zip, "xl/_rels/workbook.xml.rels", w =>
        {
            w.WriteStartElement("Relationships", "http://schemas.openxmlformats.org/package/2006/relationships");
            for (var i = 1; i <= sheets.Count; i++)
            {
                Relationship(w, $"rId{i}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", $"worksheets/sheet{i}.xml");
            }

            Relationship(w, $"rId{sheets.Count + 1}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles", "styles.xml");
            w.WriteEndElement();
        });
        Part(zip, "xl/workbook.xml", w =>
        {
            w.WriteStartElement("workbook", Main);
            w.WriteAttributeString("xmlns", "r", null, Rel);
            w.WriteStartElement("sheets", Main);
            for (var i = 0; i < sheets.Count; i++)
            {
                w.WriteStartElement("sheet", Main);
                w.WriteAttributeString("name", names[i]);
                w.WriteAttributeString("sheetId", (i + 1).ToString(CultureInfo.InvariantCulture));
                w.WriteAttributeString("id", Rel, $"rId{i + 1}");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteStartElement("definedNames", Main);
            for (var i = 0; i < sheets.Count; i++)
            {
                w.WriteStartElement("definedName", Main);
                w.WriteAttributeString("name", "_xlnm.Print_Titles");
                w.WriteAttributeString("localSheetId", i.ToString(CultureInfo.InvariantCulture));
                w.WriteString($"'{names[i].Replace("'", "''", StringComparison.Ordinal)}'!$1:${RosterWorkbook.HeaderRows}");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        });
        PartText(zip, "xl/styles.xml", Styles());
        for (var i = 0; i < sheets.Count; i++)
        {
            var sheet = sheets[i];
            Part(zip, $"xl/worksheets/sheet{i + 1}.xml", w => Sheet(w, year, sheet));
        }
    }

    /// <summary>The 15 text values of a line after 序号, in column order (人才类别 is written as a number).</summary>
    private static string?[] Values(RosterRow row) =>
    [
        row.WorkUnit, row.Name, row.IdNumber, row.Gender, row.BirthMonth, row.EthnicGroup, row.Education, row.SchoolAndGraduation,
        row.Series, row.CurrentTitleAndMonth, row.AppliedTitle, row.AppliedLevel, row.Profession, null, row.Remarks,
    ];

    private static void Sheet(XmlWriter w, int year, RosterSheet s)
    {
        var n = RosterWorkbook.Columns.Count;
        var widths = Widths(s, n);
        var last = RosterWorkbook.HeaderRows + s.Rows.Count + 1; // the 填表说明 row
        w.WriteStartElement("worksheet", Main);
        w.WriteStartElement("sheetPr", Main);
        w.WriteStartElement("pageSetUpPr", Main);
        w.WriteAttributeString("fitToPage", "1");
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("dimension", Main);
        w.WriteAttributeString("ref", $"A1:P{last}");
        w.WriteEndElement();
        w.WriteRaw($"""<sheetViews><sheetView workbookViewId="0"><pane ySplit="{RosterWorkbook.HeaderRows}" topLeftCell="A{RosterWorkbook.HeaderRows + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>""");
        w.WriteStartElement("cols", Main);
        for (var c = 0; c < n; c++)
        {
            w.WriteStartElement("col", Main);
            var index = (c + 1).ToString(CultureInfo.InvariantCulture);
            w.WriteAttributeString("min", index);
            w.WriteAttributeString("max", index);
            w.WriteAttributeString("width", widths[c].ToString("0.##", CultureInfo.InvariantCulture));
            w.WriteAttributeString("customWidth", "1");
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteStartElement("sheetData", Main);
        RowStart(w, 1, 32);
        TextCell(w, "A1", RosterWorkbook.Title(year), Title);
        RowEnd(w);
        RowStart(w, 2, null);
        TextCell(w, "A2", $"单位：{s.BodyName}　　　　联系人：{s.Contact}　　　　电话：{s.Phone}", UnitLine);
        RowEnd(w);
        RowStart(w, 3, null);
        for (var c = 0; c < n; c++)
        {
            TextCell(w, Ref(c, 3), RosterWorkbook.Columns[c], Header);
        }

        RowEnd(w);
        var r = RosterWorkbook.HeaderRows + 1;
        foreach (var row in s.Rows)
        {
            RowStart(w, r, null);
            NumberCell(w, Ref(0, r), r - RosterWorkbook.HeaderRows, BodyCentred);
            var values = Values(row);
            for (var c = 0; c < values.Length; c++)
            {
                var cell = Ref(c + 1, r);
                if (c == 13)
                {
                    if (row.TalentCategory is { } category)
                    {
                        NumberCell(w, cell, category, BodyCentred);
                    }
                    else
                    {
                        TextCell(w, cell, "", BodyCentred);
                    }

                    continue;
                }

                var text = values[c] ?? "";
                TextCell(w, cell, text, text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? BodyQuoted : Body);
            }

            RowEnd(w);
            r++;
        }

        RowStart(w, r, null);
        TextCell(w, Ref(0, r), RosterWorkbook.Instructions, Note);
        RowEnd(w);
        w.WriteEndElement(); // sheetData
        w.WriteRaw($"""<mergeCells count="3"><mergeCell ref="A1:P1"/><mergeCell ref="A2:P2"/><mergeCell ref="A{r}:P{r}"/></mergeCells>""");
        w.WriteRaw("""<printOptions horizontalCentered="1"/>""");
        w.WriteRaw("""<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>""");
        w.WriteRaw("""<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>""");
        w.WriteRaw("""<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>""");
        w.WriteEndElement(); // worksheet
    }

    /// <summary>Column widths from the header and the first 200 lines (CJK counts double), 4–30; the ID number column always fits.</summary>
    private static double[] Widths(RosterSheet s, int n)
    {
        var widths = RosterWorkbook.Columns.Select(h => Math.Max(4, WorkbookStyle.DisplayWidth(h) + 2)).ToArray();
        foreach (var row in s.Rows.Take(200))
        {
            var values = Values(row);
            widths[0] = Math.Max(widths[0], WorkbookStyle.DisplayWidth(s.Rows.Count.ToString(CultureInfo.InvariantCulture)) + 2);
            for (var c = 0; c < values.Length; c++)
            {
                widths[c + 1] = Math.Max(widths[c + 1], WorkbookStyle.DisplayWidth(values[c] ?? "") + 2);
            }
        }

        for (var c = 0; c < n; c++)
        {
            widths[c] = Math.Min(widths[c], 30);
        }

        widths[3] = 21;
        return widths;
    }

    private static string Ref(int column, int row) => $"{(char)('A' + column)}{row.ToString(CultureInfo.InvariantCulture)}";

    private static void RowStart(XmlWriter w, int r, double? height)
    {
        w.WriteStartElement("row", Main);
        w.WriteAttributeString("r", r.ToString(CultureInfo.InvariantCulture));
        if (height is { } h)
        {
            w.WriteAttributeString("ht", h.ToString(CultureInfo.InvariantCulture));
            w.WriteAttributeString("customHeight", "1");
        }
    }

    private static void RowEnd(XmlWriter w) => w.WriteEndElement();

    private static void TextCell(XmlWriter w, string cell, string text, int style)
    {
        w.WriteStartElement("c", Main);
        w.WriteAttributeString("r", cell);
        w.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("t", "inlineStr");
        w.WriteStartElement("is", Main);
        w.WriteStartElement("t", Main);
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
        {
            w.WriteAttributeString("xml", "space", null, "preserve");
        }

        w.WriteString(Clean(text));
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void NumberCell(XmlWriter w, string cell, int value, int style)
    {
        w.WriteStartElement("c", Main);
        w.WriteAttributeString("r", cell);
        w.WriteAttributeString("s", style.ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("v", Main, value.ToString(CultureInfo.InvariantCulture));
        w.WriteEndElement();
    }

    /// <summary>Characters XML 1.0 cannot carry (control characters) are dropped; people never type them on purpose.</summary>
    private static string Clean(string text) =>
        text.Any(ch => ch < 0x20 && ch is not ('\t' or '\n' or '\r')) ? new string(text.Where(ch => ch >= 0x20 || ch is '\t' or '\n' or '\r').ToArray()) : text;
}
