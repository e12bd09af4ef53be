using ShopPipeline.Parquet;

namespace ShopPipeline.Model;

/// <summary>A row of a lake dataset: it knows the store-local date that decides its partition.</summary>
internal interface ILakeRow
{
    /// <summary>The date partition the row belongs to (store-local business date).</summary>
    DateOnly PartitionDate { get; }
}

/// <summary>A lake dataset without its row type, for code that handles every dataset alike.</summary>
internal interface IDataset
{
    string Name { get; }

    ParquetSchema Schema { get; }
}

/// <summary>A canonical lake dataset: its name (the first folder of its partition paths) and how its rows map to Parquet.</summary>
internal sealed class Dataset<T>(string name, ParquetMap<T> map) : IDataset
    where T : ILakeRow
{
    public string Name { get; } = name;

    public ParquetMap<T> Map { get; } = map;

    public ParquetSchema Schema => Map.Schema;

    public override string ToString() => Name;
}

/// <summary>Every canonical dataset the ingestion writes, partitioned by store and date.</summary>
internal static class Datasets
{
    public static Dataset<Order> Orders { get; } = new("orders", Order.Parquet);

    public static Dataset<OrderLine> OrderLines { get; } = new("order_lines", OrderLine.Parquet);

    public static Dataset<Refund> Refunds { get; } = new("refunds", Refund.Parquet);

    public static Dataset<StoreTrafficDay> StoreTraffic { get; } = new("store_traffic", StoreTrafficDay.Parquet);

    public static Dataset<TrafficSourceDay> TrafficSources { get; } = new("traffic_sources", TrafficSourceDay.Parquet);

    public static Dataset<KeywordDay> Keywords { get; } = new("keywords", KeywordDay.Parquet);

    public static Dataset<ProductDay> Products { get; } = new("product_days", ProductDay.Parquet);

    public static Dataset<AdDay> Ads { get; } = new("ads", AdDay.Parquet);

    public static Dataset<InventorySnapshot> Inventory { get; } = new("inventory", InventorySnapshot.Parquet);

    public static Dataset<PlanTarget> Plans { get; } = new("plans", PlanTarget.Parquet);

    public static Dataset<ReportedKpi> ReportedKpis { get; } = new("reported_kpis", ReportedKpi.Parquet);

    public static IReadOnlyList<IDataset> All { get; } =
        [Orders, OrderLines, Refunds, StoreTraffic, TrafficSources, Keywords, Products, Ads, Inventory, Plans, ReportedKpis];
}
