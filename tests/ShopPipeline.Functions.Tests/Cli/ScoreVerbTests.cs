using System.Globalization;
using ShopPipeline.Functions.Cli;

namespace ShopPipeline.Tests.Cli;

public sealed class ScoreVerbTests : IDisposable
{
    private static readonly double[] WeekdayFactors = [1.00, 0.97, 0.95, 0.97, 1.02, 1.12, 1.10];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(int Exit, string Out, string Err)> ShoppipeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ShoppipeCommand.InvokeAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string WriteSeries(string name, IEnumerable<(string Timestamp, string Value)> points, bool header = true)
    {
        var path = Path.Combine(_temp.Path, name);
        var lines = points.Select(p => $"{p.Timestamp},{p.Value}");
        File.WriteAllLines(path, header ? lines.Prepend("timestamp,value") : lines);
        return path;
    }

    private static async Task<List<string[]>> ScoreAsync(string path, string expectedCycle)
    {
        var outPath = path + ".scored.csv";
        var (exit, stdout, stderr) = await ShoppipeAsync("score", path, "--out", outPath);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains(expectedCycle, stdout, StringComparison.Ordinal);
        var lines = File.ReadAllLines(outPath);
        Assert.Equal("timestamp,value,score,alert", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToList();
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static List<string> Alerts(List<string[]> rows) => rows.Where(r => r[3] == "true").Select(r => r[0]).ToList();

    [Fact]
    public async Task Five_minute_series_with_a_daily_cycle_alerts_on_the_one_collapsed_point_only()
    {
        // Six days of 5-minute traffic: a daily cycle from 20 to 180 visits plus ±5% noise; at day 5 12:00 traffic falls to a tenth.
        var random = new Random(11);
        var start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var points = Enumerable.Range(0, 6 * 288).Select(i =>
        {
            var time = start.AddMinutes(5 * i);
            var level = 100 + (80 * Math.Sin(2 * Math.PI * (i % 288) / 288.0));
            var value = level * (1 + ((random.NextDouble() - 0.5) * 0.1));
            if (i == (5 * 288) + 144)
            {
                value = level / 10;
            }

            return (time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), Number(value));
        });

        var rows = await ScoreAsync(WriteSeries("five-minute.csv", points), "a step of 5 minutes, a daily cycle of 288 points");

        Assert.Equal(6 * 288, rows.Count);
        Assert.Equal(["2026-05-06T12:00:00Z"], Alerts(rows));
        Assert.All(rows.Take(3 * 288), r => Assert.Equal("", r[2])); // three previous days are needed for a baseline
        var score = double.Parse(rows.Single(r => r[0] == "2026-05-06T12:00:00Z")[2], CultureInfo.InvariantCulture);
        Assert.InRange(score, 0.5, 1);
    }

    [Fact]
    public async Task Hourly_series_alerts_on_a_level_drop_in_the_last_three_hours()
    {
        // Ten days of hourly orders with a day/night cycle and ±4% noise; the last three hours run at half the usual level.
        var random = new Random(5);
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var points = Enumerable.Range(0, 240).Select(i =>
        {
            var level = 50 + (40 * Math.Cos(2 * Math.PI * ((i % 24) - 20) / 24.0));
            var value = level * (1 + ((random.NextDouble() - 0.5) * 0.08)) * (i >= 237 ? 0.5 : 1);
            return (start.AddHours(i).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), Number(value));
        });

        var rows = await ScoreAsync(WriteSeries("hourly.csv", points, header: false), "a step of 1 hour, a daily cycle of 24 points");

        Assert.Equal(["2026-06-10T21:00:00+08:00", "2026-06-10T22:00:00+08:00", "2026-06-10T23:00:00+08:00"], Alerts(rows));
    }

    [Fact]
    public async Task Daily_series_uses_the_weekday_and_does_not_alert_on_weekends()
    {
        // Ten weeks of daily visitors from Monday 2026-03-02: 1000 × weekday factor (Saturday 1.12) ± 2%; one Wednesday falls 40%.
        var random = new Random(3);
        var start = new DateOnly(2026, 3, 2);
        var drop = new DateOnly(2026, 4, 29);
        var points = Enumerable.Range(0, 70).Select(i =>
        {
            var date = start.AddDays(i);
            var value = 1000 * WeekdayFactors[i % 7] * (1 + ((random.NextDouble() - 0.5) * 0.04)) * (date == drop ? 0.6 : 1);
            return (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Number(value));
        });

        var rows = await ScoreAsync(WriteSeries("daily.csv", points), "a step of 1 day, a weekly cycle of 7 points");

        Assert.Equal(["2026-04-29"], Alerts(rows));
        var saturdays = rows.Where(r => DateOnly.Parse(r[0], CultureInfo.InvariantCulture).DayOfWeek == DayOfWeek.Saturday && r[2] != "").ToList();
        Assert.NotEmpty(saturdays);
        Assert.All(saturdays, r => Assert.InRange(double.Parse(r[2], CultureInfo.InvariantCulture), 0, 0.5));
    }

    [Fact]
    public async Task Missing_days_and_empty_values_are_gaps_not_zeros_and_keep_the_weekday_phase()
    {
        // The same weekly series with eight dates left out and one empty value: if the rows after a gap were taken as the next
        // positions, every later weekday would be compared with the wrong weekday and the Saturday peaks would alert.
        var random = new Random(8);
        var start = new DateOnly(2026, 3, 2);
        var missing = new HashSet<int> { 20, 21, 22, 33, 34, 45, 46, 47 };
        var points = Enumerable.Range(0, 70).Where(i => !missing.Contains(i)).Select(i =>
        {
            var value = 1000 * WeekdayFactors[i % 7] * (1 + ((random.NextDouble() - 0.5) * 0.04));
            return (start.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i == 55 ? "" : Number(value));
        }).ToList();

        var rows = await ScoreAsync(WriteSeries("gaps.csv", points), "a weekly cycle of 7 points");

        Assert.Equal(points.Count, rows.Count);
        Assert.Empty(Alerts(rows));
        var empty = rows.Single(r => r[0] == start.AddDays(55).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(["", "", "false"], empty[1..]);
        Assert.True(rows.Count(r => r[2] != "") >= 40);
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_reported_with_its_line_and_how_to_fix_it()
    {
        var path = WriteSeries("bad.csv", [("2026-03-02", "10"), ("2026-03-03", "1,234")]);

        var (exit, _, stderr) = await ShoppipeAsync("score", path);

        Assert.Equal(1, exit);
        Assert.Contains("bad.csv line 3: expected two comma-separated fields", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timestamp_that_cannot_be_read_is_reported_with_its_line()
    {
        var path = WriteSeries("bad-time.csv", [("2026-03-02", "10"), ("yesterday", "12")]);

        var (exit, _, stderr) = await ShoppipeAsync("score", path);

        Assert.Equal(1, exit);
        Assert.Contains("bad-time.csv line 3: 'yesterday' is not a timestamp", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_out_the_scored_csv_goes_to_standard_output()
    {
        var sample = Path.Combine(RepoPaths.Root, "samples", "series", "daily-visitors.csv");

        var (exit, stdout, stderr) = await ShoppipeAsync("score", sample);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("timestamp,value,score,alert", lines[0]);
        Assert.Equal(File.ReadAllLines(sample).Length, lines.Length);
        Assert.Contains(lines, l => l.EndsWith(",true", StringComparison.Ordinal));
        Assert.Contains("a weekly cycle of 7 points", stderr, StringComparison.Ordinal);
    }
}
