using GreenChannel.Statistics.Contracts;
using ScottPlot;

namespace GreenChannel.Reports.Charts;

/// <summary>The dashboard's charts, the same on the page, as downloads and in the annual report.</summary>
public static class DashboardCharts
{
    public static readonly IReadOnlyList<string> Names = ["regions", "categories", "series", "funnel", "trend"];

    /// <summary>The chart named <paramref name="name"/>, or null for an unknown name.</summary>
    public static Plot? For(string name, Dashboard d) => name switch
    {
        "regions" => ChartRenderer.GroupedBars("各盟市申报与通过人数", "人数", d.ByRegion.Select(l => l.Name).ToList(),
            [new("申报", d.ByRegion.Select(l => (double)l.Applied).ToList()), new("通过", d.ByRegion.Select(l => (double)l.Passed).ToList())]),
        "categories" => ChartRenderer.GroupedBars("各人才类别申报与通过人数", "人数", d.ByCategory.Select(l => l.Key + "类").ToList(),
            [new("申报", d.ByCategory.Select(l => (double)l.Applied).ToList()), new("通过", d.ByCategory.Select(l => (double)l.Passed).ToList())]),
        "series" => ChartRenderer.Bars("各职称系列申报人数", "人数",
            d.BySeries.Where(l => l.Applied > 0).DefaultIfEmpty(new CountLine("-", "无数据", 0, 0, 0, 0, null)).Select(l => new ChartPoint(l.Name, l.Applied)).ToList()),
        "funnel" => Funnel(d.Kpis),
        "trend" => ChartRenderer.Lines("历年申报与通过人数", "人数", d.Trend.Select(p => p.Label).ToList(),
            [new("申报", d.Trend.Select(p => (double)p.Applied).ToList()), new("通过", d.Trend.Select(p => (double)p.Passed).ToList())]),
        _ => null,
    };

    /// <summary>
    /// The funnel by state: applied, qualified, evaluated and passed, each bar made of the states its applications are in
    /// now (a returned or cancelled application stops at the first bar; a failure, or a pass still awaiting its results notice, at the third).
    /// </summary>
    private static Plot Funnel(Kpis k)
    {
        var pending = k.AwaitingConfirmation;
        var waiting = k.Qualified - k.Evaluated - pending;
        var failed = k.Evaluated - k.Passed;
        return ChartRenderer.StackedBars("评审各环节人数（按当前状态）", "人数", ["申报", "资格审核通过", "参加评审", "评审通过"],
        [
            new("评审通过", [k.Passed, k.Passed, k.Passed, k.Passed]),
            new("评审通过待公示确认", [pending, pending, pending, 0]),
            new("评审未通过", [failed, failed, failed, 0]),
            new("待评审", [waiting, waiting, 0, 0]),
            new("审核中", [k.InReview, 0, 0, 0]),
            new("已退回", [k.Returned, 0, 0, 0]),
            new("已取消资格", [k.Cancelled, 0, 0, 0]),
            new("名册导入", [k.Imported, 0, 0, 0]),
        ]);
    }
}
