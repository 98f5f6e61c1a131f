using System.IO.Compression;
using System.Text;

namespace GreenChannel.Testing;

/// <summary>
/// Small .xlsx files that ask a reader for a lot: a far column, one enormous shared string, a great many rows, a DTD,
/// a missing sheet part, no sheet at all. Written part by part (deflated), so the files themselves stay small.
/// </summary>
public static class HostileWorkbooks
{
    private const string Ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static byte[] Build(string? sheetXml, Action<ZipArchive>? more = null, bool withSheet = true, string sheetPart = "worksheets/sheet1.xml")
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Text(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
                w.Write(text);
            }

            Text("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Text("xl/workbook.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Ns}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
                                    + (withSheet ? "<sheet name=\"花名册\" sheetId=\"1\" r:id=\"rId1\"/>" : "") + "</sheets></workbook>");
            Text("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                                               + $"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"{sheetPart}\"/></Relationships>");
            if (sheetXml is not null)
            {
                Text("xl/worksheets/sheet1.xml", sheetXml);
            }

            more?.Invoke(zip);
        }

        return output.ToArray();
    }

    private static string Sheet(string rows, string dimension = "") =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Ns}\">{dimension}<sheetData>{rows}</sheetData></worksheet>";

    /// <summary>2.5 KB naming column CAAAAA.</summary>
    public static byte[] FarColumn() => Build(Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>标题</t></is></c></row><row r=\"4\"><c r=\"CAAAAA4\" t=\"inlineStr\"><is><t>x</t></is></c></row>"));

    /// <summary>One shared string of <paramref name="characters"/> characters (deflated to a few hundred KB).</summary>
    public static byte[] HugeSharedString(int characters) => Build(Sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"), zip =>
    {
        using var w = new StreamWriter(zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{Ns}\"><si><t>");
        var chunk = new string('测', 8192);
        for (var written = 0; written < characters; written += chunk.Length)
        {
            w.Write(chunk);
        }

        w.Write("</t></si></sst>");
    });

    /// <summary>A sheet declaring (its dimension) a million rows.</summary>
    public static byte[] DeclaresAMillionRows() => Build(Sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>", "<dimension ref=\"A1:Q1000000\"/>"));

    /// <summary>A sheet of <paramref name="rows"/> rows, each with one short cell.</summary>
    public static byte[] ManyRows(int rows)
    {
        var text = new StringBuilder();
        for (var r = 1; r <= rows; r++)
        {
            text.Append("<row r=\"").Append(r).Append("\"><c r=\"A").Append(r).Append("\"><v>1</v></c></row>");
        }

        return Build(Sheet(text.ToString()));
    }

    /// <summary>A sheet part declaring a DTD (the billion-laughs shape).</summary>
    public static byte[] WithDtd() => Build("<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
                                            + $"<worksheet xmlns=\"{Ns}\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>");

    /// <summary>The workbook names a sheet part the package does not have.</summary>
    public static byte[] MissingSheetPart() => Build(null, sheetPart: "worksheets/missing.xml");

    /// <summary>A workbook without a sheet.</summary>
    public static byte[] NoSheets() => Build(null, withSheet: false);
}
