using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Amazon;

/// <summary>
/// Amazon Business Reports ▸ Detail Page Sales and Traffic by child item (22-column UK layout, 38-column device split, US
/// title-case with hyphens, legacy 13-column layout). The file has no date column: the period comes from the upload path
/// or a <c>.period.json</c> sidecar. A one-day period gives product days; a longer one gives reported figures per ASIN.
/// The device split adds, beside each ASIN's total, its mobile app and browser sessions and page views (device <c>app</c>
/// and <c>browser</c>); Amazon does not split units or sales by device.
/// </summary>
internal sealed class AmazonDetailPageByChild : IReportSource
{
    public static ReportLayout Definition { get; } = AmazonDetailPage.Columns(
        new LayoutBuilder("amazon.detail-page-by-child", "amazon", "Amazon Business Report: Detail Page Sales and Traffic by Child Item")
            .Require("child_asin", "(Child) ASIN")
            .Optional("parent_asin", "(Parent) ASIN"));

    public ReportLayout Layout => Definition;

    public string? SubjectOf(MappingContext context, SourceRow header) => AnalyticsPeriod.Subject(context);

    public IReportMapper CreateMapper(MappingContext context) => new AmazonDetailPage.Mapper(context, Definition.Id, "child_asin");
}

/// <summary>Amazon Business Reports ▸ Detail Page Sales and Traffic by parent item: as by child, one row per parent ASIN.</summary>
internal sealed class AmazonDetailPageByParent : IReportSource
{
    public static ReportLayout Definition { get; } = AmazonDetailPage.Columns(
        new LayoutBuilder("amazon.detail-page-by-parent", "amazon", "Amazon Business Report: Detail Page Sales and Traffic by Parent Item")
            .Require("parent_asin", "(Parent) ASIN"));

    public ReportLayout Layout => Definition;

    public string? SubjectOf(MappingContext context, SourceRow header) => AnalyticsPeriod.Subject(context);

    public IReportMapper CreateMapper(MappingContext context) => new AmazonDetailPage.Mapper(context, Definition.Id, "parent_asin");
}

/// <summary>The columns and mapping both Detail Page reports share.</summary>
internal static class AmazonDetailPage
{
    public static ReportLayout Columns(LayoutBuilder builder) => builder
        .Require("sessions", "Sessions - Total|Sessions")
        .Require("units", "Units ordered")
        .Require("sales", "Ordered product sales")
        .Optional("title", "Title")
        .Optional("sku", "SKU")
        .Optional("sessions_b2b", "Sessions - Total - B2B")
        .Optional("session_share", "Session percentage - Total|Session percentage")
        .Optional("session_share_b2b", "Session percentage - Total - B2B")
        .Optional("page_views", "Page views - Total|Page views")
        .Optional("page_views_b2b", "Page views - Total - B2B")
        .Optional("page_view_share", "Page views percentage - Total|Page views percentage")
        .Optional("page_view_share_b2b", "Page views percentage - Total - B2B")
        .Optional("buy_box", "Featured Offer (Buy Box) percentage|Buy Box percentage")
        .Optional("buy_box_b2b", "Featured Offer (Buy Box) percentage - B2B")
        .Optional("units_b2b", "Units ordered - B2B")
        .Optional("unit_session_rate", "Unit session percentage")
        .Optional("unit_session_rate_b2b", "Unit session percentage - B2B")
        .Optional("sales_b2b", "Ordered product sales - B2B")
        .Optional("order_items", "Total order items")
        .Optional("order_items_b2b", "Total order items - B2B")
        .Optional("sessions_app", "Sessions - Mobile app")
        .Optional("sessions_browser", "Sessions - Browser")
        .Optional("page_views_app", "Page views - Mobile app")
        .Optional("page_views_browser", "Page views - Browser")
        .Build();

    /// <summary>The device-split columns: each device with its sessions and page views columns.</summary>
    private static readonly (string Device, string Sessions, string PageViews)[] DeviceColumns =
    [
        (Devices.App, "sessions_app", "page_views_app"),
        (Devices.Browser, "sessions_browser", "page_views_browser"),
    ];

    internal sealed class Mapper(MappingContext context, string reportId, string idColumn) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var asin = row.Id(idColumn, required: true);
            var sessions = row.Count("sessions", required: true);
            var pageViews = row.Count("page_views");
            var units = row.Count("units", required: true);
            var sales = row.Amount("sales", required: true);
            var orderItems = row.Count("order_items");
            var buyBox = row.Rate("buy_box");
            var unitSession = row.Rate("unit_session_rate");
            var devices = DeviceColumns.Where(d => row.Has(d.Sessions) || row.Has(d.PageViews))
                .Select(d => (d.Device, d.Sessions, d.PageViews, SessionCount: row.Count(d.Sessions), PageViewCount: row.Count(d.PageViews)))
                .ToList();
            if (context.Period is null)
            {
                AnalyticsPeriod.NoPeriod(row);
            }

            if (row.HasIssues)
            {
                return;
            }

            var (from, to) = context.Period!.Value;
            if (from == to)
            {
                sink.Add(Datasets.Products, new ProductDay
                {
                    Store = context.StoreId,
                    Date = from,
                    ProductId = asin!,
                    ProductName = row.Text("title"),
                    Sku = row.Text("sku"),
                    Sessions = sessions,
                    PageViews = pageViews,
                    OrderedUnits = units,
                    OrderedAmount = sales,

                    // Amazon counts order items, not orders; an order item is one ASIN in one order, so per ASIN the two agree.
                    PaidOrders = orderItems,
                    SourceReport = reportId,
                });
                foreach (var device in devices)
                {
                    sink.Add(Datasets.Products, new ProductDay
                    {
                        Store = context.StoreId,
                        Date = from,
                        ProductId = asin!,
                        ProductName = row.Text("title"),
                        Sku = row.Text("sku"),
                        Sessions = device.SessionCount,
                        PageViews = device.PageViewCount,
                        SourceReport = reportId,
                        Device = device.Device,
                    });
                }

                return;
            }

            var figures = new KpiRows(context, sink, reportId, from, to, asin);
            figures.Add("sessions", row.HeaderOf("sessions"), sessions, "count");
            figures.Add("page_views", row.HeaderOf("page_views"), pageViews, "count");
            figures.Add("ordered_units", row.HeaderOf("units"), units, "count");
            figures.Add("ordered_amount", row.HeaderOf("sales"), sales, "amount");
            figures.Add("order_items", row.HeaderOf("order_items"), orderItems, "count");
            figures.Add("buy_box_rate", row.HeaderOf("buy_box"), buyBox, "rate");
            figures.Add("unit_session_rate", row.HeaderOf("unit_session_rate"), unitSession, "rate");
            foreach (var device in devices)
            {
                var byDevice = new KpiRows(context, sink, reportId, from, to, asin, device.Device);
                byDevice.Add("sessions", row.HeaderOf(device.Sessions), device.SessionCount, "count");
                byDevice.Add("page_views", row.HeaderOf(device.PageViews), device.PageViewCount, "count");
            }
        }
    }
}
