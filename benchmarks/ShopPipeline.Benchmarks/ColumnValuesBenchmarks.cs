using BenchmarkDotNet.Attributes;
using ShopPipeline.Parquet;

namespace ShopPipeline.Benchmarks;

/// <summary>Appending 100 000 values to a writer's column buffer: the per-cell cost of writing a row.</summary>
[MemoryDiagnoser]
public class ColumnValuesBenchmarks
{
    private const int Count = 100_000;

    private readonly ColumnValues _decimals = new(ParquetColumn.Decimal("paid_amount", 18, 2), Count);
    private readonly ColumnValues _strings = new(ParquetColumn.String("product_name", nullable: true), Count);
    private readonly ColumnValues _timestamps = new(ParquetColumn.Timestamp("paid_at", nullable: true), Count);
    private decimal[] _amounts = [];
    private string?[] _names = [];
    private DateTimeOffset[] _instants = [];

    /// <summary>Builds the values once: prices with two decimals, Chinese product names with a few nulls, instants.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20260501);
        string[] names = ["莲心茶业 明前龙井 特级 礼盒装", "峰行户外 冲锋衣 防水透气 经典款 家庭装", "Summit Gear trail running shoes", "竹语家居 竹制砧板 一级 旅行装"];
        _amounts = [.. Enumerable.Range(0, Count).Select(_ => new decimal(random.Next(1, 10_000_000), 0, 0, false, 2))];
        _names = [.. Enumerable.Range(0, Count).Select(i => i % 97 == 0 ? null : names[random.Next(names.Length)])];
        _instants = [.. Enumerable.Range(0, Count).Select(i => DateTimeOffset.UnixEpoch.AddTicks(17_500_000_000_000_000 + (i * 26_000_000L)))];
    }

    /// <summary>DECIMAL(18,2) amounts into an INT64 column.</summary>
    [Benchmark]
    public int AddDecimal()
    {
        _decimals.Clear();
        foreach (var amount in _amounts)
        {
            _decimals.AddDecimal(amount);
        }

        return _decimals.Count;
    }

    /// <summary>Nullable strings, UTF-8 encoded into the byte pool.</summary>
    [Benchmark]
    public int AddString()
    {
        _strings.Clear();
        foreach (var name in _names)
        {
            _strings.AddString(name);
        }

        return _strings.Count;
    }

    /// <summary>Nullable microsecond timestamps.</summary>
    [Benchmark]
    public int AddTimestamp()
    {
        _timestamps.Clear();
        foreach (var instant in _instants)
        {
            _timestamps.AddTimestamp(instant);
        }

        return _timestamps.Count;
    }
}
