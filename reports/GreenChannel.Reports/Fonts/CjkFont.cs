namespace GreenChannel.Reports.Fonts;

/// <summary>
/// The CJK font the reports draw Chinese with. SkiaSharp (under ScottPlot) does not search system fonts by itself, so
/// the file is found here and named explicitly; without it Chinese text would come out as empty boxes. The test script
/// installs Debian's fonts-wqy-microhei; <c>GREENCHANNEL_CJK_FONT</c> may point at another .ttf/.ttc/.otf file.
/// </summary>
public static class CjkFont
{
    /// <summary>The family name the charts use for the font.</summary>
    public const string Family = "WenQuanYi Micro Hei";

    /// <summary>The font name written into workbooks: Excel, WPS and LibreOffice all map 宋体 to a CJK font.</summary>
    public const string WorkbookFont = "宋体";

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ];

    private static readonly Lazy<string> Located = new(Locate);

    /// <summary>The font file; throws a Chinese explanation when none is installed.</summary>
    public static string FilePath => Located.Value;

    private static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable("GREENCHANNEL_CJK_FONT");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"GREENCHANNEL_CJK_FONT 指向的字体文件不存在：{configured}");
        }

        return Candidates.FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException(
                   "未找到中文字体，图表中的汉字将无法显示。请安装 fonts-wqy-microhei（apt-get install fonts-wqy-microhei），或用环境变量 GREENCHANNEL_CJK_FONT 指定字体文件。");
    }
}
