using ShopPipeline.Exports.Mapping;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources;

/// <summary>The unit of a figure a platform reports, as <see cref="ReportedKpi.Unit"/> stores it.</summary>
internal enum FigureUnit
{
    Amount,
    Count,
    Rate,
    Seconds,
}

/// <summary>One figure of a shop-level report kept as a <see cref="ReportedKpi"/>: the layout column, our metric name, its unit.</summary>
internal sealed record ReportedFigure(string Column, string Metric, FigureUnit Unit);

/// <summary>Reads a row's reported figures, so a mapper can check the row for issues before it emits any of them.</summary>
internal static class ReportedFigures
{
    public static List<(ReportedFigure Figure, decimal Value)> Read(SourceRow row, IEnumerable<ReportedFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(row);
        var values = new List<(ReportedFigure, decimal)>();
        foreach (var figure in figures.Where(f => row.Has(f.Column)))
        {
            var value = figure.Unit switch
            {
                FigureUnit.Amount => row.Amount(figure.Column),
                FigureUnit.Count => row.Count(figure.Column),
                FigureUnit.Rate => row.Rate(figure.Column),
                _ => (decimal?)row.Seconds(figure.Column),
            };
            if (value is { } v)
            {
                values.Add((figure, v));
            }
        }

        return values;
    }

    public static ReportedKpi ToKpi(this (ReportedFigure Figure, decimal Value) read, SourceRow row, DateOnly date, string reportId) => new()
    {
        Store = row.Context.StoreId,
        Date = date,
        PeriodEnd = date,
        Metric = read.Figure.Metric,
        PlatformName = row.HeaderOf(read.Figure.Column),
        Value = read.Value,
        Unit = read.Figure.Unit.ToString().ToLowerInvariant(),
        SourceReport = reportId,
    };
}
