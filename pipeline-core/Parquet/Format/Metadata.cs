namespace ShopPipeline.Parquet.Format;

// The parquet.thrift structs this codec reads and writes, with only the fields it uses. Field ids follow the
// specification; unknown fields are skipped on read so files from newer writers still open.

/// <summary>Time unit of TIME and TIMESTAMP logical types.</summary>
internal enum TimeUnit
{
    Millis = 1,
    Micros = 2,
    Nanos = 3,
}

/// <summary>Kinds of the LogicalType union.</summary>
internal enum LogicalKind
{
    String = 1,
    Map = 2,
    List = 3,
    Enum = 4,
    Decimal = 5,
    Date = 6,
    Time = 7,
    Timestamp = 8,
    Integer = 10,
    Unknown = 11,
    Json = 12,
    Bson = 13,
    Uuid = 14,
    Float16 = 15,
    Other = 99,
}

internal sealed record LogicalType(LogicalKind Kind, int Scale = 0, int Precision = 0, bool IsAdjustedToUtc = false, TimeUnit Unit = TimeUnit.Micros, int BitWidth = 0, bool IsSigned = true)
{
    public void Write(ThriftWriter w)
    {
        w.StructBegin();
        switch (Kind)
        {
            case LogicalKind.Decimal:
                w.StructField((short)Kind);
                w.I32Field(1, Scale);
                w.I32Field(2, Precision);
                w.StructEnd();
                break;
            case LogicalKind.Time or LogicalKind.Timestamp:
                w.StructField((short)Kind);
                w.BoolField(1, IsAdjustedToUtc);
                w.StructField(2);
                w.StructField((short)Unit);
                w.StructEnd();
                w.StructEnd();
                w.StructEnd();
                break;
            case LogicalKind.Integer:
                w.StructField((short)Kind);
                w.ByteField(1, (sbyte)BitWidth);
                w.BoolField(2, IsSigned);
                w.StructEnd();
                break;
            default:
                w.StructField((short)Kind);
                w.StructEnd();
                break;
        }

        w.StructEnd();
    }

    public static LogicalType Read(ThriftReader r)
    {
        LogicalType? result = null;
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            if (type != ThriftType.Struct)
            {
                r.Skip(type);
                continue;
            }

            result = id switch
            {
                5 => ReadDecimal(r),
                7 or 8 => ReadTime(r, (LogicalKind)id),
                10 => ReadInteger(r),
                1 or 2 or 3 or 4 or 6 or 11 or 12 or 13 or 14 or 15 => SkipEmpty(r, (LogicalKind)id),
                _ => SkipEmpty(r, LogicalKind.Other),
            };
        }

        r.StructEnd();
        return result ?? new LogicalType(LogicalKind.Other);
    }

    private static LogicalType SkipEmpty(ThriftReader r, LogicalKind kind)
    {
        r.Skip(ThriftType.Struct);
        return new LogicalType(kind);
    }

    private static LogicalType ReadDecimal(ThriftReader r)
    {
        int? scale = null, precision = null;
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: scale = r.ReadI32(type); break;
                case 2: precision = r.ReadI32(type); break;
                default: r.Skip(type); break;
            }
        }

        r.StructEnd();
        return new LogicalType(LogicalKind.Decimal, scale ?? throw r.Corrupt("DecimalType without scale"), precision ?? throw r.Corrupt("DecimalType without precision"));
    }

    private static LogicalType ReadTime(ThriftReader r, LogicalKind kind)
    {
        bool? utc = null;
        TimeUnit? unit = null;
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1:
                    utc = r.ReadBool(type);
                    break;
                case 2 when type == ThriftType.Struct:
                    r.StructBegin();
                    while (r.NextField(out var unitId, out var unitType))
                    {
                        unit = unitId is >= 1 and <= 3 ? (TimeUnit)unitId : throw r.Corrupt($"unknown time unit {unitId}");
                        r.Skip(unitType);
                    }

                    r.StructEnd();
                    break;
                default:
                    r.Skip(type);
                    break;
            }
        }

        r.StructEnd();
        return new LogicalType(kind, IsAdjustedToUtc: utc ?? throw r.Corrupt($"{kind}Type without isAdjustedToUTC"), Unit: unit ?? throw r.Corrupt($"{kind}Type without unit"));
    }

    private static LogicalType ReadInteger(ThriftReader r)
    {
        int? width = null;
        bool? signed = null;
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: width = r.ReadI8(type); break;
                case 2: signed = r.ReadBool(type); break;
                default: r.Skip(type); break;
            }
        }

        r.StructEnd();
        return new LogicalType(LogicalKind.Integer, BitWidth: width ?? throw r.Corrupt("IntType without bitWidth"), IsSigned: signed ?? throw r.Corrupt("IntType without isSigned"));
    }
}

internal sealed class SchemaElement
{
    public PhysicalType? Type { get; set; }

    public int? TypeLength { get; set; }

    public Repetition? Repetition { get; set; }

    public string Name { get; set; } = "";

    public int? NumChildren { get; set; }

    public ConvertedType? ConvertedType { get; set; }

    public int? Scale { get; set; }

    public int? Precision { get; set; }

    public LogicalType? LogicalType { get; set; }

    public void Write(ThriftWriter w)
    {
        w.StructBegin();
        if (Type is { } t)
        {
            w.I32Field(1, (int)t);
        }

        if (TypeLength is { } length)
        {
            w.I32Field(2, length);
        }

        if (Repetition is { } rep)
        {
            w.I32Field(3, (int)rep);
        }

        w.StringField(4, Name);
        if (NumChildren is { } children)
        {
            w.I32Field(5, children);
        }

        if (ConvertedType is { } converted)
        {
            w.I32Field(6, (int)converted);
        }

        if (Scale is { } scale)
        {
            w.I32Field(7, scale);
        }

        if (Precision is { } precision)
        {
            w.I32Field(8, precision);
        }

        if (LogicalType is { } logical)
        {
            w.FieldBegin(10, ThriftType.Struct);
            logical.Write(w);
        }

        w.StructEnd();
    }

    public static SchemaElement Read(ThriftReader r)
    {
        var e = new SchemaElement();
        var hasName = false;
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: e.Type = (PhysicalType)r.ReadI32(type); break;
                case 2: e.TypeLength = r.ReadI32(type); break;
                case 3: e.Repetition = (Repetition)r.ReadI32(type); break;
                case 4: e.Name = r.ReadString(type); hasName = true; break;
                case 5: e.NumChildren = r.ReadI32(type); break;
                case 6: e.ConvertedType = (ConvertedType)r.ReadI32(type); break;
                case 7: e.Scale = r.ReadI32(type); break;
                case 8: e.Precision = r.ReadI32(type); break;
                case 10 when type == ThriftType.Struct: e.LogicalType = LogicalType.Read(r); break;
                default: r.Skip(type); break;
            }
        }

        r.StructEnd();
        return hasName ? e : throw r.Corrupt("SchemaElement without a name");
    }
}

internal sealed class Statistics
{
    public byte[]? Max { get; set; }

    public byte[]? Min { get; set; }

    public long? NullCount { get; set; }

    public byte[]? MaxValue { get; set; }

    public byte[]? MinValue { get; set; }

    public void Write(ThriftWriter w)
    {
        w.StructBegin();
        if (Max is not null)
        {
            w.BinaryField(1, Max);
        }

        if (Min is not null)
        {
            w.BinaryField(2, Min);
        }

        if (NullCount is { } nulls)
        {
            w.I64Field(3, nulls);
        }

        if (MaxValue is not null)
        {
            w.BinaryField(5, MaxValue);
        }

        if (MinValue is not null)
        {
            w.BinaryField(6, MinValue);
        }

        w.StructEnd();
    }

    public static Statistics Read(ThriftReader r)
    {
        var s = new Statistics();
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: s.Max = r.ReadBinary(type); break;
                case 2: s.Min = r.ReadBinary(type); break;
                case 3: s.NullCount = r.ReadI64(type); break;
                case 5: s.MaxValue = r.ReadBinary(type); break;
                case 6: s.MinValue = r.ReadBinary(type); break;
                default: r.Skip(type); break;
            }
        }

        r.StructEnd();
        return s;
    }
}

internal sealed record PageEncodingStats(PageType PageType, ParquetEncoding Encoding, int Count);

internal sealed class ColumnMetaData
{
    public PhysicalType Type { get; set; }

    public List<ParquetEncoding> Encodings { get; set; } = [];

    public List<string> PathInSchema { get; set; } = [];

    public ParquetCodec Codec { get; set; }

    public long NumValues { get; set; }

    public long TotalUncompressedSize { get; set; }

    public long TotalCompressedSize { get; set; }

    public long DataPageOffset { get; set; }

    public long? DictionaryPageOffset { get; set; }

    public Statistics? Statistics { get; set; }

    public List<PageEncodingStats> EncodingStats { get; set; } = [];

    public void Write(ThriftWriter w)
    {
        w.StructBegin();
        w.I32Field(1, (int)Type);
        w.ListField(2, ThriftType.I32, Encodings.Count);
        foreach (var e in Encodings)
        {
            w.I32Element((int)e);
        }

        w.ListField(3, ThriftType.Binary, PathInSchema.Count);
        foreach (var p in PathInSchema)
        {
            w.StringElement(p);
        }

        w.I32Field(4, (int)Codec);
        w.I64Field(5, NumValues);
        w.I64Field(6, TotalUncompressedSize);
        w.I64Field(7, TotalCompressedSize);
        w.I64Field(9, DataPageOffset);
        if (DictionaryPageOffset is { } dictionary)
        {
            w.I64Field(11, dictionary);
        }

        if (Statistics is not null)
        {
            w.FieldBegin(12, ThriftType.Struct);
            Statistics.Write(w);
        }

        if (EncodingStats.Count > 0)
        {
            w.ListField(13, ThriftType.Struct, EncodingStats.Count);
            foreach (var s in EncodingStats)
            {
                w.StructBegin();
                w.I32Field(1, (int)s.PageType);
                w.I32Field(2, (int)s.Encoding);
                w.I32Field(3, s.Count);
                w.StructEnd();
            }
        }

        w.StructEnd();
    }

    public static ColumnMetaData Read(ThriftReader r)
    {
        var m = new ColumnMetaData();
        var seen = 0;
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: m.Type = (PhysicalType)r.ReadI32(type); seen |= 1; break;
                case 2:
                    var count = r.ListBegin(type, out var elementType);
                    for (var i = 0; i < count; i++)
                    {
                        m.Encodings.Add((ParquetEncoding)r.ReadI32Element(elementType));
                    }

                    seen |= 2;
                    break;
                case 3:
                    var parts = r.ListBegin(type, out var partType);
                    for (var i = 0; i < parts; i++)
                    {
                        m.PathInSchema.Add(r.ReadString(partType));
                    }

                    seen |= 4;
                    break;
                case 4: m.Codec = (ParquetCodec)r.ReadI32(type); seen |= 8; break;
                case 5: m.NumValues = r.ReadI64(type); seen |= 16; break;
                case 6: m.TotalUncompressedSize = r.ReadI64(type); seen |= 32; break;
                case 7: m.TotalCompressedSize = r.ReadI64(type); seen |= 64; break;
                case 9: m.DataPageOffset = r.ReadI64(type); seen |= 128; break;
                case 11: m.DictionaryPageOffset = r.ReadI64(type); break;
                case 12 when type == ThriftType.Struct: m.Statistics = Statistics.Read(r); break;
                case 13:
                    var stats = r.ListBegin(type, out var statsType);
                    for (var i = 0; i < stats; i++)
                    {
                        if (statsType != ThriftType.Struct)
                        {
                            throw r.Corrupt("encoding_stats is not a list of structs");
                        }

                        int pageType = -1, encoding = -1, pages = -1;
                        r.StructBegin();
                        while (r.NextField(out var sid, out var stype))
                        {
                            switch (sid)
                            {
                                case 1: pageType = r.ReadI32(stype); break;
                                case 2: encoding = r.ReadI32(stype); break;
                                case 3: pages = r.ReadI32(stype); break;
                                default: r.Skip(stype); break;
                            }
                        }

                        r.StructEnd();
                        m.EncodingStats.Add(new PageEncodingStats((PageType)pageType, (ParquetEncoding)encoding, pages));
                    }

                    break;
                default: r.Skip(type); break;
            }
        }

        r.StructEnd();
        return seen == 255 ? m : throw r.Corrupt("ColumnMetaData without one of its required fields");
    }
}

internal sealed class ColumnChunk
{
    public string? FilePath { get; set; }

    public long FileOffset { get; set; }

    public ColumnMetaData? MetaData { get; set; }

    public void Write(ThriftWriter w)
    {
        w.StructBegin();
        w.I64Field(2, FileOffset);
        if (MetaData is not null)
        {
            w.FieldBegin(3, ThriftType.Struct);
            MetaData.Write(w);
        }

        w.StructEnd();
    }

    public static ColumnChunk Read(ThriftReader r)
    {
        var c = new ColumnChunk();
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: c.FilePath = r.ReadString(type); break;
                case 2: c.FileOffset = r.ReadI64(type); break;
                case 3 when type == ThriftType.Struct: c.MetaData = ColumnMetaData.Read(r); break;
                default: r.Skip(type); break;
            }
        }

        r.StructEnd();
        return c;
    }
}

internal sealed class RowGroup
{
    public List<ColumnChunk> Columns { get; set; } = [];

    public long TotalByteSize { get; set; }

    public long NumRows { get; set; }

    public long? FileOffset { get; set; }

    public long? TotalCompressedSize { get; set; }

    public short? Ordinal { get; set; }

    public void Write(ThriftWriter w)
    {
        w.StructBegin();
        w.ListField(1, ThriftType.Struct, Columns.Count);
        foreach (var c in Columns)
        {
            c.Write(w);
        }

        w.I64Field(2, TotalByteSize);
        w.I64Field(3, NumRows);
        if (FileOffset is { } offset)
        {
            w.I64Field(5, offset);
        }

        if (TotalCompressedSize is { } compressed)
        {
            w.I64Field(6, compressed);
        }

        if (Ordinal is { } ordinal)
        {
            w.I16Field(7, ordinal);
        }

        w.StructEnd();
    }

    public static RowGroup Read(ThriftReader r)
    {
        var g = new RowGroup();
        var hasRows = false;
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1:
                    var count = r.ListBegin(type, out var elementType);
                    for (var i = 0; i < count; i++)
                    {
                        if (elementType != ThriftType.Struct)
                        {
                            throw r.Corrupt("RowGroup.columns is not a list of structs");
                        }

                        g.Columns.Add(ColumnChunk.Read(r));
                    }

                    break;
                case 2: g.TotalByteSize = r.ReadI64(type); break;
                case 3: g.NumRows = r.ReadI64(type); hasRows = true; break;
                case 5: g.FileOffset = r.ReadI64(type); break;
                case 6: g.TotalCompressedSize = r.ReadI64(type); break;
                case 7: g.Ordinal = (short)r.ReadI32(type); break;
                default: r.Skip(type); break;
            }
        }

        r.StructEnd();
        return hasRows ? g : throw r.Corrupt("RowGroup without num_rows");
    }
}

internal sealed class FileMetaData
{
    public int Version { get; set; } = 1;

    public List<SchemaElement> Schema { get; set; } = [];

    public long NumRows { get; set; }

    public List<RowGroup> RowGroups { get; set; } = [];

    public List<KeyValuePair<string, string?>> KeyValueMetadata { get; set; } = [];

    public string? CreatedBy { get; set; }

    public int ColumnOrderCount { get; set; }

    public void Write(ThriftWriter w)
    {
        w.StructBegin();
        w.I32Field(1, Version);
        w.ListField(2, ThriftType.Struct, Schema.Count);
        foreach (var e in Schema)
        {
            e.Write(w);
        }

        w.I64Field(3, NumRows);
        w.ListField(4, ThriftType.Struct, RowGroups.Count);
        foreach (var g in RowGroups)
        {
            g.Write(w);
        }

        if (KeyValueMetadata.Count > 0)
        {
            w.ListField(5, ThriftType.Struct, KeyValueMetadata.Count);
            foreach (var (key, value) in KeyValueMetadata)
            {
                w.StructBegin();
                w.StringField(1, key);
                if (value is not null)
                {
                    w.StringField(2, value);
                }

                w.StructEnd();
            }
        }

        if (CreatedBy is not null)
        {
            w.StringField(6, CreatedBy);
        }

        if (ColumnOrderCount > 0)
        {
            // TYPE_ORDER for every leaf: the min/max statistics follow each type's defined sort order.
            w.ListField(7, ThriftType.Struct, ColumnOrderCount);
            for (var i = 0; i < ColumnOrderCount; i++)
            {
                w.StructBegin();
                w.StructField(1);
                w.StructEnd();
                w.StructEnd();
            }
        }

        w.StructEnd();
    }

    public static FileMetaData Read(ThriftReader r)
    {
        var m = new FileMetaData();
        var seen = 0;
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: m.Version = r.ReadI32(type); seen |= 1; break;
                case 2:
                    var elements = r.ListBegin(type, out var elementType);
                    for (var i = 0; i < elements; i++)
                    {
                        if (elementType != ThriftType.Struct)
                        {
                            throw r.Corrupt("schema is not a list of structs");
                        }

                        m.Schema.Add(SchemaElement.Read(r));
                    }

                    seen |= 2;
                    break;
                case 3: m.NumRows = r.ReadI64(type); seen |= 4; break;
                case 4:
                    var groups = r.ListBegin(type, out var groupType);
                    for (var i = 0; i < groups; i++)
                    {
                        if (groupType != ThriftType.Struct)
                        {
                            throw r.Corrupt("row_groups is not a list of structs");
                        }

                        m.RowGroups.Add(RowGroup.Read(r));
                    }

                    seen |= 8;
                    break;
                case 5:
                    var pairs = r.ListBegin(type, out var pairType);
                    for (var i = 0; i < pairs; i++)
                    {
                        if (pairType != ThriftType.Struct)
                        {
                            throw r.Corrupt("key_value_metadata is not a list of structs");
                        }

                        string? key = null, value = null;
                        r.StructBegin();
                        while (r.NextField(out var kvId, out var kvType))
                        {
                            switch (kvId)
                            {
                                case 1: key = r.ReadString(kvType); break;
                                case 2: value = r.ReadString(kvType); break;
                                default: r.Skip(kvType); break;
                            }
                        }

                        r.StructEnd();
                        m.KeyValueMetadata.Add(new(key ?? throw r.Corrupt("KeyValue without key"), value));
                    }

                    break;
                case 6: m.CreatedBy = r.ReadString(type); break;
                case 7:
                    var orders = r.ListBegin(type, out var orderType);
                    for (var i = 0; i < orders; i++)
                    {
                        r.Skip(orderType);
                    }

                    m.ColumnOrderCount = orders;
                    break;
                default: r.Skip(type); break;
            }
        }

        r.StructEnd();
        return seen == 15 ? m : throw r.Corrupt("FileMetaData without one of version, schema, num_rows, row_groups");
    }
}

internal sealed class PageHeader
{
    public PageType Type { get; set; }

    public int UncompressedPageSize { get; set; }

    public int CompressedPageSize { get; set; }

    // Data page v1: num_values, encoding, definition and repetition level encodings.
    public int NumValues { get; set; }

    public ParquetEncoding Encoding { get; set; }

    public ParquetEncoding DefinitionLevelEncoding { get; set; } = ParquetEncoding.Rle;

    // Data page v2 only.
    public int NumNulls { get; set; }

    public int NumRows { get; set; }

    public int DefinitionLevelsByteLength { get; set; }

    public int RepetitionLevelsByteLength { get; set; }

    public bool IsCompressed { get; set; } = true;

    public void Write(ThriftWriter w)
    {
        w.StructBegin();
        w.I32Field(1, (int)Type);
        w.I32Field(2, UncompressedPageSize);
        w.I32Field(3, CompressedPageSize);
        if (Type == PageType.DataPage)
        {
            w.StructField(5);
            w.I32Field(1, NumValues);
            w.I32Field(2, (int)Encoding);
            w.I32Field(3, (int)ParquetEncoding.Rle);
            w.I32Field(4, (int)ParquetEncoding.Rle);
            w.StructEnd();
        }
        else if (Type == PageType.DictionaryPage)
        {
            w.StructField(7);
            w.I32Field(1, NumValues);
            w.I32Field(2, (int)Encoding);
            w.StructEnd();
        }
        else
        {
            throw new InvalidOperationException($"This writer does not produce {Type} pages.");
        }

        w.StructEnd();
    }

    public static PageHeader Read(ThriftReader r)
    {
        var h = new PageHeader();
        var seen = 0;
        r.StructBegin();
        while (r.NextField(out var id, out var type))
        {
            switch (id)
            {
                case 1: h.Type = (PageType)r.ReadI32(type); seen |= 1; break;
                case 2: h.UncompressedPageSize = r.ReadI32(type); seen |= 2; break;
                case 3: h.CompressedPageSize = r.ReadI32(type); seen |= 4; break;
                case 5 when type == ThriftType.Struct:
                    r.StructBegin();
                    while (r.NextField(out var fid, out var ftype))
                    {
                        switch (fid)
                        {
                            case 1: h.NumValues = r.ReadI32(ftype); break;
                            case 2: h.Encoding = (ParquetEncoding)r.ReadI32(ftype); break;
                            case 3: h.DefinitionLevelEncoding = (ParquetEncoding)r.ReadI32(ftype); break;
                            default: r.Skip(ftype); break;
                        }
                    }

                    r.StructEnd();
                    seen |= 8;
                    break;
                case 7 when type == ThriftType.Struct:
                    r.StructBegin();
                    while (r.NextField(out var fid, out var ftype))
                    {
                        switch (fid)
                        {
                            case 1: h.NumValues = r.ReadI32(ftype); break;
                            case 2: h.Encoding = (ParquetEncoding)r.ReadI32(ftype); break;
                            default: r.Skip(ftype); break;
                        }
                    }

                    r.StructEnd();
                    seen |= 8;
                    break;
                case 8 when type == ThriftType.Struct:
                    r.StructBegin();
                    while (r.NextField(out var fid, out var ftype))
                    {
                        switch (fid)
                        {
                            case 1: h.NumValues = r.ReadI32(ftype); break;
                            case 2: h.NumNulls = r.ReadI32(ftype); break;
                            case 3: h.NumRows = r.ReadI32(ftype); break;
                            case 4: h.Encoding = (ParquetEncoding)r.ReadI32(ftype); break;
                            case 5: h.DefinitionLevelsByteLength = r.ReadI32(ftype); break;
                            case 6: h.RepetitionLevelsByteLength = r.ReadI32(ftype); break;
                            case 7: h.IsCompressed = r.ReadBool(ftype); break;
                            default: r.Skip(ftype); break;
                        }
                    }

                    r.StructEnd();
                    seen |= 8;
                    break;
                default: r.Skip(type); break;
            }
        }

        r.StructEnd();
        if ((seen & 7) != 7)
        {
            throw r.Corrupt("PageHeader without type or sizes");
        }

        if (h.UncompressedPageSize < 0 || h.CompressedPageSize < 0 || h.NumValues < 0)
        {
            throw r.Corrupt($"negative page size or value count ({h.UncompressedPageSize}, {h.CompressedPageSize}, {h.NumValues})");
        }

        return h;
    }
}
