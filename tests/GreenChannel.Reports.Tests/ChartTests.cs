using GreenChannel.Reports.Charts;
using GreenChannel.Reports.Fonts;
using SkiaSharp;

namespace GreenChannel.Reports.Tests;

public sealed class ChartTests
{
    private static ChartPoint[] Regions(params string[] names) => names.Select((n, i) => new ChartPoint(n, 10 + i)).ToArray();

    [Fact]
    public void The_CJK_font_has_a_glyph_for_every_region_name()
    {
        using var typeface = SKTypeface.FromFile(CjkFont.FilePath);

        Assert.NotNull(typeface);
        Assert.True(typeface.ContainsGlyphs("呼和浩特市包头市乌海市赤峰市通辽市鄂尔多斯市呼伦贝尔市巴彦淖尔市乌兰察布市兴安盟锡林郭勒盟阿拉善盟满洲里市二连浩特市自治区本级申报人数"));
    }

    [Fact]
    public void Chinese_labels_are_drawn_as_glyphs_not_boxes()
    {
        // An unknown character is drawn as the same empty box whatever it is: two charts whose labels differ only in
        // which Chinese characters they use would then be pixel-identical. Drawn glyphs make them differ.
        var first = ChartRenderer.Png(ChartRenderer.Bars("各盟市申报人数", "人数", Regions("呼和浩特市", "包头市", "乌海市")));
        var second = ChartRenderer.Png(ChartRenderer.Bars("各盟市申报人数", "人数", Regions("鄂尔多斯市", "赤峰市", "通辽市")));
        var same = ChartRenderer.Png(ChartRenderer.Bars("各盟市申报人数", "人数", Regions("呼和浩特市", "包头市", "乌海市")));

        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "greenchannel-cjk-chart.png"), first); // to look at
        Assert.Equal(first, same); // rendering is deterministic, so a difference means different pixels
        Assert.NotEqual(first, second);
        using var bitmap = SKBitmap.Decode(first);
        Assert.Equal((800, 450), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public void The_chart_title_is_drawn_with_the_CJK_font_and_not_as_boxes()
    {
        // Same title length, different characters: with boxes the title strips would be identical.
        var a = ChartRenderer.Bars("甲乙丙丁", "人数", Regions("一"));
        var b = ChartRenderer.Bars("戊己庚辛", "人数", Regions("一"));

        Assert.NotEqual(ChartRenderer.Png(a), ChartRenderer.Png(b));
        Assert.Contains(CjkFont.Family, ChartRenderer.Svg(a), StringComparison.Ordinal);
    }

    [Fact]
    public void Legends_of_grouped_bars_and_trend_lines_are_drawn_with_the_CJK_font()
    {
        string[] labels = ["呼和浩特市", "包头市"];
        var applied = ChartRenderer.Png(ChartRenderer.GroupedBars("各盟市", "人数", labels, [new("申报", [3, 2]), new("通过", [1, 1])]));
        var other = ChartRenderer.Png(ChartRenderer.GroupedBars("各盟市", "人数", labels, [new("受理", [3, 2]), new("合格", [1, 1])]));
        var trend = ChartRenderer.Png(ChartRenderer.Lines("历年", "人数", ["2024年", "2025年"], [new("申报", [2, 6]), new("通过", [2, 1])]));
        var trendOther = ChartRenderer.Png(ChartRenderer.Lines("历年", "人数", ["2024年", "2025年"], [new("受理", [2, 6]), new("合格", [2, 1])]));

        Assert.NotEqual(applied, other);
        Assert.NotEqual(trend, trendOther);
    }

    [Fact]
    public void The_funnel_stacks_each_stage_by_state_with_a_CJK_legend()
    {
        string[] stages = ["申报", "资格审核通过", "参加评审", "评审通过"];
        var funnel = ChartRenderer.StackedBars("评审各环节人数", "人数", stages,
            [new("评审通过", [60, 60, 60, 60]), new("评审未通过", [30, 30, 30, 0]), new("已退回", [10, 0, 0, 0])]);
        var other = ChartRenderer.StackedBars("评审各环节人数", "人数", stages,
            [new("合格人员", [60, 60, 60, 60]), new("不合格者", [30, 30, 30, 0]), new("已撤回", [10, 0, 0, 0])]);

        var png = ChartRenderer.Png(funnel);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "greenchannel-funnel.png"), png); // to look at
        Assert.NotEqual(png, ChartRenderer.Png(other));
        Assert.Contains("评审未通过", ChartRenderer.Svg(funnel), StringComparison.Ordinal); // the legend names the states
    }

    [Fact]
    public void Every_state_of_the_dashboards_funnel_has_a_colour_of_its_own()
    {
        var plot = ChartRenderer.StackedBars("评审各环节人数（按当前状态）", "人数", ["申报", "资格审核通过", "参加评审", "评审通过"],
            new[] { "评审通过", "评审通过待公示确认", "评审未通过", "待评审", "审核中", "已退回", "已取消资格", "名册导入" }
                .Select((name, i) => new ChartRenderer.Series(name, new double[] { i + 1, 0, 0, 0 })).ToList());

        var colours = plot.Legend.ManualItems.Select(item => item.FillColor).ToList();
        Assert.Equal(8, colours.Count);
        Assert.Equal(8, colours.Distinct().Count());
    }
}

public sealed class ChartLabelTests
{
    private static readonly string[] RegionNames =
    [
        "呼和浩特市", "包头市", "乌海市", "赤峰市", "通辽市", "鄂尔多斯市", "呼伦贝尔市", "巴彦淖尔市", "乌兰察布市", "兴安盟", "锡林郭勒盟", "阿拉善盟",
        "满洲里市", "二连浩特市", "自治区本级",
    ];

    private static readonly string[] SeriesNames = ["高等学校教师", "中等职业学校教师", "工程技术人员", "卫生技术人员", "农业技术人员", "工艺美术专业人员", "实验技术人员", "艺术专业人员", "体育专业人员", "技工院校教师"];

    /// <summary>Pixels within <paramref name="band"/> of the image's edge that are not the white background: a label cut off by the edge.</summary>
    private static int InkAtTheEdge(byte[] png, int band = 2)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        var ink = 0;
        for (var x = 0; x < bitmap.Width; x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                if (x >= band && y >= band && x < bitmap.Width - band && y < bitmap.Height - band)
                {
                    continue;
                }

                var c = bitmap.GetPixel(x, y);
                if (c.Red < 200 || c.Green < 200 || c.Blue < 200)
                {
                    ink++;
                }
            }
        }

        return ink;
    }

    [Fact]
    public void Every_region_series_and_trend_label_is_drawn_whole_inside_the_image()
    {
        var regions = ChartRenderer.GroupedBars("各盟市申报与通过人数", "人数", RegionNames,
            [new("申报", RegionNames.Select((_, i) => 200.0 + (i * 37 % 150)).ToList()), new("通过", RegionNames.Select((_, i) => 60.0 + (i * 11 % 50)).ToList())]);
        var series = ChartRenderer.Bars("各职称系列申报人数", "人数", SeriesNames.Select((n, i) => new ChartPoint(n, 10 + i)).ToList());
        var regionsPng = ChartRenderer.Png(regions);
        var seriesPng = ChartRenderer.Png(series);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "greenchannel-regions-chart.png"), regionsPng); // to look at
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "greenchannel-series-chart.png"), seriesPng);

        var trendPng = ChartRenderer.Png(ChartRenderer.Lines("历年申报与通过人数", "人数", ["2022年", "2023年", "2024年", "2025年", "2026年（截至目前）"],
            [new("申报", [147, 154, 143, 156, 12]), new("通过", [95, 98, 87, 97, 0])]));
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "greenchannel-trend-chart.png"), trendPng);

        Assert.Equal((0, 0, 0), (InkAtTheEdge(regionsPng), InkAtTheEdge(seriesPng), InkAtTheEdge(trendPng)));
    }

    [Fact]
    public void A_trend_of_counts_starts_at_zero_so_its_lowest_point_is_drawn_whole_and_a_fall_is_to_scale()
    {
        var plot = ChartRenderer.Lines("历年申报与通过人数", "人数", ["2022年", "2023年", "2024年", "2025年", "2026年（截至目前）"],
            [new("申报", [541, 628, 742, 728, 368]), new("通过", [344, 368, 449, 451, 218])]);
        var png = ChartRenderer.Png(plot);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "greenchannel-trend-from-zero.png"), png); // to look at

        var y = plot.Axes.Left.Range;
        Assert.Equal(0, y.Min);
        Assert.True(y.Max > 742, $"{y.Min}–{y.Max}"); // the highest point below the top edge, not on it
        Assert.Equal(0, InkAtTheEdge(png));
    }
}
