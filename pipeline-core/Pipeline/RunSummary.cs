using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ShopPipeline.Lake;

namespace ShopPipeline.Pipeline;

/// <summary>What happened to one uploaded file.</summary>
internal enum FileStatus
{
    /// <summary>Stored in <c>exports/</c> and recorded; processed as far as this build's stages go.</summary>
    Stored,

    /// <summary>Already stored with the same content by an earlier run; recorded again, not re-uploaded.</summary>
    Unchanged,

    /// <summary>Not accepted; kept in <c>quarantine/</c> with an error report.</summary>
    Rejected,
}

/// <summary>A problem with one file, written for the person who uploaded it.</summary>
/// <param name="Message">What is wrong, with where (row, column) when known.</param>
/// <param name="Fix">What to do about it.</param>
internal sealed record FileProblem(string Message, string Fix);

/// <summary>The outcome of one file of a run.</summary>
internal sealed record FileOutcome
{
    public required string File { get; init; }

    public string? Store { get; init; }

    public string? Client { get; init; }

    public required FileStatus Status { get; init; }

    public string? UploadId { get; init; }

    public string? Blob { get; init; }

    public long Bytes { get; init; }

    public string? Sha256 { get; init; }

    /// <summary>The report the file was recognised as, once recognition exists; null until then.</summary>
    public string? Recognised { get; init; }

    /// <summary>The report and subject (one product's or one period's file) whose part of each lake partition the file holds.</summary>
    public string? Scope { get; init; }

    public long? Rows { get; init; }

    public long? RejectedRows { get; init; }

    public IReadOnlyDictionary<string, long>? CanonicalRows { get; init; }

    /// <summary>When the export was made, which decides which upload a lake partition keeps.</summary>
    public DateTimeOffset? ExportTime { get; init; }

    /// <summary>How <see cref="ExportTime"/> is known: stated in the file, in its name, the blob's time or the processing time.</summary>
    public ExportTimeSource? ExportTimeSource { get; init; }

    /// <summary>Every lake partition the file had rows for, with the rows and whether the lake holds them or a newer export.</summary>
    public IReadOnlyList<PartitionLineage> Partitions { get; init; } = [];

    public IReadOnlyList<FileProblem> Errors { get; init; } = [];

    /// <summary>Everything the run wrote for this file, as <c>container/name</c>.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];
}

/// <summary>Counts over a run's files.</summary>
internal sealed record RunTotals(int Files, int Stored, int Unchanged, int Rejected);

/// <summary>The machine-readable result of <c>shoppipe run</c>, written as <c>run-summary.json</c>.</summary>
internal sealed record RunSummary
{
    public required string RunId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset CompletedAt { get; init; }

    public required string Folder { get; init; }

    public required string Storage { get; init; }

    public required IReadOnlyList<FileOutcome> Files { get; init; }

    /// <summary>The store-days whose metrics the run computed (every store-day its uploads wrote partitions for).</summary>
    public IReadOnlyList<Metrics.StoreDayOutput> Metrics { get; init; } = [];

    /// <summary>The incidents detection found over the touched days, suppressed repeats included (they are marked).</summary>
    public IReadOnlyList<Detection.IncidentEntry> Incidents { get; init; } = [];

    /// <summary>Per store, the days detection scored or why it could not (too little history).</summary>
    public IReadOnlyList<Detection.DetectionNote> Detection { get; init; } = [];

    public RunTotals Totals => new(
        Files.Count,
        Files.Count(f => f.Status == FileStatus.Stored),
        Files.Count(f => f.Status == FileStatus.Unchanged),
        Files.Count(f => f.Status == FileStatus.Rejected));

    public bool HasFailures => Files.Any(f => f.Status == FileStatus.Rejected);

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
