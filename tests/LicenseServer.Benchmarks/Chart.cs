using System.Globalization;
using System.Net;
using System.Text;

namespace LicenseServer.Benchmarks;

/// <summary>
/// A hand-written SVG: one line per scenario load, with horizontal bars for the server and its reference, in two
/// panels on log scales (requests per second, and p99 latency in ms). Each bar is labelled with its value.
/// </summary>
public static class Chart
{
    private const int LabelWidth = 230;
    private const int PanelWidth = 330;
    private const int PanelGap = 60;
    private const int RowHeight = 36;
    private const int Top = 70;
    private const string ServerColor = "#2f6fb3";
    private const string ReferenceColor = "#a0a7b0";

    public static string Svg(BenchReport report)
    {
        // One row per scenario load, against its first reference (validate-key's R1 row is in the table only).
        var rows = report.Rows.GroupBy(r => r.Label).Select(g => g.First()).ToList();
        var width = LabelWidth + (2 * PanelWidth) + PanelGap + 90;
        var height = Top + (rows.Count * RowHeight) + 60;
        var svg = new StringBuilder();
        svg.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        svg.AppendLine(Invariant($"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>"));
        svg.AppendLine(Invariant($"<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">LicenseServer vs reference host ({report.Licenses:N0} licenses, {report.Date:yyyy-MM-dd}, {Escape(report.Commit)})</text>"));
        Legend(svg, 10, 44);

        var left = LabelWidth;
        var right = LabelWidth + PanelWidth + PanelGap;
        Panel(svg, left, "Throughput, req/s (log scale)", rows, r => r.RequestsPerSecond, r => r.ReferenceRequestsPerSecond, "N0");
        Panel(svg, right, "p99 latency, ms (log scale)", rows, r => r.P99Ms, r => r.ReferenceP99Ms, "G3");
        for (var i = 0; i < rows.Count; i++)
        {
            var y = Top + (i * RowHeight);
            var label = rows[i].DelayMs > 0 ? $"{rows[i].Label} (half load)" : rows[i].Label;
            svg.AppendLine(Invariant($"<text x=\"{LabelWidth - 10}\" y=\"{y + 16}\" text-anchor=\"end\">{Escape(label)}</text>"));
            svg.AppendLine(Invariant($"<text x=\"{LabelWidth - 10}\" y=\"{y + 29}\" text-anchor=\"end\" fill=\"#666\" font-size=\"10\">vs {Escape(rows[i].Reference)}</text>"));
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Legend(StringBuilder svg, int x, int y)
    {
        svg.AppendLine(Invariant($"<rect x=\"{x}\" y=\"{y - 10}\" width=\"12\" height=\"12\" fill=\"{ServerColor}\"/><text x=\"{x + 18}\" y=\"{y}\">LicenseServer</text>"));
        svg.AppendLine(Invariant($"<rect x=\"{x + 130}\" y=\"{y - 10}\" width=\"12\" height=\"12\" fill=\"{ReferenceColor}\"/><text x=\"{x + 148}\" y=\"{y}\">reference (R1/R2 read, R3 write)</text>"));
    }

    private static void Panel(StringBuilder svg, int x, string title, IReadOnlyList<Row> rows, Func<Row, double> server, Func<Row, double> reference, string format)
    {
        var values = rows.SelectMany(r => new[] { server(r), reference(r) }).Where(v => v > 0).ToList();
        var low = values.Count == 0 ? 0 : Math.Floor(Math.Log10(values.Min()));
        var high = values.Count == 0 ? 1 : Math.Ceiling(Math.Log10(values.Max()));
        if (high <= low)
        {
            high = low + 1;
        }

        double Scale(double v) => v <= 0 ? 0 : PanelWidth * (Math.Log10(v) - low) / (high - low);

        var bottom = Top + (rows.Count * RowHeight);
        svg.AppendLine(Invariant($"<text x=\"{x}\" y=\"{Top - 10}\" font-weight=\"bold\">{Escape(title)}</text>"));
        for (var e = low; e <= high; e++)
        {
            var tx = x + Scale(Math.Pow(10, e));
            svg.AppendLine(Invariant($"<line x1=\"{tx:F1}\" y1=\"{Top}\" x2=\"{tx:F1}\" y2=\"{bottom}\" stroke=\"#ddd\"/>"));
            svg.AppendLine(Invariant($"<text x=\"{tx:F1}\" y=\"{bottom + 16}\" text-anchor=\"middle\" fill=\"#555\">{Tick(e)}</text>"));
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var y = Top + (i * RowHeight) + 4;
            Bar(svg, x, y, Scale(server(rows[i])), server(rows[i]), ServerColor, format);
            Bar(svg, x, y + 14, Scale(reference(rows[i])), reference(rows[i]), ReferenceColor, format);
        }
    }

    private static void Bar(StringBuilder svg, int x, int y, double length, double value, string color, string format)
    {
        svg.AppendLine(Invariant($"<rect x=\"{x}\" y=\"{y}\" width=\"{Math.Max(length, 1):F1}\" height=\"12\" fill=\"{color}\"/>"));
        svg.AppendLine(Invariant($"<text x=\"{x + Math.Max(length, 1) + 4:F1}\" y=\"{y + 10}\" font-size=\"10\">{value.ToString(format, CultureInfo.InvariantCulture)}</text>"));
    }

    private static string Tick(double exponent)
    {
        var value = Math.Pow(10, exponent);
        return value switch
        {
            >= 1_000_000 => Invariant($"{value / 1_000_000:G}M"),
            >= 1_000 => Invariant($"{value / 1_000:G}k"),
            _ => value.ToString("G", CultureInfo.InvariantCulture),
        };
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
