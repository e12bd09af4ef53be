using ShopPipeline.Exports.Recognition;

namespace ShopPipeline.Exports.Mapping;

/// <summary>A report the pipeline reads: the layout that recognises it and the mapper that turns its rows into canonical rows.</summary>
internal interface IReportSource
{
    ReportLayout Layout { get; }

    /// <summary>The mapping context for this source (date order, rate unit), derived from the store's.</summary>
    MappingContext Adjust(MappingContext context) => context;

    IReportMapper CreateMapper(MappingContext context);
}
