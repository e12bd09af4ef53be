using ShopPipeline.Parquet.Format;

namespace ShopPipeline.Parquet;

/// <summary>What a column holds, as the pipeline sees it; each kind maps to one physical type and its annotations.</summary>
internal enum ColumnKind
{
    Boolean,
    Int8,
    Int16,
    Int32,
    Int64,
    Float,
    Double,
    String,
    Binary,
    FixedBinary,
    Date,
    TimestampMillis,
    TimestampMicros,
    Decimal,
    Uuid,
}

/// <summary>One flat column: its name, kind, nullability and the parameters its kind needs.</summary>
internal sealed record ParquetColumn
{
    public ParquetColumn(string name, ColumnKind kind, bool nullable = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        Nullable = nullable;
        Physical = kind switch
        {
            ColumnKind.Boolean => PhysicalType.Boolean,
            ColumnKind.Int8 or ColumnKind.Int16 or ColumnKind.Int32 or ColumnKind.Date => PhysicalType.Int32,
            ColumnKind.Int64 or ColumnKind.TimestampMillis or ColumnKind.TimestampMicros => PhysicalType.Int64,
            ColumnKind.Float => PhysicalType.Float,
            ColumnKind.Double => PhysicalType.Double,
            ColumnKind.String or ColumnKind.Binary => PhysicalType.ByteArray,
            ColumnKind.FixedBinary or ColumnKind.Uuid => PhysicalType.FixedLenByteArray,
            ColumnKind.Decimal => PhysicalType.Int64,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        if (kind == ColumnKind.Uuid)
        {
            FixedLength = 16;
        }
    }

    public string Name { get; }

    public ColumnKind Kind { get; }

    public bool Nullable { get; init; }

    public PhysicalType Physical { get; private init; }

    /// <summary>Byte length of FIXED_LEN_BYTE_ARRAY values.</summary>
    public int FixedLength { get; private init; }

    public int Precision { get; private init; }

    public int Scale { get; private init; }

    /// <summary>For timestamps: whether values are UTC instants (true) or wall-clock times (false).</summary>
    public bool IsAdjustedToUtc { get; init; } = true;

    public static ParquetColumn String(string name, bool nullable = false) => new(name, ColumnKind.String, nullable);

    public static ParquetColumn Boolean(string name, bool nullable = false) => new(name, ColumnKind.Boolean, nullable);

    public static ParquetColumn Int8(string name, bool nullable = false) => new(name, ColumnKind.Int8, nullable);

    public static ParquetColumn Int16(string name, bool nullable = false) => new(name, ColumnKind.Int16, nullable);

    public static ParquetColumn Int32(string name, bool nullable = false) => new(name, ColumnKind.Int32, nullable);

    public static ParquetColumn Int64(string name, bool nullable = false) => new(name, ColumnKind.Int64, nullable);

    public static ParquetColumn Double(string name, bool nullable = false) => new(name, ColumnKind.Double, nullable);

    public static ParquetColumn Date(string name, bool nullable = false) => new(name, ColumnKind.Date, nullable);

    public static ParquetColumn Binary(string name, bool nullable = false) => new(name, ColumnKind.Binary, nullable);

    public static ParquetColumn Uuid(string name, bool nullable = false) => new(name, ColumnKind.Uuid, nullable);

    public static ParquetColumn Timestamp(string name, bool nullable = false, bool micros = true, bool utc = true) =>
        new(name, micros ? ColumnKind.TimestampMicros : ColumnKind.TimestampMillis, nullable) { IsAdjustedToUtc = utc };

    public static ParquetColumn FixedBinary(string name, int length, bool nullable = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return new(name, ColumnKind.FixedBinary, nullable) { FixedLength = length };
    }

    /// <summary>A DECIMAL(precision, scale) column on the smallest physical type that holds it, unless one is named.</summary>
    public static ParquetColumn Decimal(string name, int precision, int scale, bool nullable = false, PhysicalType? physical = null)
    {
        if (precision is < 1 or > 38)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Decimal precision must be 1 to 38.");
        }

        if (scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Decimal scale must be 0 to the precision.");
        }

        var chosen = physical ?? (precision <= 9 ? PhysicalType.Int32 : precision <= 18 ? PhysicalType.Int64 : PhysicalType.FixedLenByteArray);
        var maxPrecision = chosen switch
        {
            PhysicalType.Int32 => 9,
            PhysicalType.Int64 => 18,
            PhysicalType.FixedLenByteArray => 38,
            _ => throw new ArgumentOutOfRangeException(nameof(physical), physical, "Decimals are stored as INT32, INT64 or FIXED_LEN_BYTE_ARRAY."),
        };
        if (precision > maxPrecision)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, $"{chosen} holds at most {maxPrecision} decimal digits.");
        }

        return new(name, ColumnKind.Decimal, nullable)
        {
            Precision = precision,
            Scale = scale,
            Physical = chosen,
            FixedLength = chosen == PhysicalType.FixedLenByteArray ? DecimalBytes(precision) : 0,
        };
    }

    /// <summary>Smallest byte count whose two's complement range holds every number of the given digits.</summary>
    public static int DecimalBytes(int precision)
    {
        for (var n = 1; n <= 16; n++)
        {
            // floor(log10(2^(8n-1) - 1)) >= precision
            if (Math.Floor(((8 * n) - 1) * Math.Log10(2)) >= precision)
            {
                return n;
            }
        }

        return 16;
    }

    internal SchemaElement ToSchemaElement()
    {
        var e = new SchemaElement
        {
            Name = Name,
            Type = Physical,
            Repetition = Nullable ? Repetition.Optional : Repetition.Required,
            TypeLength = Physical == PhysicalType.FixedLenByteArray ? FixedLength : null,
        };
        switch (Kind)
        {
            case ColumnKind.String:
                e.ConvertedType = ConvertedType.Utf8;
                e.LogicalType = new LogicalType(LogicalKind.String);
                break;
            case ColumnKind.Int8:
                e.ConvertedType = ConvertedType.Int8;
                e.LogicalType = new LogicalType(LogicalKind.Integer, BitWidth: 8, IsSigned: true);
                break;
            case ColumnKind.Int16:
                e.ConvertedType = ConvertedType.Int16;
                e.LogicalType = new LogicalType(LogicalKind.Integer, BitWidth: 16, IsSigned: true);
                break;
            case ColumnKind.Int32:
                e.ConvertedType = ConvertedType.Int32;
                e.LogicalType = new LogicalType(LogicalKind.Integer, BitWidth: 32, IsSigned: true);
                break;
            case ColumnKind.Int64:
                e.ConvertedType = ConvertedType.Int64;
                e.LogicalType = new LogicalType(LogicalKind.Integer, BitWidth: 64, IsSigned: true);
                break;
            case ColumnKind.Date:
                e.ConvertedType = ConvertedType.Date;
                e.LogicalType = new LogicalType(LogicalKind.Date);
                break;
            case ColumnKind.TimestampMillis:
                e.ConvertedType = ConvertedType.TimestampMillis;
                e.LogicalType = new LogicalType(LogicalKind.Timestamp, IsAdjustedToUtc: IsAdjustedToUtc, Unit: TimeUnit.Millis);
                break;
            case ColumnKind.TimestampMicros:
                e.ConvertedType = ConvertedType.TimestampMicros;
                e.LogicalType = new LogicalType(LogicalKind.Timestamp, IsAdjustedToUtc: IsAdjustedToUtc, Unit: TimeUnit.Micros);
                break;
            case ColumnKind.Decimal:
                e.ConvertedType = ConvertedType.Decimal;
                e.Scale = Scale;
                e.Precision = Precision;
                e.LogicalType = new LogicalType(LogicalKind.Decimal, Scale, Precision);
                break;
            case ColumnKind.Uuid:
                e.LogicalType = new LogicalType(LogicalKind.Uuid);
                break;
        }

        return e;
    }

    /// <summary>Interprets a leaf of another writer's schema; throws for what this codec cannot read correctly.</summary>
    internal static ParquetColumn FromSchemaElement(SchemaElement e)
    {
        var nullable = e.Repetition switch
        {
            Repetition.Optional => true,
            Repetition.Required or null => false,
            _ => throw new ParquetFormatException($"Column '{e.Name}' is REPEATED (a list); only flat columns are supported."),
        };
        var logical = e.LogicalType;
        var physical = e.Type ?? throw new ParquetFormatException($"Column '{e.Name}' has no physical type.");

        if (logical?.Kind == LogicalKind.Decimal || e.ConvertedType == ConvertedType.Decimal)
        {
            var precision = logical?.Precision ?? e.Precision ?? throw new ParquetFormatException($"Decimal column '{e.Name}' has no precision.");
            var scale = logical?.Scale ?? e.Scale ?? 0;
            if (precision is < 1 or > 38 || scale < 0 || scale > precision)
            {
                throw new ParquetFormatException($"Decimal column '{e.Name}' ({physical}, precision {precision}, scale {scale}) is not a valid decimal.");
            }

            if (physical is PhysicalType.FixedLenByteArray or PhysicalType.ByteArray)
            {
                if (physical == PhysicalType.ByteArray)
                {
                    throw new ParquetFormatException($"Decimal column '{e.Name}' is stored as variable-length BYTE_ARRAY, which is not supported; write it as FIXED_LEN_BYTE_ARRAY.");
                }

                if (e.TypeLength is not (>= 1 and <= 16))
                {
                    throw new ParquetFormatException($"Decimal column '{e.Name}' has a byte length of {e.TypeLength}; 1 to 16 is supported.");
                }

                return new ParquetColumn(e.Name, ColumnKind.Decimal, nullable) { Precision = precision, Scale = scale, Physical = physical, FixedLength = e.TypeLength.Value };
            }

            if (physical is not (PhysicalType.Int32 or PhysicalType.Int64))
            {
                throw new ParquetFormatException($"Decimal column '{e.Name}' ({physical}, precision {precision}, scale {scale}) is not a valid decimal.");
            }

            return new ParquetColumn(e.Name, ColumnKind.Decimal, nullable) { Precision = precision, Scale = scale, Physical = physical };
        }

        var kind = physical switch
        {
            PhysicalType.Boolean => ColumnKind.Boolean,
            PhysicalType.Int32 when logical?.Kind == LogicalKind.Date || e.ConvertedType == ConvertedType.Date => ColumnKind.Date,
            PhysicalType.Int32 when logical is { Kind: LogicalKind.Integer, BitWidth: 8 } || e.ConvertedType == ConvertedType.Int8 => ColumnKind.Int8,
            PhysicalType.Int32 when logical is { Kind: LogicalKind.Integer, BitWidth: 16 } || e.ConvertedType == ConvertedType.Int16 => ColumnKind.Int16,
            PhysicalType.Int32 => ColumnKind.Int32,
            PhysicalType.Int64 when logical is { Kind: LogicalKind.Timestamp, Unit: TimeUnit.Millis } || (logical is null && e.ConvertedType == ConvertedType.TimestampMillis) => ColumnKind.TimestampMillis,
            PhysicalType.Int64 when logical is { Kind: LogicalKind.Timestamp, Unit: TimeUnit.Micros } || (logical is null && e.ConvertedType == ConvertedType.TimestampMicros) => ColumnKind.TimestampMicros,
            PhysicalType.Int64 when logical is { Kind: LogicalKind.Timestamp, Unit: TimeUnit.Nanos } =>
                throw new ParquetFormatException($"Column '{e.Name}' is a nanosecond timestamp, which is not supported; write microseconds."),
            PhysicalType.Int64 => ColumnKind.Int64,
            PhysicalType.Float => ColumnKind.Float,
            PhysicalType.Double => ColumnKind.Double,
            PhysicalType.ByteArray when logical?.Kind is LogicalKind.String or LogicalKind.Json or LogicalKind.Enum || e.ConvertedType is ConvertedType.Utf8 or ConvertedType.Json or ConvertedType.Enum => ColumnKind.String,
            PhysicalType.ByteArray => ColumnKind.Binary,
            PhysicalType.FixedLenByteArray when logical?.Kind == LogicalKind.Uuid && e.TypeLength == 16 => ColumnKind.Uuid,
            PhysicalType.FixedLenByteArray => ColumnKind.FixedBinary,
            PhysicalType.Int96 => throw new ParquetFormatException($"Column '{e.Name}' is INT96 (a legacy timestamp), which is not supported; write TIMESTAMP(MICROS) instead."),
            _ => throw new ParquetFormatException($"Column '{e.Name}' has unknown physical type {(int)physical}."),
        };

        if (kind is ColumnKind.FixedBinary or ColumnKind.Uuid && e.TypeLength is not (>= 1 and <= 1 << 20))
        {
            throw new ParquetFormatException($"Column '{e.Name}' is FIXED_LEN_BYTE_ARRAY with an invalid length {e.TypeLength}.");
        }

        if (logical is { Kind: LogicalKind.Integer, IsSigned: false } || e.ConvertedType is >= ConvertedType.Uint8 and <= ConvertedType.Uint64)
        {
            throw new ParquetFormatException($"Column '{e.Name}' is an unsigned integer, which is not supported; store it as a wider signed type.");
        }

        return new ParquetColumn(e.Name, kind, nullable)
        {
            Physical = physical,
            // type_length means something only for FIXED_LEN_BYTE_ARRAY; elsewhere it is noise, not a width to allocate for.
            FixedLength = physical == PhysicalType.FixedLenByteArray ? e.TypeLength ?? 0 : 0,
            IsAdjustedToUtc = logical?.IsAdjustedToUtc ?? true,
        };
    }
}

/// <summary>A flat schema: an ordered list of uniquely named columns.</summary>
internal sealed class ParquetSchema
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    public ParquetSchema(IReadOnlyList<ParquetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
        for (var i = 0; i < columns.Count; i++)
        {
            if (!_byName.TryAdd(columns[i].Name, i))
            {
                throw new ArgumentException($"Column '{columns[i].Name}' appears twice in the schema.", nameof(columns));
            }
        }
    }

    public ParquetSchema(params ParquetColumn[] columns)
        : this((IReadOnlyList<ParquetColumn>)columns)
    {
    }

    public IReadOnlyList<ParquetColumn> Columns { get; }

    public int IndexOf(string name) =>
        _byName.TryGetValue(name, out var index) ? index : throw new ArgumentException($"No column '{name}' in the schema; it has {string.Join(", ", Columns.Select(c => c.Name))}.", nameof(name));

    public bool Contains(string name) => _byName.ContainsKey(name);
}
