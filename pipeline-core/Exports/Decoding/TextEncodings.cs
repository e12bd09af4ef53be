using System.Text;

namespace ShopPipeline.Exports.Decoding;

/// <summary>The encoding of a text export, how sure the detection is, and why.</summary>
/// <param name="Encoding">Decoder to use.</param>
/// <param name="Name">Name for reports (utf-8, utf-8-bom, gb18030, windows-1252, shift_jis, utf-16le…).</param>
/// <param name="Confidence">0 to 1.</param>
/// <param name="Reason">What the decision rests on, for <c>shoppipe inspect</c>.</param>
/// <param name="PreambleLength">Bytes of byte-order mark to skip.</param>
internal sealed record DetectedEncoding(Encoding Encoding, string Name, double Confidence, string Reason, int PreambleLength = 0);

/// <summary>
/// Detects the encoding of an export from its first bytes: a byte-order mark decides at once; otherwise strict UTF-8, then
/// the legacy code pages seen in exports (GB18030 for Chinese back-ends, Windows-1252 for EU Amazon, Shift_JIS for JP)
/// are scored by how plausible the decoded text is.
/// </summary>
internal static class TextEncodings
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    /// <summary>Makes the Windows and GB code pages available to every decoder in the process, ExcelDataReader's included.</summary>
    public static void RegisterCodePages() => _ = Registered.Value;

    public static Encoding Get(string name)
    {
        _ = Registered.Value;
        return name switch
        {
            "utf-8" or "utf-8-bom" => new UTF8Encoding(false, throwOnInvalidBytes: false),
            "gb18030" or "gbk" => Encoding.GetEncoding("GB18030"),
            "windows-1252" => Encoding.GetEncoding(1252),
            "shift_jis" => Encoding.GetEncoding(932),
            "utf-16le" => Encoding.Unicode,
            "utf-16be" => Encoding.BigEndianUnicode,
            _ => throw new ArgumentException($"Unknown encoding '{name}'; use utf-8, gb18030, windows-1252, shift_jis, utf-16le or utf-16be.", nameof(name)),
        };
    }

    public static DetectedEncoding Detect(ReadOnlySpan<byte> sample)
    {
        _ = Registered.Value;
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new(Get("utf-8"), "utf-8-bom", 1.0, "UTF-8 byte-order mark", 3);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new(Encoding.Unicode, "utf-16le", 1.0, "UTF-16 little-endian byte-order mark", 2);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new(Encoding.BigEndianUnicode, "utf-16be", 1.0, "UTF-16 big-endian byte-order mark", 2);
        }

        var nonAscii = 0;
        foreach (var b in sample)
        {
            if (b >= 0x80)
            {
                nonAscii++;
            }
        }

        if (nonAscii == 0)
        {
            return new(Get("utf-8"), "utf-8", 1.0, "plain ASCII");
        }

        if (IsValidUtf8(sample))
        {
            return new(Get("utf-8"), "utf-8", 0.99, $"valid UTF-8 with {nonAscii} non-ASCII bytes");
        }

        // Legacy code pages: Latin text has isolated high bytes (é, ü, €); CJK text has them in pairs. Among pairs, Japanese
        // shows kana once decoded as Shift_JIS, Chinese falls in the GB2312 hanzi and punctuation zone.
        var (runs, isolated, gbPairs, pairs) = ByteShape(sample);
        var kana = KanaShare(sample);
        if (kana >= 0.15 && DecodesStrictly("shift_jis", sample))
        {
            return new(Get("shift_jis"), "shift_jis", Math.Min(0.99, 0.5 + kana), $"not UTF-8; {kana:P0} of the characters are kana as Shift_JIS");
        }

        var gbShare = pairs == 0 ? 0 : (double)gbPairs / pairs;
        var isolatedShare = runs == 0 ? 0 : (double)isolated / runs;
        if (isolatedShare >= 0.5 && DecodesStrictly("windows-1252", sample))
        {
            return new(Get("windows-1252"), "windows-1252", Math.Min(0.95, isolatedShare), $"not UTF-8; {isolatedShare:P0} of the non-ASCII bytes stand alone, as in Latin text");
        }

        if (DecodesStrictly("gb18030", sample))
        {
            return new(Get("gb18030"), "gb18030", Math.Max(0.5, Math.Min(0.99, gbShare)), $"not UTF-8; {gbShare:P0} of the byte pairs are GB2312 characters");
        }

        return new(Get("windows-1252"), "windows-1252", 0.3, "not UTF-8 and not valid GB18030 or Shift_JIS; read as Windows-1252, which accepts any byte");
    }

    private static (int Runs, int Isolated, int GbPairs, int Pairs) ByteShape(ReadOnlySpan<byte> sample)
    {
        int runs = 0, isolated = 0, gbPairs = 0, pairs = 0;
        var i = 0;
        while (i < sample.Length)
        {
            if (sample[i] < 0x80)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < sample.Length && sample[i] >= 0x80)
            {
                i++;
            }

            runs++;
            var length = i - start;
            if (length == 1)
            {
                isolated++;
            }

            for (var k = start; k + 1 < i; k += 2)
            {
                pairs++;
                if (sample[k] is >= 0xA1 and <= 0xF7 && sample[k + 1] is >= 0xA1 and <= 0xFE)
                {
                    gbPairs++;
                }
            }
        }

        return (runs, isolated, gbPairs, pairs);
    }

    private static double KanaShare(ReadOnlySpan<byte> sample)
    {
        var text = Get("shift_jis").GetString(sample);
        int considered = 0, kana = 0;
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                continue;
            }

            considered++;
            if (c is >= '\u3040' and <= '\u30FF')
            {
                kana++;
            }
        }

        return considered == 0 ? 0 : (double)kana / considered;
    }

    private static bool DecodesStrictly(string name, ReadOnlySpan<byte> sample)
    {
        var strict = Encoding.GetEncoding(Get(name).CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        try
        {
            // A multi-byte character cut at the end of the sample is not an error: decode without flushing.
            strict.GetDecoder().GetCharCount(sample, flush: false);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsValidUtf8(ReadOnlySpan<byte> sample)
    {
        // The sample may end inside a character: ignore an incomplete sequence at the very end.
        var end = sample.Length;
        for (var back = 1; back <= 3 && back <= sample.Length; back++)
        {
            var b = sample[^back];
            if ((b & 0xC0) == 0xC0)
            {
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                if (needed > back)
                {
                    end = sample.Length - back;
                }

                break;
            }

            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        return System.Text.Unicode.Utf8.IsValid(sample[..end]);
    }
}
