using System.Runtime.CompilerServices;

namespace ShopPipeline.Parquet;

/// <summary>
/// The mapping between a C# record type and a flat Parquet schema, declared once as a list of typed accessors, so writing
/// and reading rows costs one delegate call per cell and no reflection.
/// </summary>
internal sealed class ParquetMap<T>
{
    private readonly List<ParquetColumn> _columns = [];
    private readonly List<Cell> _cells = [];
    private ParquetSchema? _schema;
    private Cell[]? _cellArray;

    /// <summary>How a cell's value is read from the record and appended; it says which delegate type <see cref="Cell.Get"/> holds.</summary>
    private enum CellKind
    {
        String,
        Boolean,
        NullableBoolean,
        Int32,
        NullableInt32,
        Int64,
        NullableInt64,
        Double,
        NullableDouble,
        Date,
        NullableDate,
        Timestamp,
        NullableTimestamp,
        Decimal,
        NullableDecimal,
    }

    public ParquetSchema Schema => _schema ??= new ParquetSchema([.. _columns]);

    public ParquetMap<T> String(string name, Func<T, string?> get, bool nullable = false) =>
        Add(ParquetColumn.String(name, nullable), CellKind.String, get);

    public ParquetMap<T> Boolean(string name, Func<T, bool> get) =>
        Add(ParquetColumn.Boolean(name), CellKind.Boolean, get);

    public ParquetMap<T> Boolean(string name, Func<T, bool?> get) =>
        Add(ParquetColumn.Boolean(name, nullable: true), CellKind.NullableBoolean, get);

    public ParquetMap<T> Int32(string name, Func<T, int> get) =>
        Add(ParquetColumn.Int32(name), CellKind.Int32, get);

    public ParquetMap<T> Int32(string name, Func<T, int?> get) =>
        Add(ParquetColumn.Int32(name, nullable: true), CellKind.NullableInt32, get);

    public ParquetMap<T> Int64(string name, Func<T, long> get) =>
        Add(ParquetColumn.Int64(name), CellKind.Int64, get);

    public ParquetMap<T> Int64(string name, Func<T, long?> get) =>
        Add(ParquetColumn.Int64(name, nullable: true), CellKind.NullableInt64, get);

    public ParquetMap<T> Double(string name, Func<T, double> get) =>
        Add(ParquetColumn.Double(name), CellKind.Double, get);

    public ParquetMap<T> Double(string name, Func<T, double?> get) =>
        Add(ParquetColumn.Double(name, nullable: true), CellKind.NullableDouble, get);

    public ParquetMap<T> Date(string name, Func<T, DateOnly> get) =>
        Add(ParquetColumn.Date(name), CellKind.Date, get);

    public ParquetMap<T> Date(string name, Func<T, DateOnly?> get) =>
        Add(ParquetColumn.Date(name, nullable: true), CellKind.NullableDate, get);

    public ParquetMap<T> Timestamp(string name, Func<T, DateTimeOffset> get) =>
        Add(ParquetColumn.Timestamp(name), CellKind.Timestamp, get);

    public ParquetMap<T> Timestamp(string name, Func<T, DateTimeOffset?> get) =>
        Add(ParquetColumn.Timestamp(name, nullable: true), CellKind.NullableTimestamp, get);

    public ParquetMap<T> Decimal(string name, int precision, int scale, Func<T, decimal> get) =>
        Add(ParquetColumn.Decimal(name, precision, scale), CellKind.Decimal, get);

    public ParquetMap<T> Decimal(string name, int precision, int scale, Func<T, decimal?> get) =>
        Add(ParquetColumn.Decimal(name, precision, scale, nullable: true), CellKind.NullableDecimal, get);

    /// <summary>Writes one row through <paramref name="writer"/>, which must have been created with <see cref="Schema"/>.</summary>
    public void Write(ParquetFileWriter writer, T row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var cells = _cellArray ??= [.. _cells];
        for (var i = 0; i < cells.Length; i++)
        {
            WriteCell(cells[i], row, writer.Column(i));
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

    // The hot loop of every write: one delegate call per cell (the getter) and a switch on the kind, instead of a closure
    // per cell that calls the getter in turn. Add pairs each kind with its delegate type, so the unchecked casts are safe
    // and save a type check per cell.
    private static void WriteCell(Cell cell, T row, ColumnValues values)
    {
        switch (cell.Kind)
        {
            case CellKind.String: values.AddString(Unsafe.As<Func<T, string?>>(cell.Get)(row)); break;
            case CellKind.Boolean: values.AddBoolean(Unsafe.As<Func<T, bool>>(cell.Get)(row)); break;
            case CellKind.NullableBoolean: Put(values, Unsafe.As<Func<T, bool?>>(cell.Get)(row)); break;
            case CellKind.Int32: values.AddInt32(Unsafe.As<Func<T, int>>(cell.Get)(row)); break;
            case CellKind.NullableInt32: Put(values, Unsafe.As<Func<T, int?>>(cell.Get)(row)); break;
            case CellKind.Int64: values.AddInt64(Unsafe.As<Func<T, long>>(cell.Get)(row)); break;
            case CellKind.NullableInt64: Put(values, Unsafe.As<Func<T, long?>>(cell.Get)(row)); break;
            case CellKind.Double: values.AddDouble(Unsafe.As<Func<T, double>>(cell.Get)(row)); break;
            case CellKind.NullableDouble: Put(values, Unsafe.As<Func<T, double?>>(cell.Get)(row)); break;
            case CellKind.Date: values.AddDate(Unsafe.As<Func<T, DateOnly>>(cell.Get)(row)); break;
            case CellKind.NullableDate: Put(values, Unsafe.As<Func<T, DateOnly?>>(cell.Get)(row)); break;
            case CellKind.Timestamp: values.AddTimestamp(Unsafe.As<Func<T, DateTimeOffset>>(cell.Get)(row)); break;
            case CellKind.NullableTimestamp: Put(values, Unsafe.As<Func<T, DateTimeOffset?>>(cell.Get)(row)); break;
            case CellKind.Decimal: values.AddDecimal(Unsafe.As<Func<T, decimal>>(cell.Get)(row)); break;
            default: Put(values, Unsafe.As<Func<T, decimal?>>(cell.Get)(row)); break;
        }
    }

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

    private ParquetMap<T> Add(ParquetColumn column, CellKind kind, Delegate get)
    {
        ArgumentNullException.ThrowIfNull(get);
        if (_columns.Any(c => c.Name == column.Name))
        {
            throw new ArgumentException($"Column '{column.Name}' is mapped twice.", nameof(column));
        }

        _columns.Add(column);
        _cells.Add(new Cell(kind, get));
        _schema = null;
        _cellArray = null;
        return this;
    }

    private readonly record struct Cell(CellKind Kind, Delegate Get);
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
