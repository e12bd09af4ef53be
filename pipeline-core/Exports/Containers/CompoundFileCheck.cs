using System.Buffers.Binary;

namespace ShopPipeline.Exports.Containers;

/// <summary>
/// Checks that a Compound File Binary (the container of legacy .xls) is as long as its own allocation table says. A cut
/// download otherwise reads "successfully" up to the cut, because the reader treats missing sectors as empty.
/// </summary>
internal static class CompoundFileCheck
{
    private const uint FreeSector = 0xFFFFFFFF;

    /// <summary>The header lists the first 109 FAT sectors; they map the first 7 MB (512-byte sectors) or 436 MB (4 KB).</summary>
    private const int HeaderFatSlots = 109;

    /// <summary>Null when the file holds every sector its FAT uses; else the bytes the FAT needs.</summary>
    public static long? MissingBytes(Stream seekable)
    {
        var length = seekable.Length;
        var header = new byte[512];
        seekable.Position = 0;
        if (seekable.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
        {
            return 512;
        }

        var shift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30));
        if (shift is not (9 or 12))
        {
            return null;
        }

        var sectorSize = 1 << shift;
        var fatCount = Math.Clamp(BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(44)), 0, HeaderFatSlots);
        var sector = new byte[sectorSize];
        long highestUsed = -1;
        for (var k = 0; k < fatCount; k++)
        {
            var fatSector = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(76 + (k * 4)));
            if (fatSector == FreeSector)
            {
                continue;
            }

            var offset = (fatSector + 1L) * sectorSize;
            if (offset + sectorSize > length)
            {
                return offset + sectorSize;
            }

            seekable.Position = offset;
            seekable.ReadExactly(sector);
            for (var j = 0; j < sectorSize / 4; j++)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(j * 4)) != FreeSector)
                {
                    highestUsed = Math.Max(highestUsed, ((long)k * (sectorSize / 4)) + j);
                }
            }
        }

        var required = (highestUsed + 2) * sectorSize;
        return length < required ? required : null;
    }
}
