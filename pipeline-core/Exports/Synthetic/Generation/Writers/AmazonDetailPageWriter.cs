using ShopPipeline.Model;
using ShopPipeline.Stores;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>The column sets of Amazon's Detail Page Sales and Traffic report.</summary>
internal enum AmazonDetailLayout
{
    /// <summary>The current 22 columns, sentence case with EN DASH separators (UK).</summary>
    Current,

    /// <summary>The same columns in title case with ASCII hyphens (US).</summary>
    UsHyphen,

    /// <summary>The 38 columns that split sessions and page views into mobile app and browser.</summary>
    DeviceSplit,

    /// <summary>The 13 columns of the layout before about 2021.</summary>
    Legacy,
}

/// <summary>
/// Amazon Business Reports ▸ Detail Page Sales and Traffic, by child or parent ASIN: UTF-8 with BOM, LF, grouped counts,
/// percentages as text and money with the marketplace's symbol, B2B columns zero. The file has no date: by default one
/// file per day, its period in the name (<c>BusinessReport-21-11-2026_2026-11-20.csv</c>) so the pipeline makes product days;
/// with <c>period</c> one file for the whole simulation, which becomes reported figures per ASIN. Without an explicit
/// layout, a North American store gets the US title-case layout and others the current one. The device split's mobile app
/// and browser sessions and page views become product days (or figures) of the devices <c>app</c> and <c>browser</c> too.
/// </summary>
internal abstract class AmazonDetailPageWriter(AmazonDetailLayout? layout, bool period) : ReportWriter
{
    public override bool Serves(Platform platform) => platform == Platform.Amazon;

    /// <summary>Whether rows are parent ASINs (no child ASIN or SKU columns).</summary>
    protected abstract bool Parent { get; }

    public override IEnumerable<GeneratedFile> Files(GenerationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var simulation = context.Simulation;
        var s = simulation.Settings;
        var chosen = layout ?? (AmazonText.MonthFirst(context.Currency) ? AmazonDetailLayout.UsHyphen : AmazonDetailLayout.Current);
        var columns = Columns(chosen).Where(c => !Parent || c.Key is not ("child" or "sku")).ToList();
        var parents = SimulatedAmazon.Parents(simulation);
        var prefix = "BusinessReport-" + (Parent ? "parent-" : string.Empty) + (layout is null ? string.Empty : chosen.ToString().ToLowerInvariant() + "-");
        if (period)
        {
            var (from, to) = (s.Start, s.Start.AddDays(s.Days - 1));
            var name = $"{prefix}{Downloaded(to)}_{ExportText.Date(from)}_{ExportText.Date(to)}.csv";
            yield return new GeneratedFile(name, Report, (stream, truth) =>
            {
                var totals = new Dictionary<string, AsinFigures>(StringComparer.Ordinal);
                foreach (var day in simulation.Days().TakeWhile(d => d.Date <= to))
                {
                    foreach (var figures in Rows(simulation, parents, day))
                    {
                        totals[figures.Asin] = totals.TryGetValue(figures.Asin, out var t) ? t.Plus(figures) : figures;
                    }
                }

                Write(context, stream, columns, parents, totals.Values.ToList(), (row, cells) =>
                {
                    string Header(string key) => columns.First(c => c.Key == key).Header;
                    string Cell(string key) => cells[columns.FindIndex(c => c.Key == key)]!;
                    void Kpi(string metric, string key, decimal value, string unit) =>
                        KpiTruth.Add(truth, context, Report, (from, to), row.Asin, metric, Header(key), value, unit);

                    Kpi("sessions", "sessions", row.Sessions, "count");
                    Kpi("page_views", "page_views", row.PageViews, "count");
                    Kpi("ordered_units", "units", row.Units, "count");
                    Kpi("ordered_amount", "sales", row.Sales, "amount");
                    Kpi("order_items", "items", row.OrderItems, "count");
                    Kpi("buy_box_rate", "buy_box", KpiTruth.Rate(Cell("buy_box")), "rate");
                    Kpi("unit_session_rate", "unit_session", KpiTruth.Rate(Cell("unit_session")), "rate");
                    foreach (var (device, sessions, pageViews, sessionsKey, pageViewsKey) in DeviceFigures(row, columns))
                    {
                        KpiTruth.Add(truth, context, Report, (from, to), row.Asin, "sessions", Header(sessionsKey), sessions, "count", device);
                        KpiTruth.Add(truth, context, Report, (from, to), row.Asin, "page_views", Header(pageViewsKey), pageViews, "count", device);
                    }
                });
            });
            yield break;
        }

        foreach (var day in simulation.Days())
        {
            var rows = Rows(simulation, parents, day);
            var name = $"{prefix}{Downloaded(day.Date)}_{ExportText.Date(day.Date)}.csv";
            yield return new GeneratedFile(name, Report, (stream, truth) => Write(context, stream, columns, parents, rows, (row, _) =>
            {
                truth.Add(Datasets.Products, new ProductDay
                {
                    Store = context.StoreId,
                    Date = day.Date,
                    ProductId = row.Asin,
                    ProductName = row.Title,
                    Sku = row.Sku,
                    Sessions = row.Sessions,
                    PageViews = row.PageViews,
                    OrderedUnits = row.Units,
                    OrderedAmount = row.Sales,
                    PaidOrders = row.OrderItems,
                    SourceReport = Report,
                });
                foreach (var (device, sessions, pageViews, _, _) in DeviceFigures(row, columns))
                {
                    truth.Add(Datasets.Products, new ProductDay
                    {
                        Store = context.StoreId,
                        Date = day.Date,
                        ProductId = row.Asin,
                        ProductName = row.Title,
                        Sku = row.Sku,
                        Sessions = sessions,
                        PageViews = pageViews,
                        SourceReport = Report,
                        Device = device,
                    });
                }
            }));
        }
    }

    /// <summary>An ASIN's sessions and page views per device, with their column keys, when the layout splits them (none otherwise).</summary>
    private static IEnumerable<(string Device, long Sessions, long PageViews, string SessionsKey, string PageViewsKey)> DeviceFigures(AsinFigures row, List<(string Key, string Header)> columns)
    {
        if (columns.Any(c => c.Key == "sessions_app"))
        {
            yield return (Devices.App, row.AppSessions, row.AppPageViews, "sessions_app", "page_views_app");
            yield return (Devices.Browser, row.BrowserSessions, row.BrowserPageViews, "sessions_browser", "page_views_browser");
        }
    }

    // The file name shows the day after the last day of the report, when it was downloaded, day first as in the UK.
    private static string Downloaded(DateOnly last) => last.AddDays(1).ToString("dd-MM-yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private IReadOnlyList<AsinFigures> Rows(StoreSimulation simulation, IReadOnlyDictionary<string, string> parents, SimulatedDay day)
    {
        var children = SimulatedAmazon.Children(simulation, day);
        if (!Parent)
        {
            return children;
        }

        var names = simulation.Products.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        return children
            .GroupBy(c => parents[c.Asin], StringComparer.Ordinal)
            .Select(g => g.Skip(1).Aggregate(g.First() with { Asin = g.Key, Title = names[g.First().Asin], Sku = null }, (a, b) => a.Plus(b)))
            .ToList();
    }

    private static void Write(GenerationContext context, Stream stream, List<(string Key, string Header)> columns, IReadOnlyDictionary<string, string> parents, IReadOnlyList<AsinFigures> rows, Action<AsinFigures, string?[]> truth)
    {
        using var csv = new CsvText(stream, CsvText.Utf8Bom, "\n");
        csv.Row(columns.Select(c => c.Header));
        var all = new AsinFigures(string.Empty, string.Empty, null, 0, 0, 0, 0, 0m, 0, 0m, 0);
        all = rows.Aggregate(all, (a, b) => a.Plus(b));
        var currency = context.Currency;
        foreach (var row in rows)
        {
            var cells = columns.Select(c => c.Key switch
            {
                "parent" => parents.TryGetValue(row.Asin, out var parent) ? parent : row.Asin,
                "child" => row.Asin,
                "title" => row.Title,
                "sku" => row.Sku,
                "sessions" => AmazonText.Count(row.Sessions),
                "sessions_app" => AmazonText.Count(row.AppSessions),
                "sessions_browser" => AmazonText.Count(row.BrowserSessions),
                "session_share" => AmazonText.Percent(row.Sessions, all.Sessions),
                "session_share_app" => AmazonText.Percent(row.AppSessions, all.AppSessions),
                "session_share_browser" => AmazonText.Percent(row.BrowserSessions, all.BrowserSessions),
                "page_views" => AmazonText.Count(row.PageViews),
                "page_views_app" => AmazonText.Count(row.AppPageViews),
                "page_views_browser" => AmazonText.Count(row.BrowserPageViews),
                "page_view_share" => AmazonText.Percent(row.PageViews, all.PageViews),
                "page_view_share_app" => AmazonText.Percent(row.AppPageViews, all.AppPageViews),
                "page_view_share_browser" => AmazonText.Percent(row.BrowserPageViews, all.BrowserPageViews),
                "buy_box" => AmazonText.Percent(row.BuyBox),
                "units" => AmazonText.Count(row.Units),
                "unit_session" => AmazonText.Percent(row.Units, row.Sessions),
                "sales" => AmazonText.Money(currency, row.Sales),
                "items" => AmazonText.Count(row.OrderItems),
                "b2b_count" => "0",
                "b2b_percent" => "0.00%",
                "b2b_money" => AmazonText.Money(currency, 0m),
                _ => throw new InvalidOperationException("No value for column " + c.Key),
            }).ToArray();
            csv.Row(cells);
            truth(row, cells);
        }
    }

    private static List<(string Key, string Header)> Columns(AmazonDetailLayout layout)
    {
        const string D = " – ";
        return layout switch
        {
            AmazonDetailLayout.Legacy =>
            [
                ("parent", "(Parent) ASIN"), ("child", "(Child) ASIN"), ("title", "Title"), ("sku", "SKU"), ("sessions", "Sessions"), ("session_share", "Session Percentage"),
                ("page_views", "Page Views"), ("page_view_share", "Page Views Percentage"), ("buy_box", "Buy Box Percentage"), ("units", "Units Ordered"),
                ("unit_session", "Unit Session Percentage"), ("sales", "Ordered Product Sales"), ("items", "Total Order Items"),
            ],
            AmazonDetailLayout.UsHyphen =>
            [
                ("parent", "(Parent) ASIN"), ("child", "(Child) ASIN"), ("title", "Title"), ("sku", "SKU"), ("sessions", "Sessions - Total"), ("b2b_count", "Sessions - Total - B2B"),
                ("session_share", "Session Percentage - Total"), ("b2b_percent", "Session Percentage - Total - B2B"), ("page_views", "Page Views - Total"),
                ("b2b_count", "Page Views - Total - B2B"), ("page_view_share", "Page Views Percentage - Total"), ("b2b_percent", "Page Views Percentage - Total - B2B"),
                ("buy_box", "Featured Offer (Buy Box) Percentage"), ("b2b_percent", "Featured Offer (Buy Box) Percentage - B2B"), ("units", "Units Ordered"),
                ("b2b_count", "Units Ordered - B2B"), ("unit_session", "Unit Session Percentage"), ("b2b_percent", "Unit Session Percentage - B2B"),
                ("sales", "Ordered Product Sales"), ("b2b_money", "Ordered Product Sales - B2B"), ("items", "Total Order Items"), ("b2b_count", "Total Order Items - B2B"),
            ],
            AmazonDetailLayout.DeviceSplit =>
            [
                ("parent", "(Parent) ASIN"), ("child", "(Child) ASIN"), ("title", "Title"), ("sku", "SKU"),
                ("sessions_app", "Sessions" + D + "Mobile app"), ("b2b_count", "Sessions" + D + "Mobile APP" + D + "B2B"), ("sessions_browser", "Sessions" + D + "Browser"),
                ("b2b_count", "Sessions" + D + "Browser" + D + "B2B"), ("sessions", "Sessions" + D + "Total"), ("b2b_count", "Sessions" + D + "Total" + D + "B2B"),
                ("session_share_app", "Session percentage" + D + "Mobile App"), ("b2b_percent", "Session percentage" + D + "Mobile APP" + D + "B2B"),
                ("session_share_browser", "Session percentage" + D + "Browser"), ("b2b_percent", "Session percentage" + D + "Browser" + D + "B2B"),
                ("session_share", "Session percentage" + D + "Total"), ("b2b_percent", "Session percentage" + D + "Total" + D + "B2B"),
                ("page_views_app", "Page views" + D + "Mobile app"), ("b2b_count", "Page views" + D + "Mobile APP" + D + "B2B"), ("page_views_browser", "Page views" + D + "Browser"),
                ("b2b_count", "Page views" + D + "Browser" + D + "B2B"), ("page_views", "Page views" + D + "Total"), ("b2b_count", "Page views" + D + "Total" + D + "B2B"),
                ("page_view_share_app", "Page views percentage" + D + "Mobile App"), ("b2b_percent", "Page views percentage" + D + "Mobile app" + D + "B2B"),
                ("page_view_share_browser", "Page views percentage" + D + "Browser"), ("b2b_percent", "Page views percentage" + D + "Browser" + D + "B2B"),
                ("page_view_share", "Page views percentage" + D + "Total"), ("b2b_percent", "Page views percentage" + D + "Total" + D + "B2B"),
                ("buy_box", "Featured Offer (Buy Box) percentage"), ("b2b_percent", "Featured Offer (Buy Box) percentage" + D + "B2B"), ("units", "Units ordered"),
                ("b2b_count", "Units ordered" + D + "B2B"), ("unit_session", "Unit Session Percentage"), ("b2b_percent", "Unit session percentage" + D + "B2B"),
                ("sales", "Ordered Product Sales"), ("b2b_money", "Ordered product sales" + D + "B2B"), ("items", "Total order items"), ("b2b_count", "Total order items" + D + "B2B"),
            ],
            _ =>
            [
                ("parent", "(Parent) ASIN"), ("child", "(Child) ASIN"), ("title", "Title"), ("sku", "SKU"), ("sessions", "Sessions" + D + "Total"),
                ("b2b_count", "Sessions" + D + "Total" + D + "B2B"), ("session_share", "Session percentage" + D + "Total"),
                ("b2b_percent", "Session percentage" + D + "Total" + D + "B2B"), ("page_views", "Page views" + D + "Total"), ("b2b_count", "Page views" + D + "Total" + D + "B2B"),
                ("page_view_share", "Page views percentage" + D + "Total"), ("b2b_percent", "Page views percentage" + D + "Total" + D + "B2B"),
                ("buy_box", "Featured Offer (Buy Box) percentage"), ("b2b_percent", "Featured Offer (Buy Box) percentage" + D + "B2B"), ("units", "Units ordered"),
                ("b2b_count", "Units ordered" + D + "B2B"), ("unit_session", "Unit Session Percentage"), ("b2b_percent", "Unit session percentage" + D + "B2B"),
                ("sales", "Ordered Product Sales"), ("b2b_money", "Ordered product sales" + D + "B2B"), ("items", "Total order items"), ("b2b_count", "Total order items" + D + "B2B"),
            ],
        };
    }
}
