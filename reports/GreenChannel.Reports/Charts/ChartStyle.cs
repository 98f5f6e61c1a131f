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
    /// <summary>
    /// A bar chart with one bar per point: vertical with its label under it, or horizontal with its label beside it when
    /// the labels are many or long (rotated under the bars, "呼和浩特市" lost its first characters to the image's edge).
    /// </summary>
    public static Plot Bars(string title, string valueAxis, IReadOnlyList<ChartPoint> points)
    {
        var plot = ChartStyle.NewPlot();
        var labels = points.Select(p => p.Label).ToList();
        var horizontal = Horizontal(labels);
        var bars = plot.Add.Bars(points.Select((p, i) => new Bar
        {
            Position = Slot(i, labels.Count, horizontal), Value = p.Value, Size = 0.8, FillColor = Palette[0],
            Label = p.Value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        }).ToList());
        bars.Horizontal = horizontal;
        bars.ValueLabelStyle.FontName = CjkFont.Family;
        Label(plot, title, valueAxis, labels, horizontal);
        return plot;
    }

    /// <summary>Long or many labels go beside horizontal bars, where each has a line of its own.</summary>
    private static bool Horizontal(IReadOnlyList<string> labels) => labels.Count > 8 || labels.Any(l => Excel.WorkbookStyle.DisplayWidth(l) > 10);

    /// <summary>The position of the <paramref name="i"/>-th label: left to right, or (horizontal) top to bottom.</summary>
    private static double Slot(int i, int count, bool horizontal) => horizontal ? count - 1 - i : i;

    // As many colours as the most series a chart has (the funnel's eight states) and some more: a colour used twice
    // made two states read as one.
    private static readonly Color[] Palette =
    [
        Color.FromHex("#4472C4"), Color.FromHex("#ED7D31"), Color.FromHex("#A5A5A5"), Color.FromHex("#FFC000"), Color.FromHex("#70AD47"),
        Color.FromHex("#C00000"), Color.FromHex("#7030A0"), Color.FromHex("#00B0F0"), Color.FromHex("#8B5A2B"), Color.FromHex("#FF66CC"),
    ];

    /// <summary>One named series of values over the same labels (e.g. applications and passes per region).</summary>
    public sealed record Series(string Name, IReadOnlyList<double> Values);

    /// <summary>Bars side by side for each label, one colour per series, with a legend.</summary>
    public static Plot GroupedBars(string title, string valueAxis, IReadOnlyList<string> labels, IReadOnlyList<Series> series)
    {
        var plot = ChartStyle.NewPlot();
        var horizontal = Horizontal(labels);
        var width = 0.8 / Math.Max(1, series.Count);
        var bars = new List<Bar>();
        for (var s = 0; s < series.Count; s++)
        {
            for (var i = 0; i < labels.Count; i++)
            {
                var value = i < series[s].Values.Count ? series[s].Values[i] : 0;
                bars.Add(new Bar
                {
                    // horizontal: the first series on top within its label's line, as the legend lists them
                    Position = horizontal ? Slot(i, labels.Count, true) + 0.4 - (width * (s + 0.5)) : i - 0.4 + (width * (s + 0.5)),
                    Value = value, Size = width * 0.95, FillColor = Palette[s % Palette.Length],
                    Label = value.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
                });
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = Palette[s % Palette.Length] });
        }

        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = horizontal;
        plottable.ValueLabelStyle.FontName = CjkFont.Family;
        Label(plot, title, valueAxis, labels, horizontal);
        plot.ShowLegend(Edge.Top);
        plot.Legend.FontName = CjkFont.Family;
        return plot;
    }

    /// <summary>One bar per label made of the series stacked on each other (a funnel by state), with a legend.</summary>
    public static Plot StackedBars(string title, string valueAxis, IReadOnlyList<string> labels, IReadOnlyList<Series> series)
    {
        var plot = ChartStyle.NewPlot();
        var bars = new List<Bar>();
        var bases = new double[labels.Count];
        for (var s = 0; s < series.Count; s++)
        {
            for (var i = 0; i < labels.Count; i++)
            {
                var value = i < series[s].Values.Count ? series[s].Values[i] : 0;
                if (value > 0)
                {
                    bars.Add(new Bar { Position = i, ValueBase = bases[i], Value = bases[i] + value, Size = 0.6, FillColor = Palette[s % Palette.Length] });
                }

                bases[i] += value;
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = Palette[s % Palette.Length] });
        }

        plot.Add.Bars(bars);
        for (var i = 0; i < labels.Count; i++)
        {
            var total = plot.Add.Text(bases[i].ToString("0", System.Globalization.CultureInfo.InvariantCulture), i, bases[i]);
            total.LabelFontName = CjkFont.Family;
            total.LabelAlignment = Alignment.LowerCenter;
        }

        Label(plot, title, valueAxis, labels);
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontName = CjkFont.Family;
        return plot;
    }

    /// <summary>One line per series over the labels (a trend), with a legend.</summary>
    public static Plot Lines(string title, string valueAxis, IReadOnlyList<string> labels, IReadOnlyList<Series> series)
    {
        var plot = ChartStyle.NewPlot();
        var xs = Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray();
        for (var s = 0; s < series.Count; s++)
        {
            var line = plot.Add.Scatter(xs, series[s].Values.ToArray());
            line.LegendText = series[s].Name;
            line.Color = Palette[s % Palette.Length];
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }

        // Counts start at zero: otherwise the lowest point sits on the plot's lower edge, half cut off, and a fall looks
        // like a collapse. A transparent point at zero widens the automatic range to it.
        var zero = plot.Add.Scatter(new[] { 0.0 }, new[] { 0.0 });
        zero.Color = ScottPlot.Colors.Transparent;
        zero.MarkerSize = 0;
        Label(plot, title, valueAxis, labels);
        // Room at the sides: the first and last labels are centred on their points ("2026年（截至目前）" ran off the edge).
        plot.Axes.Margins(left: 0.12, right: 0.16, bottom: 0, top: 0.08);
        plot.ShowLegend(Edge.Top);
        plot.Legend.FontName = CjkFont.Family;
        return plot;
    }

    private static void Label(Plot plot, string title, string valueAxis, IReadOnlyList<string> labels, bool horizontal = false)
    {
        var positions = Enumerable.Range(0, labels.Count).Select(i => Slot(i, labels.Count, horizontal)).ToArray();
        var (labelAxis, valueAxisOf) = horizontal ? ((IAxis)plot.Axes.Left, (IAxis)plot.Axes.Bottom) : (plot.Axes.Bottom, plot.Axes.Left);
        labelAxis.SetTicks(positions, labels.ToArray());
        labelAxis.MajorTickStyle.Length = 0;
        // counts of people: whole-number ticks only
        valueAxisOf.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        if (horizontal)
        {
            plot.Axes.Margins(left: 0);
            plot.XLabel(valueAxis);
        }
        else
        {
            plot.Axes.Margins(bottom: 0);
            plot.YLabel(valueAxis);
        }

        plot.Title(title);
        plot.Font.Set(CjkFont.Family);
    }

    public static byte[] Png(Plot plot, int width = 800, int height = 450) => plot.GetImageBytes(width, height, ImageFormat.Png);

    public static string Svg(Plot plot, int width = 800, int height = 450) => plot.GetSvgXml(width, height);
}
