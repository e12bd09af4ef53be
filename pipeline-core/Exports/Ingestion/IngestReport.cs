namespace ShopPipeline.Exports.Ingestion;

/// <summary>What happened to an upload as a whole.</summary>
internal enum IngestVerdict
{
    /// <summary>Every data row became canonical rows.</summary>
    Accepted,

    /// <summary>Most rows were taken; the bad ones went to the rejects dataset with their reasons.</summary>
    AcceptedWithRejects,

    /// <summary>Nothing was taken: the file is not a known report, is empty, or is mostly bad.</summary>
    Rejected,
}

/// <summary>The outcome of ingesting one upload, for the run summary, the Uploads table and the quarantine report.</summary>
internal sealed record IngestReport
{
    /// <summary>Issues kept in full; beyond this only their count by code is kept, so a bad 1 GB file cannot exhaust memory.</summary>
    public const int MaxIssuesKept = 50;

    public required string File { get; init; }

    public required IngestVerdict Verdict { get; init; }

    public string? Report { get; init; }

    public string? ReportTitle { get; init; }

    /// <summary>The report and, for a file about one product or period, that subject: the part of each lake partition the upload replaces.</summary>
    public string? Scope { get; init; }

    public string? Container { get; init; }

    public string? Encoding { get; init; }

    public int HeaderRow { get; init; }

    public long DataRows { get; init; }

    public long AcceptedRows { get; init; }

    public long RejectedRows { get; init; }

    /// <summary>Totals (总计, 合计, Total) and notes rows that are not data.</summary>
    public long DroppedRows { get; init; }

    public IReadOnlyDictionary<string, long> CanonicalRows { get; init; } = new Dictionary<string, long>();

    public IReadOnlyList<RowIssue> Issues { get; init; } = [];

    public IReadOnlyDictionary<string, long> IssueCounts { get; init; } = new Dictionary<string, long>();

    /// <summary>The rows above the header (report name, period, 下载时间…), for what the file states about itself.</summary>
    public IReadOnlyList<string?[]> TitleRows { get; init; } = [];

    /// <summary>For a rejected upload: what is wrong, in plain words.</summary>
    public string? Problem { get; init; }

    /// <summary>For a rejected upload: what the uploader should do.</summary>
    public string? Fix { get; init; }
}
