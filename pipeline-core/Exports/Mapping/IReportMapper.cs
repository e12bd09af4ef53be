using ShopPipeline.Model;

namespace ShopPipeline.Exports.Mapping;

/// <summary>Receives the canonical rows a mapper produces.</summary>
internal interface IRowSink
{
    void Add<T>(Dataset<T> dataset, T row)
        where T : ILakeRow;
}

/// <summary>
/// Turns the rows of one recognised export into canonical rows. One instance reads one file, so it may keep state across
/// rows (Shopify writes order fields only on an order's first line). It must emit nothing built from a row that has issues;
/// it may emit what it holds from earlier rows (an order that the next order's first row completes).
/// </summary>
internal interface IReportMapper
{
    void Map(SourceRow row, IRowSink sink);

    /// <summary>Emits what is still held when the file ends; mappers that hold nothing across rows keep this default.</summary>
    void Complete(IRowSink sink)
    {
    }
}
