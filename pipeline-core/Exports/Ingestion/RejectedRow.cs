using ShopPipeline.Parquet;

namespace ShopPipeline.Exports.Ingestion;

/// <summary>
/// A row the ingestion could not take, kept with every issue it had (the <c>rejects</c> dataset, partitioned by store and
/// upload). <see cref="Cells"/> holds the row as a JSON array with personal and unknown columns blanked, so the row can be
/// fixed and re-uploaded without the lake ever holding personal data; the upload itself is kept unchanged.
/// </summary>
internal sealed record RejectedRow
{
    public required string Store { get; init; }

    public required string UploadId { get; init; }

    public required string File { get; init; }

    public required int Row { get; init; }

    public string? Column { get; init; }

    public required string Code { get; init; }

    public required string Expected { get; init; }

    public string? Found { get; init; }

    public required string Message { get; init; }

    public required string Cells { get; init; }

    public static ParquetMap<RejectedRow> Parquet { get; } = new ParquetMap<RejectedRow>()
        .String("store", r => r.Store)
        .String("upload_id", r => r.UploadId)
        .String("file", r => r.File)
        .Int32("row", r => r.Row)
        .String("column", r => r.Column, nullable: true)
        .String("code", r => r.Code)
        .String("expected", r => r.Expected)
        .String("found", r => r.Found, nullable: true)
        .String("message", r => r.Message)
        .String("cells", r => r.Cells);
}
