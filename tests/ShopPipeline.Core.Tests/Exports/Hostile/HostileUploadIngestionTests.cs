using System.Text.Json;
using ShopPipeline.Exports.Ingestion;
using ShopPipeline.Tests.Exports.Ingestion;

namespace ShopPipeline.Tests.Exports.Hostile;

public sealed class HostileUploadIngestionTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in HostileCorpus.All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Fact]
    public void The_corpus_holds_at_least_forty_hostile_uploads()
    {
        Assert.True(HostileCorpus.All.Count >= 40, $"{HostileCorpus.All.Count} cases");
        Assert.Equal(HostileCorpus.All.Count, HostileCorpus.All.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_hostile_upload_is_rejected_whole_with_its_reason_in_a_quarantine_report_and_left_unchanged(string name)
    {
        var hostile = HostileCorpus.Get(name);
        var bytes = hostile.Build();
        var store = IngestHarness.Store(platform: hostile.Platform, timeZone: hostile.Platform == "shopify" ? "America/Los_Angeles" : "Asia/Shanghai", currency: hostile.Platform == "shopify" ? "USD" : "CNY", encoding: hostile.Encoding);

        var run = IngestHarness.Run(bytes, "test-store/" + hostile.File, store);

        Assert.True(run.Report.Verdict == IngestVerdict.Rejected, $"{run.Report.Verdict}: {run.Report.DataRows} rows, {run.Report.RejectedRows} rejected, issues: {string.Join(" / ", run.Report.Issues.Take(3).Select(i => i.Message))}");
        Assert.Empty(run.Datasets);
        Assert.NotNull(run.QuarantineJson);
        using var report = JsonDocument.Parse(run.QuarantineJson!);
        var problem = report.RootElement.GetProperty("problem").GetString()!;
        var fix = report.RootElement.GetProperty("fix").GetString()!;
        Assert.True(problem.Contains(hostile.Expected, StringComparison.OrdinalIgnoreCase), $"'{hostile.Expected}' not in: {problem}");
        Assert.True(fix.Length > 20, $"fix too short: '{fix}'");
        Assert.Equal("exports/test-store/" + hostile.File, report.RootElement.GetProperty("upload").GetString());
        Assert.True(bytes.AsSpan().SequenceEqual(run.UploadBytesAfter), "the upload must stay byte for byte as it was");
    }
}
