using ShopPipeline.Parquet;

namespace ShopPipeline.Tests.Parquet;

/// <summary>
/// Acceptance of the lake format: files written by our writer across every type, codec, encoding and layout are read back
/// cell for cell by three independent readers, and our reader reads what DuckDB writes.
/// </summary>
public sealed class IndependentReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private sealed record Written(string Path, string Label, List<string?[]> Rows);

    private List<Written> WriteCorpus()
    {
        var files = new List<Written>();
        var layouts = new (int Rows, int GroupRows, int PageRows)[] { (0, 1000, 100), (1, 1000, 100), (2_345, 1_000, 300) };
        foreach (var codec in new[] { ParquetCodec.Uncompressed, ParquetCodec.Snappy, ParquetCodec.Gzip })
        {
            foreach (var dictionary in new[] { DictionaryMode.Never, DictionaryMode.Always })
            {
                foreach (var nullable in new[] { false, true })
                {
                    foreach (var (rows, groupRows, pageRows) in layouts)
                    {
                        if (rows < 2 && (dictionary == DictionaryMode.Always || nullable))
                        {
                            continue;
                        }

                        var options = new ParquetWriteOptions { Codec = codec, Dictionary = dictionary, RowGroupMaxRows = groupRows, PageMaxRows = pageRows };
                        var label = CorpusData.Describe(options, nullable, rows);
                        var path = Path.Combine(_temp.Path, label.Replace('/', '_') + ".parquet");
                        files.Add(new Written(path, label, Write(path, options, nullable, rows)));
                    }
                }
            }
        }

        return files;
    }

    private static List<string?[]> Write(string path, ParquetWriteOptions options, bool nullable, int rows)
    {
        var schema = CorpusData.Schema(nullable);
        var expected = new List<string?[]>();
        using var stream = File.Create(path);
        using var writer = new ParquetFileWriter(stream, schema, options);
        for (var i = 0; i < rows; i++)
        {
            CorpusData.AppendRow(writer, i, nullable);
            expected.Add([.. schema.Columns.Select((_, c) => CorpusData.Expected(writer.Column(c), writer.Column(c).Count - 1))]);
            writer.EndRow();
        }

        writer.Complete();
        return expected;
    }

    [Theory]
    [InlineData("duckdb")]
    [InlineData("arrow")]
    [InlineData("hyparquet")]
    public void Every_cell_of_every_corpus_file_reads_back_equal_in_an_independent_reader(string reader)
    {
        var corpus = WriteCorpus();
        var answers = NodeReaders.Read(reader, [.. corpus.Select(f => f.Path)]);
        var names = CorpusData.Schema(false).Columns.Select(c => c.Name).ToArray();

        foreach (var file in corpus)
        {
            var answer = answers[file.Path];
            Assert.True(answer.GetProperty("ok").GetBoolean(), $"{reader} rejected {file.Label}: {answer}");
            Assert.Equal(file.Rows.Count, answer.GetProperty("numRows").GetInt32());
            Assert.Equal(names, answer.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToArray());
            var rows = answer.GetProperty("rows").EnumerateArray().ToList();
            for (var r = 0; r < rows.Count; r++)
            {
                var cells = rows[r].EnumerateArray().ToList();
                for (var c = 0; c < names.Length; c++)
                {
                    var actual = NodeReaders.Cell(cells[c]);
                    if (actual != file.Rows[r][c])
                    {
                        Assert.Fail($"{reader}, {file.Label}, row {r}, column {names[c]}: wrote {file.Rows[r][c] ?? "null"}, read {actual ?? "null"}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Our_reader_reads_every_cell_of_the_same_corpus_files()
    {
        var corpus = WriteCorpus();
        var names = CorpusData.Schema(false).Columns.Select(c => c.Name).ToArray();
        foreach (var file in corpus)
        {
            using var reader = ParquetFileReader.Open(file.Path);
            Assert.Equal(file.Rows.Count, reader.RowCount);
            var row = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var data = reader.ReadRowGroup(g);
                for (var r = 0; r < data.RowCount; r++, row++)
                {
                    for (var c = 0; c < names.Length; c++)
                    {
                        var actual = CorpusData.Expected(data[names[c]], r);
                        if (actual != file.Rows[row][c])
                        {
                            Assert.Fail($"{file.Label}, row {row}, column {names[c]}: wrote {file.Rows[row][c] ?? "null"}, read {actual ?? "null"}");
                        }
                    }
                }
            }

            Assert.Equal(file.Rows.Count, row);
        }
    }

    [Fact]
    public void DuckDB_sees_the_intended_sql_types()
    {
        var path = Path.Combine(_temp.Path, "types.parquet");
        Write(path, new ParquetWriteOptions(), nullable: true, rows: 10);
        var answer = NodeReaders.Read("duckdb", [path])[path];
        var types = answer.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("type").GetString());

        Assert.Equal("BOOLEAN", types["flag"]);
        Assert.Equal("TINYINT", types["tiny"]);
        Assert.Equal("SMALLINT", types["small"]);
        Assert.Equal("INTEGER", types["qty"]);
        Assert.Equal("BIGINT", types["order_id"]);
        Assert.Equal("DOUBLE", types["ratio"]);
        Assert.Equal("VARCHAR", types["store"]);
        Assert.Equal("BLOB", types["blob"]);
        Assert.Equal("DATE", types["day"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["paid_at"]);
        Assert.Equal("TIMESTAMP", types["local_time"]);
        Assert.Equal("DECIMAL(9,2)", types["price"]);
        Assert.Equal("DECIMAL(18,4)", types["amount"]);
        Assert.Equal("DECIMAL(38,6)", types["huge"]);
        Assert.Equal("UUID", types["id"]);
    }

    [Fact]
    public void Our_reader_reads_what_DuckDB_writes_with_every_codec()
    {
        var select = """
            SELECT i::INTEGER AS qty, (i * 1000003)::BIGINT AS order_id, i % 3 = 0 AS flag,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE 'store-' || (i % 13) || ' 莲心' END AS store,
                   (i / 100.0)::DECIMAL(9,2) AS price, (i * 12345.6789)::DECIMAL(18,4) AS amount,
                   CASE WHEN i % 5 = 0 THEN NULL ELSE (i::HUGEINT * 100000000000000000000)::DECIMAL(38,2) END AS huge,
                   DATE '2026-01-01' + (i % 300)::INTEGER AS day,
                   TIMESTAMPTZ '2026-11-11 00:00:00+00' + to_microseconds(i * 1234567) AS paid_at,
                   i / 7.0 AS ratio, i::SMALLINT AS small
            FROM range(5000) t(i)
            """;
        foreach (var codec in new[] { "SNAPPY", "GZIP", "UNCOMPRESSED" })
        {
            var path = Path.Combine(_temp.Path, $"duckdb-{codec}.parquet");
            var written = NodeReaders.DuckDbSql("SET TimeZone='UTC'", $"COPY ({select}) TO '{path}' (FORMAT PARQUET, COMPRESSION {codec}, ROW_GROUP_SIZE 2048)");
            Assert.True(written.GetProperty("ok").GetBoolean(), written.ToString());

            var duck = NodeReaders.Read("duckdb", [path])[path];
            var expected = duck.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(NodeReaders.Cell).ToArray()).ToList();
            var names = duck.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();

            using var reader = ParquetFileReader.Open(path);
            Assert.True(reader.RowGroupCount > 1, "DuckDB should have written several row groups");
            var row = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                var data = reader.ReadRowGroup(g);
                for (var r = 0; r < data.RowCount; r++, row++)
                {
                    for (var c = 0; c < names.Length; c++)
                    {
                        var ours = CorpusData.Expected(data[names[c]], r);
                        Assert.True(expected[row][c] == ours, $"{codec} row {row} column {names[c]}: DuckDB reads {expected[row][c]}, we read {ours}");
                    }
                }
            }

            Assert.Equal(5000, row);
        }
    }

    [Fact]
    public void DuckDB_reads_a_hive_partitioned_lake_with_the_right_partition_columns()
    {
        var lake = Path.Combine(_temp.Path, "lake");
        var stores = new[] { "lotus-tmall", "lotus-jd", "summit-shopify" };
        var expected = new Dictionary<(string, string), int>();
        var day0 = new DateOnly(2026, 11, 9);
        for (var s = 0; s < stores.Length; s++)
        {
            for (var d = 0; d < 4; d++)
            {
                var date = day0.AddDays(d);
                var count = 10 + (s * 7) + d;
                var path = Path.Combine(lake, ShopPipeline.Lake.HivePath.For("orders", stores[s], date).Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var stream = File.Create(path);
                ShopPipeline.Model.OrderLine.Parquet.WriteAll(stream, Enumerable.Range(0, count).Select(i => new ShopPipeline.Model.OrderLine
                {
                    Store = stores[s],
                    OrderId = $"{s}-{d}-{i}",
                    LineNumber = 1,
                    BusinessDate = date,
                    Quantity = 1,
                    PaidAmount = 10.5m,
                }));
                expected[(stores[s], date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))] = count;
            }
        }

        var answer = NodeReaders.DuckDbSql(
            "SELECT typeof(date) AS date_type, typeof(store) AS store_type, store, strftime(date, '%Y-%m-%d') AS date, count(*)::INTEGER AS n, sum(paid_amount)::VARCHAR AS paid, bool_and(business_date = date)::VARCHAR AS consistent FROM (SELECT * FROM read_parquet('" + lake + "/orders/**/*.parquet', hive_partitioning=true, union_by_name=false) ) GROUP BY ALL ORDER BY store, date");
        Assert.True(answer.GetProperty("ok").GetBoolean(), answer.ToString());
        var rows = answer.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(NodeReaders.Cell).ToArray()).ToList();
        Assert.Equal(expected.Count, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal("DATE", row[0]);
            Assert.Equal("VARCHAR", row[1]);
            Assert.Equal(expected[(row[2]!, row[3]!)].ToString(System.Globalization.CultureInfo.InvariantCulture), row[4]);
            Assert.Equal("true", row[6]);
        }
    }
}

public sealed class HivePathTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("lotus-tmall", "lotus-tmall")]
    [InlineData("搜索/推荐", "%E6%90%9C%E7%B4%A2%2F%E6%8E%A8%E8%8D%90")]
    [InlineData("a=b 50%", "a%3Db 50%25")]
    [InlineData("..", "%2E%2E")]
    [InlineData("", "__HIVE_DEFAULT_PARTITION__")]
    public void Partition_values_are_escaped_so_they_stay_one_path_segment(string value, string escaped)
    {
        Assert.Equal(escaped, ShopPipeline.Lake.HivePath.Escape(value));
        Assert.DoesNotContain('/', escaped);
    }

    [Fact]
    public void The_standard_lake_path_names_dataset_store_and_date()
    {
        Assert.Equal("orders/store=lotus-tmall/date=2026-11-20/part-0.parquet", ShopPipeline.Lake.HivePath.For("orders", "lotus-tmall", new DateOnly(2026, 11, 20)));
        var (dataset, partitions) = ShopPipeline.Lake.HivePath.Parse("keywords/channel=%E6%90%9C%E7%B4%A2%2F%E6%8E%A8%E8%8D%90/date=2026-11-20/part-0.parquet");
        Assert.Equal("keywords", dataset);
        Assert.Equal("搜索/推荐", partitions[0].Value);
        Assert.Equal("2026-11-20", partitions[1].Value);
    }

    [Fact]
    public void DuckDB_unescapes_unusual_partition_values_back_to_the_original_text()
    {
        var values = new[] { "搜索/推荐", "a=b 50%", "plain" };
        var lake = Path.Combine(_temp.Path, "lake");
        foreach (var value in values)
        {
            var path = Path.Combine(lake, ShopPipeline.Lake.HivePath.Build("traffic", [new("channel", value)]).Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var stream = File.Create(path);
            using var writer = new ParquetFileWriter(stream, new ParquetSchema(ParquetColumn.Int64("visitors")));
            writer.Column(0).AddInt64(value.Length);
            writer.EndRow();
        }

        var answer = NodeReaders.DuckDbSql($"SELECT channel, visitors::VARCHAR FROM read_parquet('{lake}/traffic/**/*.parquet', hive_partitioning=true) ORDER BY channel");
        Assert.True(answer.GetProperty("ok").GetBoolean(), answer.ToString());
        var channels = answer.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()).ToList();
        Assert.Equal(values.Order(StringComparer.Ordinal), channels);
    }
}
