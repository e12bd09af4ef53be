using ShopPipeline.Parquet;

namespace ShopPipeline.Tests.Parquet;

public sealed class RoundTripTests
{
    public static TheoryData<ParquetCodec, DictionaryMode, bool, int> Matrix()
    {
        var data = new TheoryData<ParquetCodec, DictionaryMode, bool, int>();
        foreach (var codec in new[] { ParquetCodec.Uncompressed, ParquetCodec.Snappy, ParquetCodec.Gzip })
        {
            foreach (var dictionary in new[] { DictionaryMode.Never, DictionaryMode.Always, DictionaryMode.Auto })
            {
                foreach (var nullable in new[] { false, true })
                {
                    data.Add(codec, dictionary, nullable, 2_500);
                }
            }
        }

        data.Add(ParquetCodec.Snappy, DictionaryMode.Auto, true, 0);
        data.Add(ParquetCodec.Snappy, DictionaryMode.Auto, true, 1);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Our_reader_reads_back_every_cell_our_writer_wrote(ParquetCodec codec, DictionaryMode dictionary, bool nullable, int rows)
    {
        var options = new ParquetWriteOptions { Codec = codec, Dictionary = dictionary, RowGroupMaxRows = 1_000, PageMaxRows = 300 };
        var schema = CorpusData.Schema(nullable);
        using var file = new MemoryStream();
        var expected = new List<string?[]>();
        using (var writer = new ParquetFileWriter(file, schema, options))
        {
            for (var i = 0; i < rows; i++)
            {
                CorpusData.AppendRow(writer, i, nullable);
                expected.Add(schema.Columns.Select((c, ci) => CorpusData.Expected(writer.Column(ci), writer.Column(ci).Count - 1)).ToArray());
                writer.EndRow();
            }
        }

        file.Position = 0;
        using var reader = ParquetFileReader.Open(file, "corpus.parquet");
        Assert.Equal(rows, reader.RowCount);
        Assert.Equal((rows + 999) / 1000, reader.RowGroupCount);
        var row = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var data = reader.ReadRowGroup(g);
            for (var r = 0; r < data.RowCount; r++, row++)
            {
                for (var c = 0; c < schema.Columns.Count; c++)
                {
                    Assert.True(expected[row][c] == CorpusData.Expected(data[schema.Columns[c].Name], r), $"row {row} column {schema.Columns[c].Name}: expected {expected[row][c]}, read {CorpusData.Expected(data[schema.Columns[c].Name], r)}");
                }
            }
        }

        Assert.Equal(rows, row);
    }
}
