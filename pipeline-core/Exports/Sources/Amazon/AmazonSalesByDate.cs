using ShopPipeline.Exports.Cells;
using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Amazon;

/// <summary>
/// Amazon Business Reports ▸ Sales and Traffic by Date: one row per day with sessions (and page views when chosen) and
/// ordered sales. Traffic becomes store traffic days; sales are kept as reported figures. Slash dates are day-first in
/// the UK, IN and EU marketplaces and month-first in NA, so the order follows the store's currency.
/// </summary>
internal sealed class AmazonSalesByDate : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("amazon.sales-by-date", "amazon", "Amazon Business Report: Sales and Traffic by Date")
            .Require("date", "Date")
            .Require("sales", "Ordered product sales")
            .Require("units", "Units ordered")
            .Optional("sales_b2b", "Ordered product sales - B2B")
            .Optional("units_b2b", "Units ordered - B2B")
            .Optional("order_items", "Total order items")
            .Optional("order_items_b2b", "Total order items - B2B")
            .Optional("avg_sales_per_item", "Average sales per order item")
            .Optional("avg_sales_per_item_b2b", "Average sales per order item - B2B")
            .Optional("avg_units_per_item", "Average units per order item")
            .Optional("avg_units_per_item_b2b", "Average units per order item - B2B")
            .Optional("avg_price", "Average selling price")
            .Optional("avg_price_b2b", "Average selling price - B2B")
            .Optional("sessions", "Sessions - Total|Sessions")
            .Optional("sessions_b2b", "Sessions - Total - B2B")
            .Optional("page_views", "Page views - Total|Page views")
            .Optional("order_item_session_rate", "Order item session percentage")
            .Optional("order_item_session_rate_b2b", "Order item session percentage - B2B")
            .Optional("offer_count", "Average offer count")
            .Build();

    public ReportLayout Layout => Definition;

    public MappingContext Adjust(MappingContext context) => context with
    {
        DateOrder = context.Store.Currency is "USD" or "CAD" or "MXN" ? DateOrder.MonthDayYear : DateOrder.DayMonthYear,
    };

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        public void Map(SourceRow row, IRowSink sink)
        {
            var date = row.Date("date", required: true);
            var sales = row.Amount("sales", required: true);
            var units = row.Count("units", required: true);
            var orderItems = row.Count("order_items");
            var sessions = row.Count("sessions");
            var pageViews = row.Count("page_views");
            var conversion = row.Rate("order_item_session_rate");
            if (row.HasIssues)
            {
                return;
            }

            if (sessions is not null || pageViews is not null)
            {
                sink.Add(Datasets.StoreTraffic, new StoreTrafficDay
                {
                    Store = context.StoreId,
                    Date = date!.Value,
                    Sessions = sessions,
                    PageViews = pageViews,
                    SourceReport = Definition.Id,
                });
            }

            var figures = new KpiRows(context, sink, Definition.Id, date!.Value, date.Value);
            figures.Add("ordered_amount", row.HeaderOf("sales"), sales, "amount");
            figures.Add("ordered_units", row.HeaderOf("units"), units, "count");
            figures.Add("order_items", row.HeaderOf("order_items"), orderItems, "count");
            figures.Add("order_item_session_rate", row.HeaderOf("order_item_session_rate"), conversion, "rate");
        }
    }
}
