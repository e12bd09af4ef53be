using ShopPipeline.Storage;
using ShopPipeline.Stores;

namespace ShopPipeline.Metrics;

/// <summary>What was computed and written for one store-day.</summary>
internal sealed record StoreDayOutput
{
    public required string Store { get; init; }

    public required DateOnly Date { get; init; }

    public required DateOnly AsOf { get; init; }

    public required int Metrics { get; init; }

    public required int Breakdowns { get; init; }

    /// <summary>Metrics whose inputs may still change (ads within 15 days of the click, refunds within 30 days).</summary>
    public required int Provisional { get; init; }

    /// <summary>The Parquet partitions and the table row written, as <c>container/name</c> and <c>table/partition/row</c>.</summary>
    public required IReadOnlyList<string> Outputs { get; init; }
}

/// <summary>Computes and writes the metrics of a store's days from the lake: one load of the store's facts, one engine, every day.</summary>
internal static class StoreDayComputation
{
    public static async Task<IReadOnlyList<StoreDayOutput>> RunAsync(IBlobStore blobs, ITableStore tables, StoreConfig store, IReadOnlyCollection<DateOnly> dates, DateOnly asOf, CancellationToken cancellationToken)
    {
        var all = await PlanAsync(blobs, store, dates, cancellationToken);
        return await ComputeAsync(blobs, tables, store, all, asOf, cancellationToken);
    }

    /// <summary>
    /// The days whose metrics change when <paramref name="dates"/> changed: the dates themselves, the later days whose
    /// returning-buyer and repurchase figures look back at them, and the order days of refunds completed on them.
    /// </summary>
    public static async Task<IReadOnlyCollection<DateOnly>> PlanAsync(IBlobStore blobs, StoreConfig store, IReadOnlyCollection<DateOnly> dates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dates);
        if (dates.Count == 0)
        {
            return [];
        }

        var lake = new LakeReader(blobs);

        // Orders of a day decide who is a returning buyer and who repeats within the repurchase windows on every day of the
        // year after it: a changed day (an upload processed late, a corrected export) recomputes the later days that have
        // orders or metrics already, so the figures never depend on the order uploads were processed in.
        var touched = new SortedSet<DateOnly>(dates);
        var all = new SortedSet<DateOnly>(dates);
        var reach = DailyMetricsEngine.ReturningLookBackDays;
        var computed = (await lake.PartitionsAsync(MetricsOutput.Daily.Name, store.Id, cancellationToken)).Keys.ToList();
        foreach (var dataset in new[] { Model.Datasets.Orders.Name, MetricsOutput.Daily.Name })
        {
            var days = dataset == MetricsOutput.Daily.Name ? computed : (await lake.PartitionsAsync(dataset, store.Id, cancellationToken)).Keys.ToList();
            foreach (var day in days)
            {
                if (day > touched.Min && day <= touched.Max.AddDays(reach) && touched.GetViewBetween(day.AddDays(-reach), day.AddDays(-1)).Count > 0)
                {
                    all.Add(day);
                }
            }
        }

        // A refund completed on a day changes the order-date refund rates of the day its order was paid: that day is recomputed too.
        var facts = await StoreFacts.LoadAsync(lake, store.Id, store.TimeZone, all.Min, all.Max, cancellationToken);
        foreach (var refund in facts.Refunds.Where(r => dates.Contains(r.BusinessDate) && r.OrderId is not null))
        {
            if (facts.Sales.IndexOf(refund.OrderId!) is var order and not SalesFacts.None
                && DateOnly.FromDayNumber(facts.Sales.Orders[order].Day) is var paid
                && paid >= refund.BusinessDate.AddDays(-StoreFacts.RefundDays))
            {
                all.Add(paid);
            }
        }

        // Refund data shows on the refund window before it too (the days whose orders it could be for): days already computed
        // there are computed again, so a refunds upload gives them their zero refunds.
        var refundDays = facts.Refunds.Where(r => dates.Contains(r.BusinessDate)).Select(r => r.BusinessDate).ToList();
        if (refundDays.Count > 0)
        {
            var from = refundDays.Min().AddDays(-StoreFacts.RefundDays - 1);
            all.UnionWith(computed.Where(d => d >= from && d < refundDays.Min()));
        }

        return all;
    }

    /// <summary>Computes and writes the metrics of exactly <paramref name="dates"/> from one load of the store's facts.</summary>
    public static async Task<IReadOnlyList<StoreDayOutput>> ComputeAsync(IBlobStore blobs, ITableStore tables, StoreConfig store, IReadOnlyCollection<DateOnly> dates, DateOnly asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dates);
        if (dates.Count == 0)
        {
            return [];
        }

        var days = new SortedSet<DateOnly>(dates);
        var facts = await StoreFacts.LoadAsync(new LakeReader(blobs), store.Id, store.TimeZone, days.Min, days.Max, cancellationToken, store.LeadTimeDays);
        var engine = new DailyMetricsEngine(facts);
        var outputs = new List<StoreDayOutput>(days.Count);
        foreach (var date in days)
        {
            var metrics = engine.Compute(date, asOf);
            var written = await MetricsOutput.WriteAsync(blobs, tables, metrics, cancellationToken);
            outputs.Add(new StoreDayOutput
            {
                Store = store.Id,
                Date = date,
                AsOf = asOf,
                Metrics = metrics.Values.Count,
                Breakdowns = metrics.Breakdowns.Count,
                Provisional = metrics.Values.Count(v => v.Provisional),
                Outputs = [.. written, $"{MetricsOutput.DailyTable}/{store.Id}/{date:yyyyMMdd}"],
            });
        }

        return outputs;
    }

    /// <summary>The store-local date of an instant: what "as of" means for a store's provisional flags.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, zone));
    }
}
