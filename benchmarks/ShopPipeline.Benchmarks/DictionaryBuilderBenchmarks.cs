using BenchmarkDotNet.Attributes;
using ShopPipeline.Parquet;
using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Benchmarks;

/// <summary>Building the dictionary of one 250 000-row column chunk, the way the writer does before each chunk.</summary>
[MemoryDiagnoser]
public class DictionaryBuilderBenchmarks
{
    private const int Rows = 250_000;

    private readonly DictionaryBuilder _builder = new();
    private readonly ColumnValues _names = new(ParquetColumn.String("product_name", nullable: true), Rows);
    private readonly ColumnValues _stores = new(ParquetColumn.String("store"), Rows);
    private readonly ColumnValues _amounts = new(ParquetColumn.Decimal("unit_price", 18, 2), Rows);

    /// <summary>5 000 Chinese product names drawn with a skew, a few nulls; 20 store ids; 3 000 distinct prices.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260501);
        string[] brands = ["莲心茶业", "峰行户外", "玉叶茗茶", "竹语家居", "山野露营", "云栖茶庄", "北境装备", "青竹生活", "溪谷咖啡", "星河数码"];
        string[] products = ["明前龙井", "安吉白茶", "冲锋衣 防水透气", "徒步登山鞋", "双人帐篷", "保温杯 316不锈钢", "挂耳咖啡", "蓝牙耳机 降噪", "户外头灯", "紫砂壶 手工"];
        string[] grades = ["特级", "一级", "经典款", "升级款", "限量版"];
        string[] packs = ["礼盒装", "罐装 250g", "家庭装", "旅行装"];
        var catalogue = Enumerable.Range(0, 5000)
            .Select(i => $"{brands[i % 10]} {products[i / 10 % 10]} {grades[i / 100 % 5]} {packs[i / 500 % 4]} {i / 2000}")
            .ToArray();
        for (var i = 0; i < Rows; i++)
        {
            _names.AddString(i % 200 == 0 ? null : catalogue[(int)(Math.Pow(random.NextDouble(), 2.2) * catalogue.Length)]);
            _stores.AddString($"store-{random.Next(20):D2}");
            _amounts.AddDecimal(new decimal(random.Next(100, 3100) * 10, 0, 0, false, 2));
        }
    }

    /// <summary>Long UTF-8 strings with a few thousand distinct values.</summary>
    [Benchmark]
    public bool ProductNames() => _builder.TryBuild(_names, 1 << 20, Rows / 2);

    /// <summary>Short strings with 20 distinct values.</summary>
    [Benchmark]
    public bool Stores() => _builder.TryBuild(_stores, 1 << 20, Rows / 2);

    /// <summary>INT64 decimals with 3 000 distinct values.</summary>
    [Benchmark]
    public bool Amounts() => _builder.TryBuild(_amounts, 1 << 20, Rows / 2);
}
