using System.IO.Compression;

namespace ShopPipeline.Parquet.Format;

/// <summary>Compresses and decompresses page bodies; each page is one Snappy block or one gzip member.</summary>
internal static class PageCompression
{
    public static void Compress(ParquetCodec codec, ReadOnlySpan<byte> body, ByteBuffer output, CompressionLevel gzipLevel)
    {
        switch (codec)
        {
            case ParquetCodec.Uncompressed:
                output.Write(body);
                break;
            case ParquetCodec.Snappy:
                var span = output.GetSpan(Snappy.MaxCompressedLength(body.Length));
                output.Advance(Snappy.Compress(body, span));
                break;
            case ParquetCodec.Gzip:
                using (var scratch = new MemoryStream(body.Length / 2))
                {
                    using (var gzip = new GZipStream(scratch, gzipLevel, leaveOpen: true))
                    {
                        gzip.Write(body);
                    }

                    output.Write(scratch.GetBuffer().AsSpan(0, (int)scratch.Length));
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(codec), codec, "The writer supports UNCOMPRESSED, SNAPPY and GZIP.");
        }
    }

    /// <summary>Decompresses into exactly <paramref name="output"/>.Length bytes, or throws naming the mismatch.</summary>
    public static void Decompress(ParquetCodec codec, byte[] input, int offset, int count, Span<byte> output, string where)
    {
        switch (codec)
        {
            case ParquetCodec.Uncompressed:
                if (count != output.Length)
                {
                    throw new ParquetFormatException($"{where}: an uncompressed page of {count} bytes declares {output.Length}.");
                }

                input.AsSpan(offset, count).CopyTo(output);
                return;
            case ParquetCodec.Snappy:
                try
                {
                    var declared = Snappy.GetUncompressedLength(input.AsSpan(offset, count));
                    if (declared != output.Length)
                    {
                        throw new ParquetFormatException($"{where}: the Snappy block holds {declared} bytes but the page header declares {output.Length}.");
                    }

                    var written = Snappy.Decompress(input.AsSpan(offset, count), output);
                    if (written != output.Length)
                    {
                        throw new ParquetFormatException($"{where}: Snappy produced {written} bytes, the page header declares {output.Length}.");
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new ParquetFormatException($"{where}: {e.Message}", e);
                }

                return;
            case ParquetCodec.Gzip:
                if (count < 2 || input[offset] != 0x1F || input[offset + 1] != 0x8B)
                {
                    throw NotGzip(input.AsSpan(offset, count), where);
                }

                try
                {
                    using var source = new MemoryStream(input, offset, count, writable: false);
                    using var gzip = new GZipStream(source, CompressionMode.Decompress);
                    var total = 0;
                    while (total < output.Length)
                    {
                        var read = gzip.Read(output[total..]);
                        if (read == 0)
                        {
                            throw new ParquetFormatException($"{where}: gzip data ends after {total} of the {output.Length} bytes the page header declares.");
                        }

                        total += read;
                    }

                    Span<byte> probe = stackalloc byte[1];
                    if (gzip.Read(probe) != 0)
                    {
                        throw new ParquetFormatException($"{where}: gzip data is longer than the {output.Length} bytes the page header declares.");
                    }
                }
                catch (InvalidDataException e)
                {
                    throw new ParquetFormatException($"{where}: the gzip data is corrupt ({e.Message}).", e);
                }

                return;
            default:
                throw new ParquetFormatException($"{where}: compression codec {codec} is not supported; this reader handles UNCOMPRESSED, SNAPPY and GZIP. Re-export with one of those.");
        }
    }

    // GZipStream reports a missing signature as an archive 'compressed using an unsupported compression method', which
    // sends the reader looking in the wrong place; some writers label zlib or raw deflate pages GZIP.
    private static ParquetFormatException NotGzip(ReadOnlySpan<byte> page, string where)
    {
        var start = Convert.ToHexString(page[..Math.Min(2, page.Length)]);
        var zlib = page.Length >= 2 && (page[0] & 0x0F) == 8 && ((page[0] << 8) | page[1]) % 31 == 0;
        return new ParquetFormatException(zlib
            ? $"{where}: the page holds zlib data (it starts with {start}), not gzip (1F8B); the writer labelled zlib output GZIP. Re-export the file."
            : $"{where}: the page is not gzip data: it starts with {start}, not the gzip signature 1F8B (raw deflate or another format?). Re-export the file.");
    }
}
