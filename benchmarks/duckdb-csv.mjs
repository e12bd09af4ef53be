// Times DuckDB converting a CSV export to Snappy Parquet with read_csv's own detection, for the ingestion benchmark.
// Usage: node benchmarks/duckdb-csv.mjs --csv FILE --out FILE --runs N --threads N
import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) => (i % 2 === 0 ? [...pairs, [value.replace(/^--/, ''), all[i + 1]]] : pairs), []));
const runs = Number(args.runs ?? 3);
const threads = Number(args.threads ?? 2);
const quote = (s) => `'${String(s).replaceAll("'", "''")}'`;

try {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const version = (await (await connection.run('select version()')).getRows())[0][0];
  const sql = `COPY (SELECT * FROM read_csv(${quote(args.csv)})) TO ${quote(args.out)} (FORMAT PARQUET, COMPRESSION SNAPPY)`;
  const time = async () => { const t = process.hrtime.bigint(); await connection.run(sql); return Number(process.hrtime.bigint() - t) / 1e9; };
  const warmupSeconds = await time();
  const runsSeconds = [];
  for (let i = 0; i < runs; i++) runsSeconds.push(await time());
  const sorted = [...runsSeconds].sort((a, b) => a - b);
  const rows = (await (await connection.run(`select count(*) from read_parquet(${quote(args.out)})`)).getRows())[0][0];
  console.log(JSON.stringify({ version, node: process.version, threads, warmupSeconds, runsSeconds, medianSeconds: sorted[Math.floor(sorted.length / 2)], outputBytes: statSync(args.out).size, rows: String(rows) }));
} catch (e) {
  console.log(JSON.stringify({ error: String(e?.message ?? e) }));
  process.exitCode = 1;
}
