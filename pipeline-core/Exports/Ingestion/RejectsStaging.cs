using System.Text.Json;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Lake;
using ShopPipeline.Parquet;
using ShopPipeline.Storage;

namespace ShopPipeline.Exports.Ingestion;

/// <summary>
/// Streams the rejected rows of one upload to a local Parquet file, published as
/// <c>rejects/store=…/upload=…/part-0.parquet</c> so every bad row and its reasons stay queryable beside the lake.
/// </summary>
internal sealed class RejectsStaging : IDisposable
{
    /// <summary>What a personal or unknown column's cell becomes in a kept row.</summary>
    public const string NotKept = "[not kept]";

    private readonly string _store;
    private readonly string _uploadId;
    private readonly string _path;
    private FileStream? _stream;
    private ParquetFileWriter? _writer;

    public RejectsStaging(string store, string uploadId, string workDirectory)
    {
        _store = store;
        _uploadId = uploadId;
        Directory.CreateDirectory(workDirectory);
        _path = Path.Combine(workDirectory, "rejects-" + Guid.NewGuid().ToString("N") + ".parquet");
    }

    public long Rows { get; private set; }

    /// <summary>Keeps a rejected row: one rejects record per issue, each with the row's cells (personal and unknown ones blanked).</summary>
    public void Add(IReadOnlyList<RowIssue> issues, IReadOnlyList<string?> cells, ReportLayout? layout, IReadOnlyDictionary<string, int> columnIndex)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var kept = JsonSerializer.Serialize(Redact(cells, layout, columnIndex));
        if (_writer is null)
        {
            _stream = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            _writer = new ParquetFileWriter(_stream, RejectedRow.Parquet.Schema, new ParquetWriteOptions { RowGroupMaxBytes = 4L << 20, EncodeInBackground = false });
        }

        foreach (var issue in issues)
        {
            RejectedRow.Parquet.Write(_writer, new RejectedRow
            {
                Store = _store,
                UploadId = _uploadId,
                File = issue.File,
                Row = issue.Row,
                Column = issue.Column,
                Code = issue.Code,
                Expected = issue.Expected,
                Found = issue.Found,
                Message = issue.Message,
                Cells = kept,
            });
            Rows++;
        }
    }

    /// <summary>Publishes the rejects file (or removes a previous one when this upload has no rejects); returns its blob path.</summary>
    public async Task<string?> PublishAsync(IBlobStore blobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        var name = HivePath.Build("rejects", [new("store", _store), new("upload", _uploadId)]);
        if (_writer is null)
        {
            await blobs.DeleteAsync(StorageLayout.Curated, name, cancellationToken: cancellationToken);
            return null;
        }

        _writer.Complete();
        _writer.Dispose();
        _stream!.Dispose();
        _writer = null;
        await using (var content = File.OpenRead(_path))
        {
            await blobs.PutAsync(StorageLayout.Curated, name, content, new BlobPutOptions { ContentType = "application/vnd.apache.parquet" }, cancellationToken);
        }

        return StorageLayout.Curated + "/" + name;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _stream?.Dispose();
        File.Delete(_path);
    }

    // Only cells of known, non-personal columns are kept: an unknown column may be an address or a note.
    private static string?[] Redact(IReadOnlyList<string?> cells, ReportLayout? layout, IReadOnlyDictionary<string, int> columnIndex)
    {
        var keep = new HashSet<int>();
        if (layout is not null)
        {
            foreach (var column in layout.Columns.Where(c => !c.Personal))
            {
                if (columnIndex.TryGetValue(column.Name, out var i))
                {
                    keep.Add(i);
                }
            }
        }

        var result = new string?[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            result[i] = keep.Contains(i) ? RowIssue.Shorten(cells[i]) : string.IsNullOrEmpty(cells[i]) ? cells[i] : NotKept;
        }

        return result;
    }
}
