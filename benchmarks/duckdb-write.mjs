#!/usr/bin/env node
// The DuckDB side of `parquet-write` in ShopPipeline.Benchmarks: DuckDB turns the benchmark's CSV into one Snappy Parquet
// file, and reads the files our writer produced as a correctness guard. One in-memory DuckDB instance; every statement is
// timed around its own call, so Node and DuckDB start-up are not in the figures.
//
// Usage (the benchmark runs the timing first and the checks later, after its other measurements):
//   node benchmarks/duckdb-write.mjs --csv FILE --columns "{'store': 'VARCHAR', ...}" --out FILE [--runs 3] [--threads 2]
//   node benchmarks/duckdb-write.mjs --out FILE [--check FILE ...] [--compare FILE]
//
// Prints one JSON object:
//   version, node, threads
//   csvToParquet:   { warmupSeconds, runsSeconds: [...], medianSeconds, outputBytes }   COPY (SELECT * FROM read_csv(...)) TO --out
//   tableToParquet: { warmupSeconds, runsSeconds: [...], medianSeconds, outputBytes }   the same rows from an in-memory table
//   checks:         [{ file, rows, sumPaidAmount }]                                      count(*), sum(paid_amount) as exact text
//   compare:        { file, onlyInFile, onlyInDuckdb }                                   EXCEPT ALL both ways against --out
// Exit code 0 when everything ran, 1 when DuckDB failed (the JSON then has "error"), 2 for usage errors.

import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

function parseArgs(argv) {
  const args = { runs: 3, threads: 2, check: [] };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!name.startsWith('--') || value === undefined) return { error: `unexpected argument ${name}` };
    i++;
    switch (name) {
      case '--csv': args.csv = value; break;
      case '--columns': args.columns = value; break;
      case '--out': args.out = value; break;
      case '--runs': args.runs = Number.parseInt(value, 10); break;
      case '--threads': args.threads = Number.parseInt(value, 10); break;
      case '--check': args.check.push(value); break;
      case '--compare': args.compare = value; break;
      default: return { error: `unknown option ${name}` };
    }
  }
  if (!args.out) return { error: '--out is required' };
  if (Boolean(args.csv) !== Boolean(args.columns)) return { error: '--csv and --columns go together' };
  if (!(args.runs >= 1) || !(args.threads >= 1)) return { error: '--runs and --threads must be positive integers' };
  return args;
}

const quote = s => `'${s.replaceAll("'", "''")}'`;

async function timed(connection, sql) {
  const start = performance.now();
  await connection.run(sql);
  return (performance.now() - start) / 1000;
}

async function series(connection, sql, runs, out) {
  const warmupSeconds = await timed(connection, sql);
  const runsSeconds = [];
  for (let r = 0; r < runs; r++) runsSeconds.push(await timed(connection, sql));
  const sorted = [...runsSeconds].sort((a, b) => a - b);
  return { warmupSeconds, runsSeconds, medianSeconds: sorted[Math.floor(sorted.length / 2)], outputBytes: fs.statSync(out).size };
}

async function scalarRow(connection, sql) {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRows()[0].map(v => (v === null ? null : String(v)));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.error) {
    process.stderr.write(`${args.error}\nusage: node benchmarks/duckdb-write.mjs [--csv FILE --columns STRUCT] --out FILE [--runs N] [--threads N] [--check FILE ...] [--compare FILE]\n`);
    process.exitCode = 2;
    return;
  }

  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`SET threads = ${args.threads}`);
  const result = { version: (await scalarRow(connection, 'SELECT version()'))[0], node: process.version, threads: args.threads };

  if (args.csv) {
    const csv = `read_csv(${quote(args.csv)}, header = true, auto_detect = false, delim = ',', quote = '"', columns = ${args.columns})`;
    result.csvToParquet = await series(
      connection, `COPY (SELECT * FROM ${csv}) TO ${quote(args.out)} (FORMAT PARQUET, COMPRESSION SNAPPY)`, args.runs, args.out);

    await connection.run(`CREATE TABLE orders AS SELECT * FROM ${csv}`);
    const fromTable = args.out.replace(/\.parquet$/, '') + '-from-table.parquet';
    result.tableToParquet = await series(
      connection, `COPY orders TO ${quote(fromTable)} (FORMAT PARQUET, COMPRESSION SNAPPY)`, args.runs, fromTable);
    await connection.run('DROP TABLE orders');
    fs.rmSync(fromTable);
  }

  result.checks = [];
  for (const file of args.check) {
    const [rows, sum] = await scalarRow(
      connection, `SELECT count(*)::VARCHAR, sum(paid_amount)::VARCHAR FROM read_parquet(${quote(file)})`);
    result.checks.push({ file, rows, sumPaidAmount: sum });
  }

  if (args.compare) {
    const ours = `read_parquet(${quote(args.compare)})`;
    const theirs = `read_parquet(${quote(args.out)})`;
    const [onlyInFile] = await scalarRow(connection, `SELECT count(*) FROM (SELECT * FROM ${ours} EXCEPT ALL SELECT * FROM ${theirs})`);
    const [onlyInDuckdb] = await scalarRow(connection, `SELECT count(*) FROM (SELECT * FROM ${theirs} EXCEPT ALL SELECT * FROM ${ours})`);
    result.compare = { file: args.compare, onlyInFile, onlyInDuckdb };
  }

  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(e => {
  process.stdout.write(`${JSON.stringify({ error: String(e?.message ?? e) })}\n`);
  process.exitCode = 1;
});
