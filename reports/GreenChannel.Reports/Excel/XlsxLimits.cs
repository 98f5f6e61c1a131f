using System.Globalization;
using System.Xml;

namespace GreenChannel.Reports.Excel;

/// <summary>
/// What an uploaded workbook may hold, checked while it is read and before anything large is kept: a 2.5 KB file naming
/// column CAAAAA, one shared string of 300 MB or a million lines would otherwise take gigabytes. Excel itself allows
/// 32,767 characters in a cell; the roster and the expert pool have fewer than 20 columns.
/// </summary>
public static class XlsxLimits
{
    /// <summary>The last column a cell may be in.</summary>
    public const int MaxColumns = 64;

    /// <summary>The most characters in one cell (Excel's own limit).</summary>
    public const int MaxCellCharacters = 32_767;

    /// <summary>The most characters in all shared strings together (a region's roster of 100,000 lines has about 6 million).</summary>
    public const int MaxSharedStringCharacters = 32_000_000;

    /// <summary>The most rows in one workbook, all sheets together.</summary>
    public const int MaxRows = 200_000;
}

/// <summary>An uploaded workbook exceeds a limit or cannot be read; the message says which, in Chinese.</summary>
public sealed class XlsxFileException(string message) : Exception(message);

/// <summary>Text of the cells' XML elements, read in chunks so that no text longer than a cell may hold is ever kept.</summary>
internal static class XlsxText
{
    // One buffer per thread: a roster has millions of cells, and a buffer per cell would be gigabytes of garbage.
    [ThreadStatic]
    private static char[]? _buffer;

    /// <summary>The text of the element the reader is on (not empty); leaves the reader on its end tag.</summary>
    public static string Read(XmlReader reader)
    {
        var depth = reader.Depth;
        string? single = null;
        System.Text.StringBuilder? joined = null;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace))
            {
                continue;
            }

            var buffer = _buffer ??= new char[4096];
            int n;
            while ((n = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
            {
                // Most texts are one short chunk: a string of it, a builder only when there is more.
                if (single is null && joined is null)
                {
                    single = new string(buffer, 0, n);
                    continue;
                }

                joined ??= new System.Text.StringBuilder(single);
                single = string.Empty;
                if (joined.Length + n > XlsxLimits.MaxCellCharacters)
                {
                    throw TooLong();
                }

                joined.Append(buffer, 0, n);
            }
        }

        return joined?.ToString() ?? single ?? "";
    }

    public static XlsxFileException TooLong() => new(string.Create(CultureInfo.InvariantCulture,
        $"文件中有单元格的内容超过 {XlsxLimits.MaxCellCharacters:N0} 个字符（Excel 单元格的上限），无法导入。请检查文件是否正确。"));

    /// <summary>The text of an &lt;si&gt; or &lt;is&gt; element: its runs joined, phonetic hints (&lt;rPh&gt;) left out.</summary>
    public static string Rich(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return "";
        }

        string? first = null;
        System.Text.StringBuilder? runs = null;
        var depth = reader.Depth;
        var phonetic = -1;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh" && !reader.IsEmptyElement)
            {
                phonetic = reader.Depth;
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == phonetic)
            {
                phonetic = -1;
            }
            else if (phonetic < 0 && reader.NodeType == XmlNodeType.Element && reader.LocalName == "t" && !reader.IsEmptyElement)
            {
                var run = Read(reader);
                if (first is null)
                {
                    first = run;
                }
                else
                {
                    runs ??= new System.Text.StringBuilder(first);
                    if (runs.Length + run.Length > XlsxLimits.MaxCellCharacters)
                    {
                        throw TooLong();
                    }

                    runs.Append(run);
                }
            }
        }

        return runs?.ToString() ?? first ?? "";
    }
}
