using ShopPipeline.Model;

namespace ShopPipeline.Exports.Synthetic.Generation.Writers;

/// <summary>What a one-row-per-line order export (京东, 拼多多, 抖店) must become, given how the export writes each field.</summary>
internal sealed record LineOrderFacts
{
    public required string Report { get; init; }

    public required SimOrder Order { get; init; }

    public required DateTimeOffset? OrderedAt { get; init; }

    public required DateTimeOffset? PaidAt { get; init; }

    public required string? BuyerKey { get; init; }

    public required string StatusRaw { get; init; }

    public required decimal? DiscountAmount { get; init; }

    public required decimal? ShippingAmount { get; init; }

    public required decimal TotalAmount { get; init; }

    public required string? Channel { get; init; }

    public required string? Province { get; init; }

    /// <summary>Whether each line carries its own discount (抖店 子订单); otherwise the order's discount sits on its first line.</summary>
    public bool DiscountPerLine { get; init; }

    /// <summary>What each line paid, when paid; by default the line's net amount.</summary>
    public Func<SimLine, decimal>? LinePaid { get; init; }

    public Func<SimLine, string?>? Sku { get; init; }
}

/// <summary>Builds the canonical order and lines for one order of a one-row-per-line export.</summary>
internal static class LineOrdersTruth
{
    public static void Add(GenerationContext context, LineOrderFacts facts, ITruthSink truth)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(truth);
        var o = facts.Order;
        var basis = o.Paid ? facts.PaidAt ?? facts.OrderedAt!.Value : facts.OrderedAt ?? facts.PaidAt!.Value;
        var businessDate = context.LocalDate(basis);
        var linePaid = facts.LinePaid ?? (l => l.Net);
        truth.Add(Datasets.Orders, new Order
        {
            Store = context.StoreId,
            Platform = context.PlatformName,
            OrderId = o.Id,
            OrderedAt = facts.OrderedAt,
            PaidAt = facts.PaidAt,
            BusinessDate = businessDate,
            BuyerKey = facts.BuyerKey,
            Status = o.Status,
            StatusRaw = facts.StatusRaw,
            Currency = context.Currency,
            Lines = o.Lines.Count,
            Units = o.Units,
            GoodsAmount = o.Goods,
            DiscountAmount = facts.DiscountAmount,
            ShippingAmount = facts.ShippingAmount,
            TotalAmount = facts.TotalAmount,
            PaidAmount = o.Paid ? o.Lines.Sum(linePaid) : 0m,
            Channel = facts.Channel,
            Province = facts.Province,
            SourceReport = facts.Report,
        });
        foreach (var line in o.Lines)
        {
            truth.Add(Datasets.OrderLines, new OrderLine
            {
                Store = context.StoreId,
                OrderId = o.Id,
                LineNumber = line.Number,
                OrderedAt = facts.OrderedAt,
                PaidAt = facts.PaidAt,
                BusinessDate = businessDate,
                BuyerKey = facts.BuyerKey,
                Sku = facts.Sku is null ? line.Product.Sku : facts.Sku(line),
                ProductId = line.Product.Id,
                ProductName = line.Product.Name,
                Quantity = line.Quantity,
                UnitPrice = line.UnitPrice,
                Discount = facts.DiscountPerLine ? line.Discount : line.Number == 1 ? facts.DiscountAmount : null,
                PaidAmount = o.Paid ? linePaid(line) : 0m,
                Currency = context.Currency,
                Channel = facts.Channel,
                Province = facts.Province,
                Status = o.Status,
                SourceReport = facts.Report,
            });
        }
    }
}
