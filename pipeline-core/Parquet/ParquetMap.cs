namespace ShopPipeline.Parquet;

/// <summary>
/// The mapping between a C# record type and a flat Parquet schema, declared once as a list of typed accessors, so writing
/// and reading rows costs one delegate call per cell and no reflection.
/// </summary>
internal sealed class ParquetMap<T>
{
    private readonly List<ParquetColumn> _columns = [];
    private readonly List<Action<T, ColumnValues>> _writers = [];
    private ParquetSchema? _schema;

    public ParquetSchema Schema => _schema ??= new ParquetSchema([.. _columns]);

    public ParquetMap<T> String(string name, Func<T, string?> get, bool nullable = false) =>
        Add(ParquetColumn.String(name, nullable), (row, v) => v.AddString(get(row)));

    public ParquetMap<T> Boolean(string name, Func<T, bool> get) =>
        Add(ParquetColumn.Boolean(name), (row, v) => v.AddBoolean(get(row)));

    public ParquetMap<T> Boolean(string name, Func<T, bool?> get) =>
        Add(ParquetColumn.Boolean(name, nullable: true), (row, v) => Put(v, get(row)));

    public ParquetMap<T> Int32(string name, Func<T, int> get) =>
        Add(ParquetColumn.Int32(name), (row, v) => v.AddInt32(get(row)));

    public ParquetMap<T> Int32(string name, Func<T, int?> get) =>
        Add(ParquetColumn.Int32(name, nullable: true), (row, v) => Put(v, get(row)));

    public ParquetMap<T> Int64(string name, Func<T, long> get) =>
        Add(ParquetColumn.Int64(name), (row, v) => v.AddInt64(get(row)));

    public ParquetMap<T> Int64(string name, Func<T, long?> get) =>
        Add(ParquetColumn.Int64(name, nullable: true), (row, v) => Put(v, get(row)));

    public ParquetMap<T> Double(string name, Func<T, double> get) =>
        Add(ParquetColumn.Double(name), (row, v) => v.AddDouble(get(row)));

    public ParquetMap<T> Double(string name, Func<T, double?> get) =>
        Add(ParquetColumn.Double(name, nullable: true), (row, v) => Put(v, get(row)));

    public ParquetMap<T> Date(string name, Func<T, DateOnly> get) =>
        Add(ParquetColumn.Date(name), (row, v) => v.AddDate(get(row)));

    public ParquetMap<T> Date(string name, Func<T, DateOnly?> get) =>
        Add(ParquetColumn.Date(name, nullable: true), (row, v) => Put(v, get(row)));

    public ParquetMap<T> Timestamp(string name, Func<T, DateTimeOffset> get) =>
        Add(ParquetColumn.Timestamp(name), (row, v) => v.AddTimestamp(get(row)));

    public ParquetMap<T> Timestamp(string name, Func<T, DateTimeOffset?> get) =>
        Add(ParquetColumn.Timestamp(name, nullable: true), (row, v) => Put(v, get(row)));

    public ParquetMap<T> Decimal(string name, int precision, int scale, Func<T, decimal> get) =>
        Add(ParquetColumn.Decimal(name, precision, scale), (row, v) => v.AddDecimal(get(row)));

    public ParquetMap<T> Decimal(string name, int precision, int scale, Func<T, decimal?> get) =>
        Add(ParquetColumn.Decimal(name, precision, scale, nullable: true), (row, v) => Put(v, get(row)));

    /// <summary>Writes one row through <paramref name="writer"/>, which must have been created with <see cref="Schema"/>.</summary>
    public void Write(ParquetFileWriter writer, T row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        for (var i = 0; i < _writers.Count; i++)
        {
            _writers[i](row, writer.Column(i));
        }

        writer.EndRow();
    }

    /// <summary>Writes all rows as one Parquet file to <paramref name="output"/>; returns the row count.</summary>
    public long WriteAll(Stream output, IEnumerable<T> rows, ParquetWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = new ParquetFileWriter(output, Schema, options);
        foreach (var row in rows)
        {
            Write(writer, row);
        }

        writer.Complete();
        return writer.RowCount;
    }

    /// <summary>Reads every row of a file with this map's columns, materialising each through <paramref name="create"/>.</summary>
    public IEnumerable<T> ReadAll(ParquetFileReader reader, Func<ParquetRow, T> create)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(create);
        var names = _columns.Select(c => c.Name).ToList();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var data = reader.ReadRowGroup(g, names);
            var row = new ParquetRow(data);
            for (var r = 0; r < data.RowCount; r++)
            {
                row.Index = r;
                yield return create(row);
            }
        }
    }

    // One overload per value type rather than a shared helper taking an Action<ColumnValues, TValue>: that cached static
    // lambda in this generic class cost a generic-statics lookup and a second delegate call on every nullable cell.
    private static void Put(ColumnValues values, bool? value)
    {
        if (value is { } present)
        {
            values.AddBoolean(present);
        }
        else
        {
            values.AddNull();
        }
    }

    private static void Put(ColumnValues values, int? value)
    {
        if (value is { } present)
        {
            values.AddInt32(present);
        }
        else
        {
            values.AddNull();
        }
    }

    private static void Put(ColumnValues values, long? value)
    {
        if (value is { } present)
        {
            values.AddInt64(present);
        }
        else
        {
            values.AddNull();
        }
    }

    private static void Put(ColumnValues values, double? value)
    {
        if (value is { } present)
        {
            values.AddDouble(present);
        }
        else
        {
            values.AddNull();
        }
    }

    private static void Put(ColumnValues values, DateOnly? value)
    {
        if (value is { } present)
        {
            values.AddDate(present);
        }
        else
        {
            values.AddNull();
        }
    }

    private static void Put(ColumnValues values, DateTimeOffset? value)
    {
        if (value is { } present)
        {
            values.AddTimestamp(present);
        }
        else
        {
            values.AddNull();
        }
    }

    private static void Put(ColumnValues values, decimal? value)
    {
        if (value is { } present)
        {
            values.AddDecimal(present);
        }
        else
        {
            values.AddNull();
        }
    }

    private ParquetMap<T> Add(ParquetColumn column, Action<T, ColumnValues> write)
    {
        if (_columns.Any(c => c.Name == column.Name))
        {
            throw new ArgumentException($"Column '{column.Name}' is mapped twice.", nameof(column));
        }

        _columns.Add(column);
        _writers.Add(write);
        _schema = null;
        return this;
    }
}

/// <summary>One row of a row group, read by column name.</summary>
internal sealed class ParquetRow
{
    private readonly RowGroupData _data;

    public ParquetRow(RowGroupData data)
    {
        _data = data;
    }

    public int Index { get; set; }

    public string? String(string column) => _data[column].GetString(Index);

    public int Int32(string column) => _data[column].GetInt32(Index);

    public int? NullableInt32(string column) => _data[column].IsNull(Index) ? null : _data[column].GetInt32(Index);

    public long Int64(string column) => _data[column].GetInt64(Index);

    public long? NullableInt64(string column) => _data[column].IsNull(Index) ? null : _data[column].GetInt64(Index);

    public double Double(string column) => _data[column].GetDouble(Index);

    public bool Boolean(string column) => _data[column].GetBoolean(Index);

    public DateOnly Date(string column) => _data[column].GetDate(Index);

    public DateTimeOffset Timestamp(string column) => _data[column].GetTimestamp(Index);

    public DateTimeOffset? NullableTimestamp(string column) => _data[column].IsNull(Index) ? null : _data[column].GetTimestamp(Index);

    public decimal Decimal(string column) => _data[column].GetDecimal(Index);

    public decimal? NullableDecimal(string column) => _data[column].IsNull(Index) ? null : _data[column].GetDecimal(Index);

    public bool IsNull(string column) => _data[column].IsNull(Index);
}
