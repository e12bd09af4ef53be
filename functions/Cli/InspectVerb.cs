using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ShopPipeline.Exports;
using ShopPipeline.Exports.Containers;
using ShopPipeline.Pipeline;

namespace ShopPipeline.Functions.Cli;

/// <summary><c>shoppipe inspect</c>: what the pipeline makes of one export file, before or after it was rejected.</summary>
internal static class InspectVerb
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("file") { Description = "The export file to inspect (CSV, TSV, XLSX, XLS, an HTML table saved as .xls, or a zip holding one)." };
        var json = new Option<bool>("--json") { Description = "Print the inspection as JSON instead of text." };
        var rows = new Option<int>("--rows") { Description = "How many data rows to show.", DefaultValueFactory = _ => 5 };
        var command = new Command("inspect", "Show how a file decodes: encoding, header row, recognised report, column mapping, row count, first rows.")
        {
            file,
            json,
            rows,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                await error.WriteLineAsync($"File '{path.FullName}' does not exist.");
                return ExitCodes.UsageOrConfiguration;
            }

            ExportInspection inspection;
            try
            {
                inspection = ExportInspection.Inspect(path.FullName, Math.Clamp(parse.GetValue(rows), 0, 100));
            }
            catch (ExportFormatException e)
            {
                await error.WriteLineAsync($"{e.Message} [{e.Code}]");
                return ExitCodes.DataFailures;
            }
            catch (InvalidDataException e)
            {
                await error.WriteLineAsync($"{path.Name}: {e.Message}");
                return ExitCodes.DataFailures;
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(inspection, RunSummary.JsonOptions));
            }
            else
            {
                await output.WriteAsync(Describe(inspection));
            }

            return inspection.Recognised ? ExitCodes.Ok : ExitCodes.DataFailures;
        });
        return command;
    }

    private static string Describe(ExportInspection i)
    {
        var text = new System.Text.StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"File:       {i.File} ({i.Bytes:N0} bytes, {i.Container})");
        if (i.Encoding is not null)
        {
            text.AppendLine(c, $"Encoding:   {i.Encoding} ({i.EncodingConfidence:P0}; {i.EncodingReason})");
        }

        if (i.Delimiter is { } delimiter)
        {
            text.AppendLine(c, $"Delimiter:  {(delimiter == '\t' ? "tab" : $"'{delimiter}'")}");
        }

        if (i.Sheet is not null)
        {
            text.AppendLine(c, $"Sheet:      {i.Sheet}");
        }

        text.AppendLine(c, $"Report:     {(i.Recognised ? $"{i.ReportTitle} [{i.Report}], header on row {i.HeaderRow}, {i.Confidence:P0} of its columns" : "not recognised")}");
        text.AppendLine(c, $"Verdict:    {i.Verdict}");
        if (i.Recognised)
        {
            text.AppendLine(c, $"Data rows:  {i.DataRows:N0}");
            text.AppendLine("Columns:");
            foreach (var (header, canonical) in i.ColumnMapping)
            {
                text.AppendLine(c, $"  {header} -> {canonical}");
            }

            if (i.UnmappedHeaders.Count > 0)
            {
                text.AppendLine(c, $"Not used:   {string.Join(", ", i.UnmappedHeaders)}");
            }

            text.AppendLine("First rows:");
            foreach (var row in i.FirstRows)
            {
                text.AppendLine(c, $"  {string.Join(" | ", row.Select(v => v ?? ""))}");
            }
        }

        return text.ToString();
    }
}
