using GreenChannel.Reports.Fonts;
using ScottPlot;

namespace GreenChannel.Reports.Charts;

/// <summary>The one place charts get their font: registered from the file once, then named on every plot.</summary>
public static class ChartStyle
{
    private static readonly Lazy<string> Registered = new(() =>
    {
        ScottPlot.Fonts.AddFontFile(CjkFont.Family, CjkFont.FilePath);
        return CjkFont.Family;
    });

    /// <summary>A new plot whose every text (title, axes, ticks, legend) uses the CJK font.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set(Registered.Value);
        return plot;
    }
}

/// <summary>A labelled value, e.g. one region and its number of applications.</summary>
public sealed record ChartPoint(string Label, double Value);

/// <summary>Rendered chart bytes in the two formats the pages and the annual report use.</summary>
public static class ChartRenderer
{
    /// <summary>A vertical bar chart with one bar per point and its label under it.</summary>
    public static Plot Bars(string title, string valueAxis, IReadOnlyList<ChartPoint> points)
    {
        var plot = ChartStyle.NewPlot();
        var bars = plot.Add.Bars(points.Select(p => p.Value).ToArray());
        foreach (var bar in bars.Bars)
        {
            bar.Label = bar.Value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        }

        bars.ValueLabelStyle.FontName = CjkFont.Family;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, points.Count).Select(i => (double)i).ToArray(), points.Select(p => p.Label).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = points.Count > 8 ? -45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = points.Count > 8 ? Alignment.MiddleRight : Alignment.UpperCenter;
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel(valueAxis);
        plot.Font.Set(CjkFont.Family);
        return plot;
    }

    public static byte[] Png(Plot plot, int width = 800, int height = 450) => plot.GetImageBytes(width, height, ImageFormat.Png);

    public static string Svg(Plot plot, int width = 800, int height = 450) => plot.GetSvgXml(width, height);
}
