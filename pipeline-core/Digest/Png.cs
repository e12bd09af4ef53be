using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ShopPipeline.Digest;

/// <summary>
/// A small RGB raster that draws what a digest chart needs (filled rectangles and lines) and encodes itself as PNG:
/// 8-bit truecolour, no interlace, every scanline with filter type 0, one zlib IDAT (PNG specification, ISO/IEC 15948).
/// </summary>
internal sealed class Canvas
{
    private readonly byte[] _rgb;

    public Canvas(int width, int height, (byte R, byte G, byte B) background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        _rgb = new byte[width * height * 3];
        FillRect(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 3;
            return (_rgb[i], _rgb[i + 1], _rgb[i + 2]);
        }
    }

    public void SetPixel(int x, int y, (byte R, byte G, byte B) colour)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height)
        {
            return;
        }

        var i = ((y * Width) + x) * 3;
        (_rgb[i], _rgb[i + 1], _rgb[i + 2]) = colour;
    }

    public void FillRect(int x, int y, int width, int height, (byte R, byte G, byte B) colour)
    {
        for (var row = Math.Max(0, y); row < Math.Min(Height, y + height); row++)
        {
            for (var column = Math.Max(0, x); column < Math.Min(Width, x + width); column++)
            {
                SetPixel(column, row, colour);
            }
        }
    }

    /// <summary>A line <paramref name="thickness"/> pixels wide (Bresenham, with a square pen).</summary>
    public void Line(int x0, int y0, int x1, int y1, (byte R, byte G, byte B) colour, int thickness = 2)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
        var error = dx + dy;
        var offset = (thickness - 1) / 2;
        for (var step = 0; step <= (dx - dy) + 1; step++)
        {
            FillRect(x0 - offset, y0 - offset, thickness, thickness, colour);
            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            var twice = 2 * error;
            if (twice >= dy)
            {
                error += dy;
                x0 += sx;
            }

            if (twice <= dx)
            {
                error += dx;
                y0 += sy;
            }
        }
    }

    public byte[] ToPng()
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(output, "IHDR", header);

        using (var pixels = new MemoryStream())
        {
            using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
            {
                var stride = Width * 3;
                for (var y = 0; y < Height; y++)
                {
                    zlib.WriteByte(0); // filter type None
                    zlib.Write(_rgb, y * stride, stride);
                }
            }

            Chunk(output, "IDAT", pixels.ToArray());
        }

        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = new byte[4 + data.Length];
        Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        output.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(typeAndData));
        output.Write(crc);
    }
}

/// <summary>CRC-32 as PNG chunks use it (polynomial 0xEDB88320, reflected, initial and final XOR 0xFFFFFFFF).</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Build();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] Build()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}

/// <summary>The digest's inline charts: a trend line over the last days and bars of yesterday against last week and plan.</summary>
internal static class Charts
{
    private static readonly (byte, byte, byte) White = (255, 255, 255);
    private static readonly (byte, byte, byte) Grid = (229, 231, 235);
    private static readonly (byte, byte, byte) Ink = (37, 99, 235);
    private static readonly (byte, byte, byte) Muted = (156, 163, 175);
    private static readonly (byte, byte, byte) Accent = (234, 88, 12);

    /// <summary>A line through the values (a gap where one is missing) with the last point marked; a flat grey line when none.</summary>
    public static byte[] Trend(IReadOnlyList<decimal?> values, int width = 240, int height = 48)
    {
        ArgumentNullException.ThrowIfNull(values);
        var canvas = new Canvas(width, height, White);
        canvas.FillRect(0, height - 1, width, 1, Grid);
        var known = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (known.Count == 0 || values.Count < 2)
        {
            canvas.Line(4, height / 2, width - 5, height / 2, Muted, 1);
            return canvas.ToPng();
        }

        var (low, high) = (known.Min(), known.Max());
        var span = high == low ? 1m : high - low;
        int X(int i) => 4 + (int)Math.Round((width - 9) * i / (double)(values.Count - 1));
        int Y(decimal v) => height - 5 - (int)Math.Round((double)((v - low) / span) * (height - 10));
        (int X, int Y)? previous = null;
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is not { } v)
            {
                previous = null;
                continue;
            }

            var point = (X(i), Y(v));
            if (previous is { } p)
            {
                canvas.Line(p.X, p.Y, point.Item1, point.Item2, Ink);
            }

            previous = point;
        }

        if (values[^1] is { } last)
        {
            canvas.FillRect(X(values.Count - 1) - 3, Y(last) - 3, 6, 6, Accent);
        }

        return canvas.ToPng();
    }

    /// <summary>Three bars: yesterday, the same weekday last week and the plan; a missing one is left out.</summary>
    public static byte[] Bars(decimal? yesterday, decimal? lastWeek, decimal? plan, int width = 120, int height = 48)
    {
        var canvas = new Canvas(width, height, White);
        canvas.FillRect(0, height - 1, width, 1, Grid);
        var bars = new[] { (Value: yesterday, Colour: Ink), (Value: lastWeek, Colour: Muted), (Value: plan, Colour: Accent) };
        var top = bars.Max(b => b.Value ?? 0m);
        var slot = width / bars.Length;
        for (var i = 0; i < bars.Length; i++)
        {
            if (bars[i].Value is not { } v || top <= 0m || v <= 0m)
            {
                continue;
            }

            var barHeight = Math.Max(1, (int)Math.Round((double)(v / top) * (height - 4)));
            canvas.FillRect((i * slot) + (slot / 5), height - 1 - barHeight, slot * 3 / 5, barHeight, bars[i].Colour);
        }

        return canvas.ToPng();
    }
}
