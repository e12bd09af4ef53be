using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ShopPipeline.Parquet;

namespace ShopPipeline.Benchmarks;

/// <summary>Snappy compression and decompression of about 4 MiB of data shaped like Parquet page bodies.</summary>
[MemoryDiagnoser]
public class SnappyBenchmarks
{
    /// <summary>Uncompressed bytes each benchmark invocation processes, for the MB/s printed after the run.</summary>
    public const int BytesPerInvocation = 4 << 20;

    private byte[] _page = [];
    private byte[] _compressed = [];
    private byte[] _compressBuffer = [];
    private byte[] _decompressBuffer = [];

    /// <summary>Builds the page data and its compressed form once, outside the measurement.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _page = PageLikeData(BytesPerInvocation, seed: 20260501);
        _compressBuffer = new byte[Snappy.MaxCompressedLength(_page.Length)];
        _compressed = _compressBuffer.AsSpan(0, Snappy.Compress(_page, _compressBuffer)).ToArray();
        _decompressBuffer = new byte[_page.Length];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"// Snappy page data: {_page.Length} bytes compress to {_compressed.Length} ({100.0 * _compressed.Length / _page.Length:0.0} %)"));
    }

    /// <summary>Compresses the page data into a buffer of the worst-case size.</summary>
    [Benchmark]
    public int Compress() => Snappy.Compress(_page, _compressBuffer);

    /// <summary>Decompresses the compressed page data, validating every element.</summary>
    [Benchmark]
    public int Decompress() => Snappy.Decompress(_compressed, _decompressBuffer);

    // Column chunks as a writer lays them out, 16 KiB at a time: PLAIN sorted int64 timestamps and order ids,
    // bit-packed dictionary indices with repeated runs, and PLAIN UTF-8 strings drawn from small vocabularies.
    private static byte[] PageLikeData(int size, int seed)
    {
        string[] stores = ["lotus-tmall", "lotus-jd", "lotus-pdd", "summit-shopify", "summit-douyin"];
        string[] titles =
        [
            "莲心茶业 明前龙井 250g 礼盒装", "莲心茶业 安吉白茶 100g 罐装", "Summit Gear 3-season tent, 2 person",
            "Summit Gear trail running shoes", "莲心茶业 正山小种 红茶 散装 500g", "户外 冲锋衣 防水 透气 男款",
        ];
        string[] statuses = ["已付款", "已发货", "交易成功", "退款中", "paid", "shipped"];

        var random = new Random(seed);
        var data = new byte[size];
        var filled = 0;
        var timestamp = 1_780_000_000_000L;
        var orderId = 2_600_000_000L;
        const int Chunk = 16 * 1024;
        while (filled < size)
        {
            var chunk = data.AsSpan(filled, Math.Min(Chunk, size - filled));
            var at = 0;
            switch (random.Next(4))
            {
                case 0:
                    for (; at + 8 <= chunk.Length; at += 8)
                    {
                        timestamp += random.Next(0, 4000);
                        BinaryPrimitives.WriteInt64LittleEndian(chunk[at..], timestamp);
                    }

                    break;
                case 1:
                    for (; at + 8 <= chunk.Length; at += 8)
                    {
                        orderId += random.Next(1, 40);
                        BinaryPrimitives.WriteInt64LittleEndian(chunk[at..], orderId);
                    }

                    break;
                case 2:
                    // 4-bit dictionary indices: mostly packed values, now and then a run of one repeated value.
                    while (at < chunk.Length)
                    {
                        var runLength = Math.Min(chunk.Length - at, random.Next(1, 48));
                        if (random.Next(3) == 0)
                        {
                            chunk.Slice(at, runLength).Fill((byte)(random.Next(16) * 0x11));
                        }
                        else
                        {
                            for (var i = 0; i < runLength; i++)
                            {
                                chunk[at + i] = (byte)((random.Next(8) << 4) | random.Next(8));
                            }
                        }

                        at += runLength;
                    }

                    break;
                default:
                    while (at + 4 < chunk.Length)
                    {
                        var text = random.Next(3) switch
                        {
                            0 => stores[random.Next(stores.Length)],
                            1 => titles[random.Next(titles.Length)],
                            _ => statuses[random.Next(statuses.Length)],
                        };
                        var bytes = Encoding.UTF8.GetBytes(text);
                        var length = Math.Min(bytes.Length, chunk.Length - at - 4);
                        BinaryPrimitives.WriteInt32LittleEndian(chunk[at..], length);
                        bytes.AsSpan(0, length).CopyTo(chunk[(at + 4)..]);
                        at += 4 + length;
                    }

                    break;
            }

            filled += chunk.Length;
        }

        return data;
    }
}
