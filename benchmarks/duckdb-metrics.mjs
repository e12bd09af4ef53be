// Times DuckDB computing a store's daily KPIs with GROUP BY queries straight from the lake's Parquet files, for the
// metrics benchmark: the same families and definitions the metric engine computes (sales, buyers, new vs returning,
// conversion, refunds by refund date, promotion, units per SKU), one result row per day (per SKU and day for units).
// Usage: node benchmarks/duckdb-metrics.mjs --lake DIR --store ID --runs N --threads N
import { DuckDBInstance } from '@duckdb/node-api';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) => (i % 2 === 0 ? [...pairs, [value.replace(/^--/, ''), all[i + 1]]] : pairs), []));
const runs = Number(args.runs ?? 3);
const threads = Number(args.threads ?? 2);
const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;
const files = (dataset) => `read_parquet(${quote(`${args.lake}/${dataset}/store=${args.store}/**/*.parquet`)}, hive_partitioning = true, union_by_name = true)`;
const paid = `status IN ('paid', 'shipped', 'completed', 'partially_refunded', 'refunded')`;

const queries = {
  sales: `
    SELECT business_date AS day,
           count(*) FILTER (WHERE ${paid}) AS paid_orders,
           sum(paid_amount) FILTER (WHERE ${paid}) AS paid_amount,
           count(DISTINCT buyer_key) FILTER (WHERE ${paid}) AS paying_buyers,
           sum(paid_amount) FILTER (WHERE ${paid}) / nullif(count(*) FILTER (WHERE ${paid}), 0) AS aov,
           sum(paid_amount) FILTER (WHERE ${paid}) / nullif(count(DISTINCT buyer_key) FILTER (WHERE ${paid}), 0) AS per_buyer,
           sum(units) FILTER (WHERE ${paid}) AS units
    FROM ${files('orders')} GROUP BY ALL ORDER BY ALL`,
  customers: `
    WITH paid AS (SELECT DISTINCT business_date AS day, buyer_key FROM ${files('orders')} WHERE ${paid} AND buyer_key IS NOT NULL),
         firsts AS (SELECT buyer_key, min(day) AS first_day FROM paid GROUP BY ALL)
    SELECT day, count(*) FILTER (WHERE first_day = day) AS new_buyers, count(*) FILTER (WHERE first_day < day) AS returning_buyers
    FROM paid JOIN firsts USING (buyer_key) GROUP BY ALL ORDER BY ALL`,
  conversion: `
    WITH buyers AS (SELECT business_date AS day, count(DISTINCT buyer_key) AS paying_buyers FROM ${files('orders')} WHERE ${paid} GROUP BY ALL),
         traffic AS (SELECT date AS day, sum(visitors) AS visitors, sum(sessions) AS sessions FROM ${files('store_traffic')} GROUP BY ALL)
    SELECT day, visitors, sessions, paying_buyers, paying_buyers / nullif(visitors, 0) AS payment_conversion
    FROM traffic LEFT JOIN buyers USING (day) ORDER BY ALL`,
  refunds: `
    SELECT business_date AS day, count(*) AS refunds, sum(amount) AS refund_amount
    FROM ${files('refunds')} GROUP BY ALL ORDER BY ALL`,
  promotion: `
    SELECT date AS day, sum(impressions) AS impressions, sum(clicks) AS clicks, sum(spend) AS spend,
           sum(clicks) / nullif(sum(impressions), 0) AS ctr, sum(spend) / nullif(sum(clicks), 0) AS cpc,
           sum(total_amount) / nullif(sum(spend), 0) AS roi, sum(spend) / nullif(sum(total_orders), 0) AS cost_per_order
    FROM ${files('ads')} GROUP BY ALL ORDER BY ALL`,
  units_per_sku: `
    SELECT business_date AS day, sku, sum(quantity) AS units
    FROM ${files('order_lines')} WHERE ${paid} GROUP BY ALL ORDER BY ALL`,
};

try {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const version = (await (await connection.run('select version()')).getRows())[0][0];
  const runAll = async () => {
    const rows = {};
    const t = process.hrtime.bigint();
    for (const [name, sql] of Object.entries(queries)) {
      try {
        rows[name] = (await (await connection.run(sql)).getRows()).length;
      } catch (e) {
        // A dataset the store has no files for (no ads, say) is reported, not fatal.
        rows[name] = `skipped: ${String(e?.message ?? e).split('\n')[0]}`;
      }
    }
    return { seconds: Number(process.hrtime.bigint() - t) / 1e9, rows };
  };
  const warmup = await runAll();
  const timed = [];
  for (let i = 0; i < runs; i++) timed.push(await runAll());
  const sorted = timed.map((r) => r.seconds).sort((a, b) => a - b);
  const totals = (await (await connection.run(`SELECT sum(paid_amount) FILTER (WHERE ${paid})::VARCHAR, count(*) FROM ${files('orders')}`)).getRows())[0].map(String);
  console.log(JSON.stringify({ version, node: process.version, threads, warmupSeconds: warmup.seconds, runsSeconds: timed.map((r) => r.seconds), medianSeconds: sorted[Math.floor(sorted.length / 2)], resultRows: warmup.rows, paidAmount: totals[0], orders: totals[1] }));
} catch (e) {
  console.log(JSON.stringify({ error: String(e?.message ?? e) }));
  process.exitCode = 1;
}
