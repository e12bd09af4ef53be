using System.Globalization;
using System.Text;
using ShopPipeline.Stores;

namespace ShopPipeline.Digest;

/// <summary>An inline image of a digest, referenced from the HTML as <c>cid:{ContentId}</c>.</summary>
internal sealed record DigestImage(string ContentId, string FileName, byte[] Png);

/// <summary>A digest ready to send: subject, HTML with its inline images, and the plain-text alternative.</summary>
internal sealed record RenderedDigest(string Subject, string Html, string Text, IReadOnlyList<DigestImage> Images);

/// <summary>
/// Renders a client's digest as email HTML (nested tables, inline styles, no scripts, no external resources, images by
/// <c>cid:</c> only) and plain text, in Chinese or English. Every name that comes from data (stores, products, keywords,
/// sentences) is escaped and isolated with <c>&lt;bdi&gt;</c>, so a hostile or right-to-left name stays inert text.
/// </summary>
internal static class DigestRenderer
{
    private const string Font = "font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',Arial,sans-serif;";

    public static RenderedDigest Render(ComposedDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var zh = digest.Language == DigestLanguage.Zh;
        var images = new List<DigestImage>();
        var headline = Headline(digest, zh);
        var date = digest.BusinessDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var subject = zh ? $"{digest.Audience.Name} 经营日报 {date}：{headline}" : $"{digest.Audience.Name} daily digest {date}: {headline}";

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(zh ? "zh-CN" : "en").Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>")
            .Append(Escape(subject)).Append("</title></head><body style=\"margin:0;padding:0;background:#f3f4f6;\">");
        html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f3f4f6;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">");
        html.Append("<table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:640px;max-width:100%;background:#ffffff;border-radius:6px;").Append(Font).Append("color:#111827;\">");
        html.Append("<tr><td style=\"padding:20px 24px 4px 24px;font-size:13px;color:#6b7280;\">").Append(Bdi(digest.Audience.Name)).Append(" · ").Append(date).Append("</td></tr>");
        html.Append("<tr><td style=\"padding:0 24px 16px 24px;font-size:18px;font-weight:bold;line-height:1.4;\">").Append(Escape(headline)).Append("</td></tr>");

        var text = new StringBuilder();
        text.Append(subject).Append("\n\n");
        foreach (var problem in digest.DeliveryProblems)
        {
            var line = zh
                ? $"{problem.BusinessDate:yyyy-MM-dd} 的日报没能送达：{problem.Reason}"
                : $"The digest of {problem.BusinessDate:yyyy-MM-dd} could not be delivered: {problem.Reason}";
            html.Append("<tr><td style=\"padding:0 24px 12px 24px;\"><p style=\"margin:0;padding:8px 12px;background:#fee2e2;border-radius:4px;font-size:13px;\">").Append(Escape(line)).Append("</p></td></tr>");
            text.Append(line).Append("\n\n");
        }

        if (digest.Audience.Kind == DigestAudienceKind.Agency)
        {
            Overview(digest, zh, html, text);
        }
        else
        {
            for (var s = 0; s < digest.Stores.Count; s++)
            {
                StoreSection(digest.Stores[s], s, zh, html, text, images);
            }
        }

        html.Append("<tr><td style=\"padding:16px 24px 20px 24px;font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb;\">")
            .Append(zh ? "数据新鲜度（各报表最近一次上传）：" : "Freshness (last upload of each report):");
        text.Append(zh ? "数据新鲜度（各报表最近一次上传）：\n" : "Freshness (last upload of each report):\n");
        foreach (var store in digest.Stores)
        {
            var line = store.Freshness.Count == 0
                ? (zh ? "尚无上传" : "no uploads yet")
                : string.Join(zh ? "；" : "; ", store.Freshness.Select(f => $"{f.Report} {Local(f.LastUpload, store.Store)}"));
            html.Append("<br>").Append(Bdi(store.Store.Name)).Append(zh ? "：" : ": ").Append(Escape(line));
            text.Append("  ").Append(store.Store.Name).Append(zh ? "：" : ": ").Append(line).Append('\n');
        }

        html.Append("</td></tr></table></td></tr></table></body></html>");
        return new RenderedDigest(subject, html.ToString(), text.ToString(), images);
    }

    /// <summary>One line: yesterday's paid amount across the stores against last week, the incidents, the stores without figures.</summary>
    public static string Headline(ComposedDigest digest, bool zh)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var withData = digest.Stores.Where(s => s.HasData).ToList();
        var parts = new List<string>();
        foreach (var currency in withData.GroupBy(s => s.Store.Currency, StringComparer.Ordinal))
        {
            var paid = currency.Select(s => s.Metrics[0]).ToList();
            var total = paid.Sum(m => m.Yesterday ?? 0m);
            var before = paid.All(m => m.LastWeek is not null) ? paid.Sum(m => m.LastWeek!.Value) : (decimal?)null;
            var change = before is { } b && b != 0m ? $" ({Percent((total - b) / b, signed: true)} {(zh ? "较上周同日" : "vs last week")})" : string.Empty;
            parts.Add((zh ? "成交额 " : "Paid ") + Money(total, currency.Key) + change);
        }

        var incidents = digest.Stores.Sum(s => s.Incidents.Count);
        parts.Add(zh ? $"{incidents} 个异常" : incidents == 1 ? "1 incident" : $"{incidents} incidents");
        var missing = digest.Stores.Count - withData.Count;
        if (missing > 0)
        {
            parts.Add(zh ? $"{missing} 家店铺数据未到" : missing == 1 ? "1 store without figures yet" : $"{missing} stores without figures yet");
        }

        return string.Join(zh ? "；" : "; ", parts);
    }

    /// <summary>Most incidents the agency overview lists across all stores.</summary>
    public const int OverviewIncidents = 5;

    // The agency overview: one line per store, grouped by client, then the largest incidents across every store.
    private static void Overview(ComposedDigest digest, bool zh, StringBuilder html, StringBuilder text)
    {
        const string Cell = "padding:4px 6px;border-top:1px solid #f3f4f6;";
        html.Append("<tr><td style=\"padding:8px 24px;border-top:1px solid #e5e7eb;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:13px;\">");
        html.Append("<tr style=\"color:#6b7280;font-size:12px;\"><td style=\"padding:4px 6px;\">").Append(zh ? "店铺" : "Store")
            .Append("</td><td align=\"right\">").Append(zh ? "昨日成交额" : "Paid yesterday")
            .Append("</td><td align=\"right\">").Append(zh ? "较上周同日" : "vs last week")
            .Append("</td><td align=\"right\">").Append(zh ? "计划达成" : "vs plan")
            .Append("</td><td align=\"right\">").Append(zh ? "月度进度" : "Month pacing")
            .Append("</td><td align=\"right\">").Append(zh ? "异常" : "Incidents").Append("</td></tr>");
        foreach (var client in digest.Stores.GroupBy(s => s.Store.ClientId, StringComparer.Ordinal))
        {
            var clientName = digest.Audience.ClientNames.GetValueOrDefault(client.Key, client.Key);
            html.Append("<tr><td colspan=\"6\" style=\"padding:10px 6px 2px 6px;font-weight:bold;\">").Append(Bdi(clientName)).Append("</td></tr>");
            text.Append("== ").Append(clientName).Append(" ==\n");
            foreach (var store in client)
            {
                var name = store.Store.Name;
                if (!store.HasData)
                {
                    var missing = zh ? "数据未到（不是下跌）" : "no figures yet (not a drop)";
                    html.Append("<tr><td style=\"").Append(Cell).Append("\">").Append(Bdi(name)).Append("</td><td colspan=\"5\" align=\"right\" style=\"").Append(Cell).Append("color:#92400e;\">").Append(Escape(missing)).Append("</td></tr>");
                    text.Append("  ").Append(name).Append(": ").Append(missing).Append('\n');
                    continue;
                }

                var paid = store.Metrics[0];
                var value = Format(paid.Metric, paid.Yesterday, store.Store.Currency, zh) + (paid.Provisional ? "*" : string.Empty);
                var week = paid.VersusLastWeek is { } w ? Percent(w, signed: true) : "–";
                var plan = paid.VersusPlan is { } p ? Percent(p, signed: false) : "–";
                var pacing = store.MonthPacing is { } m ? Percent(m, signed: false) : "–";
                var colour = paid.VersusLastWeek is { } c ? (c < 0 ? "#b91c1c" : "#047857") : "#6b7280";
                html.Append("<tr><td style=\"").Append(Cell).Append("\">").Append(Bdi(name))
                    .Append("</td><td align=\"right\" style=\"").Append(Cell).Append("\">").Append(Escape(value))
                    .Append("</td><td align=\"right\" style=\"").Append(Cell).Append("color:").Append(colour).Append(";\">").Append(Escape(week))
                    .Append("</td><td align=\"right\" style=\"").Append(Cell).Append("\">").Append(Escape(plan))
                    .Append("</td><td align=\"right\" style=\"").Append(Cell).Append("\">").Append(Escape(pacing))
                    .Append("</td><td align=\"right\" style=\"").Append(Cell).Append("\">").Append(store.Incidents.Count.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
                text.Append("  ").Append(name).Append(": ").Append(value)
                    .Append(" | ").Append(zh ? "较上周同日 " : "vs last week ").Append(week)
                    .Append(" | ").Append(zh ? "计划达成 " : "vs plan ").Append(plan)
                    .Append(" | ").Append(zh ? "月度进度 " : "month pacing ").Append(pacing)
                    .Append(" | ").Append(zh ? "异常 " : "incidents ").Append(store.Incidents.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        html.Append("</table>");
        if (digest.Stores.Any(s => s.HasData && s.Metrics[0].Provisional))
        {
            var note = zh ? "* 暂估，还会变化。" : "* provisional, may still change.";
            html.Append("<p style=\"margin:4px 6px;font-size:12px;color:#92400e;\">").Append(Escape(note)).Append("</p>");
            text.Append(note).Append('\n');
        }

        html.Append("</td></tr>");
        text.Append('\n');

        // Money at stake is compared within a currency as written; stores in other currencies rank by their own figures.
        var largest = digest.Stores.SelectMany(s => s.Incidents.Select(i => (Store: s.Store, Incident: i)))
            .OrderByDescending(x => Math.Abs(x.Incident.MoneyAtStake)).Take(OverviewIncidents).ToList();
        if (largest.Count == 0)
        {
            return;
        }

        var title = zh ? "最需要关注的异常" : "The incidents that matter most";
        html.Append("<tr><td style=\"padding:8px 24px;border-top:1px solid #e5e7eb;\"><div style=\"font-size:14px;font-weight:bold;\">").Append(title).Append("</div><ul style=\"margin:4px 0 8px 0;padding-left:20px;font-size:13px;\">");
        text.Append(title).Append(zh ? "：\n" : ":\n");
        foreach (var (store, incident) in largest)
        {
            var (sentence, stake) = Incident(incident, store.Currency, zh);
            html.Append("<li style=\"margin:2px 0;\">").Append(Bdi(store.Name)).Append(zh ? "：" : ": ").Append(Bdi(sentence))
                .Append(" <span style=\"color:#6b7280;font-size:12px;\">(").Append(Escape(stake)).Append(")</span></li>");
            text.Append("  - ").Append(store.Name).Append(zh ? "：" : ": ").Append(sentence).Append(" (").Append(stake).Append(")\n");
        }

        html.Append("</ul></td></tr>");
        text.Append('\n');
    }

    private static void StoreSection(StoreDigest store, int index, bool zh, StringBuilder html, StringBuilder text, List<DigestImage> images)
    {
        var name = store.Store.Name;
        html.Append("<tr><td style=\"padding:12px 24px 4px 24px;border-top:1px solid #e5e7eb;\"><div style=\"font-size:16px;font-weight:bold;\">")
            .Append(Bdi(name)).Append(" <span style=\"font-weight:normal;color:#6b7280;font-size:13px;\">").Append(Escape(PlatformLabel(store.Store.Platform, zh))).Append("</span></div>");
        text.Append("== ").Append(name).Append(" (").Append(PlatformLabel(store.Store.Platform, zh)).Append(") ==\n");
        if (!store.HasData)
        {
            var missing = zh
                ? $"{store.Date:yyyy-MM-dd} 的数据还没有到：这不是下跌。请上传当日的订单和流量报表，下一封日报会补上。"
                : $"No figures for {store.Date:yyyy-MM-dd} have arrived yet: this is not a drop. Upload the day's orders and traffic reports and the next digest will include them.";
            html.Append("<p style=\"margin:8px 0;padding:8px 12px;background:#fef3c7;border-radius:4px;font-size:14px;\">").Append(Escape(missing)).Append("</p></td></tr>");
            text.Append(missing).Append("\n\n");
            return;
        }

        html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:14px;margin-top:8px;\">");
        html.Append("<tr style=\"color:#6b7280;font-size:12px;\"><td style=\"padding:4px 0;\">").Append(zh ? "指标" : "Metric")
            .Append("</td><td align=\"right\">").Append(zh ? "昨日" : "Yesterday")
            .Append("</td><td align=\"right\">").Append(zh ? "较上周同日" : "vs last week")
            .Append("</td><td align=\"right\">").Append(zh ? "计划达成" : "vs plan").Append("</td></tr>");
        foreach (var metric in store.Metrics)
        {
            var value = Format(metric.Metric, metric.Yesterday, store.Store.Currency, zh);
            var week = metric.VersusLastWeek is { } w ? Percent(w, signed: true) : "–";
            var plan = metric.VersusPlan is { } p ? Percent(p, signed: false) : "–";
            var badge = metric.Provisional ? (zh ? "暂估" : "provisional") : null;
            var colour = metric.VersusLastWeek is { } c ? (c < 0 == (metric.Metric == "refund_rate_amount") ? "#047857" : "#b91c1c") : "#6b7280";
            html.Append("<tr><td style=\"padding:4px 0;border-top:1px solid #f3f4f6;\">").Append(Escape(Label(metric.Metric, zh)));
            if (badge is not null)
            {
                html.Append(" <span style=\"font-size:11px;color:#92400e;background:#fef3c7;border-radius:3px;padding:0 4px;\">").Append(badge).Append("</span>");
            }

            html.Append("</td><td align=\"right\" style=\"border-top:1px solid #f3f4f6;\">").Append(Escape(value))
                .Append("</td><td align=\"right\" style=\"border-top:1px solid #f3f4f6;color:").Append(colour).Append(";\">").Append(Escape(week))
                .Append("</td><td align=\"right\" style=\"border-top:1px solid #f3f4f6;\">").Append(Escape(plan)).Append("</td></tr>");
            text.Append("  ").Append(Label(metric.Metric, zh)).Append(": ").Append(value)
                .Append(" | ").Append(zh ? "较上周同日 " : "vs last week ").Append(week)
                .Append(" | ").Append(zh ? "计划达成 " : "vs plan ").Append(plan)
                .Append(badge is null ? string.Empty : $" ({badge})").Append('\n');
        }

        html.Append("</table>");

        var trendId = $"trend-{index}@shoppipe";
        images.Add(new DigestImage(trendId, $"trend-{index}.png", Charts.Trend(store.Trend)));
        var paid = store.Metrics[0];
        var barsId = $"bars-{index}@shoppipe";
        images.Add(new DigestImage(barsId, $"bars-{index}.png", Charts.Bars(paid.Yesterday, paid.LastWeek, paid.Plan)));
        var trendAlt = zh ? $"近 {DigestComposer.TrendDays} 天成交额走势" : $"Paid amount, last {DigestComposer.TrendDays} days";
        var barsAlt = zh ? "成交额：昨日、上周同日、计划" : "Paid amount: yesterday, last week, plan";
        html.Append("<div style=\"margin:8px 0;\"><img src=\"cid:").Append(trendId).Append("\" width=\"240\" height=\"48\" alt=\"").Append(Escape(trendAlt))
            .Append("\" style=\"display:inline-block;border:0;\"> <img src=\"cid:").Append(barsId).Append("\" width=\"120\" height=\"48\" alt=\"").Append(Escape(barsAlt))
            .Append("\" style=\"display:inline-block;border:0;\"></div>");

        if (store.MonthToDate is { } mtd)
        {
            var pacing = store.MonthPacing is { } p ? (zh ? $"，为月初至今计划的 {Percent(p, signed: false)}" : $", {Percent(p, signed: false)} of the plan to date") : string.Empty;
            var line = (zh ? "本月至今成交额 " : "Month to date ") + Money(mtd, store.Store.Currency) + pacing;
            html.Append("<p style=\"margin:4px 0;font-size:13px;\">").Append(Escape(line)).Append("</p>");
            text.Append("  ").Append(line).Append('\n');
        }

        var provisional = store.ProvisionalMetrics.Select(m => Label(m, zh)).ToList();
        if (provisional.Count > 0)
        {
            var line = zh
                ? $"暂估：{string.Join("、", provisional)} 还会变化（广告归因最长 15 天，退款最长 30 天）。"
                : $"Provisional: {string.Join(", ", provisional)} may still change (ad attribution takes up to 15 days, refunds up to 30).";
            html.Append("<p style=\"margin:4px 0;font-size:12px;color:#92400e;\">").Append(Escape(line)).Append("</p>");
            text.Append("  ").Append(line).Append('\n');
        }

        if (store.Incidents.Count > 0)
        {
            html.Append("<div style=\"margin-top:8px;font-size:14px;font-weight:bold;\">").Append(zh ? "异常与原因" : "What went wrong and why").Append("</div><ul style=\"margin:4px 0 8px 0;padding-left:20px;font-size:14px;\">");
            text.Append(zh ? "  异常与原因：\n" : "  What went wrong and why:\n");
            foreach (var incident in store.Incidents)
            {
                var (sentence, stake) = Incident(incident, store.Store.Currency, zh);
                var path = string.Join(" › ", incident.CausePath);
                html.Append("<li style=\"margin:2px 0;\">").Append(Bdi(sentence));
                if (path.Length > 0)
                {
                    html.Append("<br><span style=\"color:#6b7280;font-size:12px;\">").Append(zh ? "原因路径：" : "Cause: ").Append(Bdi(path)).Append("</span>");
                }

                html.Append(" <span style=\"color:#6b7280;font-size:12px;\">(").Append(Escape(stake)).Append(")</span></li>");
                text.Append("  - ").Append(sentence).Append(path.Length > 0 ? (zh ? " 原因路径：" : " Cause: ") + path : string.Empty).Append(" (").Append(stake).Append(")\n");
            }

            html.Append("</ul>");
        }

        if (store.SkusBelowReorderPoint is > 0 || store.SkusOutOfStock is > 0 || store.StockWarningCount > 0)
        {
            var line = zh
                ? $"库存：{store.StockWarningCount} 个 SKU 可售天数低于补货周期，{store.SkusBelowReorderPoint ?? 0} 个 SKU 低于补货点，{store.SkusOutOfStock ?? 0} 个 SKU 已断货。"
                : $"Stock: {store.StockWarningCount} SKUs have fewer days of cover than their lead time, {store.SkusBelowReorderPoint ?? 0} are at or below their reorder point, {store.SkusOutOfStock ?? 0} are out of stock.";
            html.Append("<div style=\"margin:4px 0;padding:6px 10px;background:#fee2e2;border-radius:4px;font-size:13px;\">").Append(Escape(line));
            text.Append("  ").Append(line).Append('\n');
            if (store.StockWarnings.Count > 0)
            {
                html.Append("<ul style=\"margin:4px 0 0 0;padding-left:20px;\">");
                foreach (var warning in store.StockWarnings)
                {
                    var detail = StockDetail(warning, zh);
                    html.Append("<li>").Append(Bdi(warning.Sku)).Append(zh ? "：" : ": ").Append(Escape(detail)).Append("</li>");
                    text.Append("  - ").Append(warning.Sku).Append(zh ? "：" : ": ").Append(detail).Append('\n');
                }

                html.Append("</ul>");
                if (store.StockWarningCount > store.StockWarnings.Count)
                {
                    var more = zh ? $"另有 {store.StockWarningCount - store.StockWarnings.Count} 个，见库存报表。" : $"{store.StockWarningCount - store.StockWarnings.Count} more in the inventory report.";
                    html.Append("<div>").Append(Escape(more)).Append("</div>");
                    text.Append("  ").Append(more).Append('\n');
                }
            }

            html.Append("</div>");
        }

        html.Append("</td></tr>");
        text.Append('\n');
    }

    // An incident's sentence in the digest's language (English when no Chinese one was written) and its money at stake.
    private static (string Sentence, string Stake) Incident(DigestIncident incident, string currency, bool zh) => (
        zh && incident.SentenceZh.Length > 0 ? incident.SentenceZh : incident.SentenceEn,
        (zh ? "涉及金额 " : "at stake ") + Money((decimal)Math.Abs(incident.MoneyAtStake), currency));

    // One stock warning: out of stock, or the days of cover against the lead time, and the units on hand.
    private static string StockDetail(DigestStockWarning warning, bool zh)
    {
        var onHand = warning.OnHand.ToString("N0", CultureInfo.InvariantCulture);
        var lead = warning.LeadTimeDays?.ToString("0", CultureInfo.InvariantCulture);
        if (warning.OnHand <= 0)
        {
            return zh ? "已断货" + (lead is null ? string.Empty : $"，补货周期 {lead} 天") : "out of stock" + (lead is null ? string.Empty : $", lead time {lead} days");
        }

        var cover = warning.DaysOfCover?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–";
        return zh
            ? $"可售 {cover} 天，补货周期 {lead ?? "–"} 天，库存 {onHand}"
            : $"{cover} days of cover, lead time {lead ?? "–"} days, {onHand} on hand";
    }

    /// <summary>The platform as its users name it: 天猫, 京东… in Chinese, Tmall, JD… in English.</summary>
    public static string PlatformLabel(Platform platform, bool zh) => (platform, zh) switch
    {
        (Platform.Taobao, true) => "淘宝",
        (Platform.Taobao, false) => "Taobao",
        (Platform.Tmall, true) => "天猫",
        (Platform.Tmall, false) => "Tmall",
        (Platform.Jd, true) => "京东",
        (Platform.Jd, false) => "JD",
        (Platform.Pinduoduo, true) => "拼多多",
        (Platform.Pinduoduo, false) => "Pinduoduo",
        (Platform.Douyin, true) => "抖音",
        (Platform.Douyin, false) => "Douyin",
        (Platform.Shopify, _) => "Shopify",
        (Platform.Amazon, _) => "Amazon",
        (Platform.WooCommerce, _) => "WooCommerce",
        _ => platform.ToString(),
    };

    public static string Label(string metric, bool zh) => (metric, zh) switch
    {
        ("paid_amount", true) => "成交额",
        ("paid_amount", false) => "Paid amount",
        ("visitors", true) => "访客数",
        ("visitors", false) => "Visitors",
        ("payment_rate", true) => "转化率",
        ("payment_rate", false) => "Conversion",
        ("per_buyer_spend", true) => "客单价",
        ("per_buyer_spend", false) => "Spend per buyer",
        ("refund_rate_amount", true) => "退款率",
        ("refund_rate_amount", false) => "Refund rate",
        ("ad_roi", true) => "广告 ROI",
        ("ad_roi", false) => "Ad ROI",
        _ => metric,
    };

    private static string Format(string metric, decimal? value, string currency, bool zh) => value switch
    {
        null => zh ? "无数据" : "no data",
        { } v when metric is "paid_amount" or "per_buyer_spend" => Money(v, currency),
        { } v when metric is "payment_rate" or "refund_rate_amount" => (v * 100m).ToString("0.00", CultureInfo.InvariantCulture) + "%",
        { } v when metric is "ad_roi" => v.ToString("0.00", CultureInfo.InvariantCulture),
        { } v => v.ToString("N0", CultureInfo.InvariantCulture),
    };

    public static string Money(decimal value, string currency) => (currency switch
    {
        "CNY" => "¥",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "JP¥",
        _ => currency + " ",
    }) + value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(decimal fraction, bool signed)
    {
        var text = (fraction * 100m).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        return signed && fraction > 0 ? "+" + text : signed && fraction < 0 ? "−" + text.TrimStart('-') : text;
    }

    private static string Local(DateTimeOffset at, StoreConfig store) =>
        TimeZoneInfo.ConvertTime(at, store.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Text as HTML: the five markup characters become entities, control characters are dropped.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var escaped = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ when char.IsControl(c) => string.Empty,
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    // A name from data, escaped and isolated so right-to-left marks inside it cannot reorder the text around it.
    private static string Bdi(string value) => "<bdi>" + Escape(value) + "</bdi>";
}
