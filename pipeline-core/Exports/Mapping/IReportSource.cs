using ShopPipeline.Exports.Recognition;
using ShopPipeline.Lake;

namespace ShopPipeline.Exports.Mapping;

/// <summary>A report the pipeline reads: the layout that recognises it and the mapper that turns its rows into canonical rows.</summary>
internal interface IReportSource
{
    ReportLayout Layout { get; }

    /// <summary>The mapping context for this source (date order, rate unit), derived from the store's.</summary>
    MappingContext Adjust(MappingContext context) => context;

    /// <summary>
    /// What this file is about when the file rather than its rows names it (one product's source detail, the period of a
    /// report without dates), as <see cref="ReportScope.SubjectOf"/> writes it; null for a report that covers the whole store.
    /// Files of one report about different subjects are kept side by side in the lake; <paramref name="header"/> is the
    /// recognised header, before any data row.
    /// </summary>
    string? SubjectOf(MappingContext context, SourceRow header) => null;

    IReportMapper CreateMapper(MappingContext context);
}
