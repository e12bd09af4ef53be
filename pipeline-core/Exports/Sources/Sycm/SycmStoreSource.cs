using ShopPipeline.Exports.Mapping;
using ShopPipeline.Exports.Recognition;
using ShopPipeline.Model;

namespace ShopPipeline.Exports.Sources.Sycm;

/// <summary>
/// 生意参谋 店铺流量来源 (store level): one row per source, under its group (流量来源 → 来源明细), each metric followed by a
/// change-on-previous-period column that is not kept. The day is a 统计日期 column, or the title rows' 统计日期 line; each
/// terminal's (终端) download is kept beside the others.
/// </summary>
internal sealed class SycmStoreSource : IReportSource
{
    public static ReportLayout Definition { get; } =
        new LayoutBuilder("sycm.store-source", "tmall", "生意参谋 店铺流量来源 (store level)")
            .Require("group", "流量来源|一级来源")
            .Require("visitors", "访客数")
            .Optional("source", "来源明细|二级来源")
            .Optional("detail", "三级来源|来源细分")
            .Optional("date", "统计日期|日期")
            .Optional("ordered_amount", "下单金额")
            .Optional("ordering_buyers", "下单买家数")
            .Optional("order_rate", "下单转化率")
            .Optional("paid_amount", "支付金额")
            .Optional("paying_buyers", "支付买家数")
            .Optional("payment_rate", "支付转化率")
            .Optional("avg_order_value", "客单价")
            .Optional("uv_value", "UV价值")
            .Optional("shop_followers", "关注店铺人数")
            .Optional("favourite_buyers", "商品收藏买家数")
            .Optional("cart_buyers", "加购人数")
            .Optional("new_visitors", "新访客|新访客数")
            .Optional("direct_buyers", "直接支付买家数")
            .Build();

    public ReportLayout Layout => Definition;

    public string? SubjectOf(MappingContext context, SourceRow header) => SycmTitle.DeviceSubject(context);

    public IReportMapper CreateMapper(MappingContext context) => new Mapper(context);

    private sealed class Mapper(MappingContext context) : IReportMapper
    {
        private readonly (DateOnly From, DateOnly To)? _period = SycmTitle.Period(context.TitleRows) ?? context.Period;
        private readonly (string? Device, string? Unknown) _terminal = SycmTitle.Terminal(context.TitleRows);

        public void Map(SourceRow row, IRowSink sink)
        {
            var date = SycmDay.Of(row, _period);
            var group = row.Text("group", required: true);
            var source = row.Text("source");
            var detail = row.Text("detail");
            var visitors = row.Count("visitors", required: true);
            var ordering = row.Count("ordering_buyers");
            var paying = row.Count("paying_buyers");
            var paid = row.Amount("paid_amount");
            var device = SycmTitle.Device(row, _terminal);
            if (row.HasIssues)
            {
                return;
            }

            // A group row (来源明细 blank) is the group's own total; a detail row names the path below it.
            sink.Add(Datasets.TrafficSources, new TrafficSourceDay
            {
                Store = context.StoreId,
                Date = date!.Value,
                SourceGroup = source is null ? null : group,
                Source = source is null ? group! : detail is null ? source : $"{source}/{detail}",
                Visitors = visitors,
                OrderingBuyers = ordering,
                PayingBuyers = paying,
                PaidAmount = paid,
                SourceReport = Definition.Id,
                Device = device,
            });
        }
    }
}

/// <summary>The day a 生意参谋 row is about: its 统计日期 column, else a one-day period from the title rows or the upload path.</summary>
internal static class SycmDay
{
    public static DateOnly? Of(SourceRow row, (DateOnly From, DateOnly To)? period)
    {
        if (row.Has("date"))
        {
            return row.Date("date", required: true);
        }

        if (period is not { } p)
        {
            row.RowProblem("a 统计日期 column, or a 统计日期 line above the header (统计日期：2026-11-20~2026-11-20); export the report from 生意参谋 again without removing its title rows", "no-report-date");
            return null;
        }

        if (p.From != p.To)
        {
            row.RowProblem($"a report for one day; this one covers {p.From:yyyy-MM-dd} to {p.To:yyyy-MM-dd}, and per-day figures cannot be recovered from a period total. Export it with 统计周期 日", "no-report-date");
            return null;
        }

        return p.From;
    }
}
