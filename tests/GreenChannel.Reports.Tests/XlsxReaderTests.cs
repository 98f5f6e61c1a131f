using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using GreenChannel.Reports.Excel;

namespace GreenChannel.Reports.Tests;

public sealed class XlsxReaderTests
{
    private static MemoryStream Save(XLWorkbook book)
    {
        var stream = new MemoryStream();
        book.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public void A_workbook_saved_by_ClosedXML_reads_back_as_people_see_it_text_numbers_dates_and_formulas()
    {
        using var book = new XLWorkbook();
        var first = book.AddWorksheet("呼和浩特市");
        first.Cell(1, 1).Value = "姓名";
        first.Cell(1, 3).Value = "出生年月"; // B1 left empty: a gap in the row
        first.Cell(2, 1).Value = "  王建国 ";
        first.Cell(2, 2).Value = 6;
        first.Cell(2, 3).Value = new DateTime(1979, 4, 1);
        first.Cell(2, 4).FormulaA1 = "HYPERLINK(\"http://evil.example\",\"点\")";
        first.Cell(2, 5).Value = "'=1+1";
        first.Cell(5, 1).Value = "第五行";
        book.AddWorksheet("包头市").Cell(1, 1).Value = "另一张";

        using var reader = XlsxReader.TryOpen(Save(book))!;
        var rows = reader.Rows(reader.Sheets[0]).ToList();

        Assert.Equal(["呼和浩特市", "包头市"], reader.Sheets.Select(s => s.Name));
        Assert.Equal([1, 2, 5], rows.Select(r => r.Number));
        Assert.Equal(("姓名", "", "出生年月"), (rows[0][1].Text, rows[0][2].Text, rows[0][3].Text));
        Assert.Equal(("王建国", "6", "1979/04"), (rows[1][1].Text, rows[1][2].Text, rows[1][3].Text));
        Assert.True(rows[1][4].IsFormula);
        Assert.False(rows[1][5].IsFormula);
        Assert.Equal("=1+1", rows[1][5].Text.TrimStart('\''));
        Assert.Equal(XlsxCell.Empty, rows[1][40]);
        Assert.Equal("第五行", rows[2][1].Text);
        Assert.False(rows[2].IsBlank(3));
        Assert.True(new XlsxRow(9, []).IsBlank(16));
        Assert.Equal("另一张", reader.Rows(reader.Sheets[1]).Single()[1].Text);
        Assert.Equal(5, reader.DeclaredRows(reader.Sheets[0]));
    }

    [Fact]
    public void Inline_and_rich_strings_are_joined_phonetic_hints_left_out_and_rows_without_references_counted_in_order()
    {
        const string sheet =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row><c t="inlineStr"><is><t>内蒙古</t></is></c><c t="s"><v>0</v></c></row>
            <row><c t="inlineStr"><is><r><t>包</t></r><r><rPr><b/></rPr><t>头</t></r></is></c><c t="b"><v>1</v></c><c t="str"><f>A1</f><v>内蒙古</v></c></row>
            </sheetData></worksheet>
            """;
        const string shared =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>赤峰</t><rPh sb="0" eb="1"><t>チーフォン</t></rPh><phoneticPr fontId="1"/></si></sst>
            """;
        using var reader = XlsxReader.TryOpen(Zip(sheet, shared))!;
        var rows = reader.Rows(reader.Sheets.Single()).ToList();

        Assert.Equal([1, 2], rows.Select(r => r.Number));
        Assert.Equal(("内蒙古", "赤峰"), (rows[0][1].Text, rows[0][2].Text));
        Assert.Equal(("包头", "TRUE", "内蒙古", true), (rows[1][1].Text, rows[1][2].Text, rows[1][3].Text, rows[1][3].IsFormula));
        Assert.Null(reader.DeclaredRows(reader.Sheets.Single()));
    }

    [Fact]
    public void Bytes_that_are_not_an_xlsx_workbook_are_refused_without_an_exception()
    {
        Assert.Null(XlsxReader.TryOpen(new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0])));
        Assert.Null(XlsxReader.TryOpen(new MemoryStream(Encoding.UTF8.GetBytes("姓名,身份证号\n王建国,150102"))));
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(archive.CreateEntry("word/document.xml").Open());
            w.Write("<document/>");
        }

        zip.Position = 0;
        Assert.Null(XlsxReader.TryOpen(zip));
    }

    /// <summary>A minimal workbook as other programs write it: one sheet, relationships with absolute and relative targets.</summary>
    private static MemoryStream Zip(string sheet, string sharedStrings)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Entry(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                w.Write(text);
            }

            Entry("xl/workbook.xml",
                """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="赤峰市" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Entry("xl/_rels/workbook.xml.rels",
                """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
            Entry("xl/worksheets/sheet1.xml", sheet);
            Entry("xl/sharedStrings.xml", sharedStrings);
        }

        stream.Position = 0;
        return stream;
    }
}
