#!/usr/bin/env node
// Self-check for parquet-readers.mjs: has DuckDB (and arrow-rs, for the FLBA sizes DuckDB never writes)
// produce Parquet files with known cells in a temporary folder, reads them back with all three readers
// through the CLI, exactly as the C# tests do, and checks every normalised cell against the expected
// value and against the other readers. Ends with "N passed, M failed"; exits 1 on any failure.
//
//   node tests/tools/self-check.mjs [--keep]      (--keep leaves the temporary folder in place)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const TOOL = path.join(here, 'parquet-readers.mjs');
const READERS = ['duckdb', 'arrow', 'hyparquet'];
const CODECS = ['SNAPPY', 'GZIP', 'UNCOMPRESSED', 'ZSTD'];
const keep = process.argv.includes('--keep');

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`[ok]   ${name}`);
  } else {
    failed++;
    console.log(`[FAIL] ${name}${detail ? `\n       ${detail}` : ''}`);
  }
}

function run(args) {
  const r = spawnSync(process.execPath, [TOOL, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  let json = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    // left null: reported by the caller
  }
  return { status: r.status, json, stderr: r.stderr, stdout: r.stdout };
}

function sql(...statements) {
  const r = run(['--reader', 'duckdb', ...statements.flatMap(s => ['--sql', s])]);
  if (r.status !== 0 || !r.json?.ok) throw new Error(`SQL failed: ${r.stderr || JSON.stringify(r.json)}`);
  return r.json;
}

function readAll(reader, files) {
  const started = process.hrtime.bigint();
  const r = run(['--reader', reader, ...files]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...r, seconds };
}

const q = s => `'${s.replaceAll("'", "''")}'`;
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function firstDifference(actual, expected) {
  if (!Array.isArray(actual) || !Array.isArray(expected)) return `got ${JSON.stringify(actual)?.slice(0, 300)}`;
  if (actual.length !== expected.length) return `row count ${actual.length} vs ${expected.length}`;
  for (let r = 0; r < expected.length; r++) {
    if (!same(actual[r], expected[r])) {
      for (let c = 0; c < Math.max(actual[r]?.length ?? 0, expected[r].length); c++) {
        if (!same(actual[r]?.[c], expected[r][c])) {
          return `row ${r} column ${c}: got ${JSON.stringify(actual[r]?.[c])}, expected ${JSON.stringify(expected[r][c])}`;
        }
      }
      return `row ${r}: got ${JSON.stringify(actual[r])}`;
    }
  }
  return '';
}

/** Microseconds since the epoch of an ISO instant plus extra microseconds, as a string. */
function us(iso, extraMicros = 0) {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad date ${iso}`);
  return (BigInt(ms) * 1000n + BigInt(extraMicros)).toString();
}

// ---------------------------------------------------------------------------------------------------
// The typed table: each column lists its SQL type, its type name in each reader and
// [SQL text literal (null for NULL), expected normalised cell] for each row.

const T = (duckdb, arrow, hyparquet) => ({ duckdb, arrow, hyparquet });
const ROWS = 7;
const typed = [
  { name: 'ord', sql: 'INTEGER', types: T('INTEGER', 'Int32', 'INT_32'),
    cells: [0, 1, 2, 3, 4, 5, 6].map(i => [String(i), String(i)]) },
  { name: 'flag', sql: 'BOOLEAN', types: T('BOOLEAN', 'Boolean', 'BOOLEAN'),
    cells: [['true', true], ['false', false], [null, null], ['true', true], ['false', false], ['true', true], ['false', false]] },
  { name: 'i8', sql: 'TINYINT', types: T('TINYINT', 'Int8', 'INT_8'),
    cells: [['-128', '-128'], ['127', '127'], [null, null], ['0', '0'], ['-1', '-1'], ['1', '1'], ['42', '42']] },
  { name: 'i16', sql: 'SMALLINT', types: T('SMALLINT', 'Int16', 'INT_16'),
    cells: [['-32768', '-32768'], ['32767', '32767'], [null, null], ['0', '0'], ['-1', '-1'], ['1', '1'], ['1000', '1000']] },
  { name: 'i32', sql: 'INTEGER', types: T('INTEGER', 'Int32', 'INT_32'),
    cells: [['-2147483648', '-2147483648'], ['2147483647', '2147483647'], [null, null], ['0', '0'], ['-1', '-1'], ['1', '1'], ['123456789', '123456789']] },
  { name: 'i64', sql: 'BIGINT', types: T('BIGINT', 'Int64', 'INT_64'),
    cells: [['-9223372036854775808', '-9223372036854775808'], ['9223372036854775807', '9223372036854775807'], [null, null],
      ['0', '0'], ['-1', '-1'], ['9007199254740993', '9007199254740993'], ['-9007199254740993', '-9007199254740993']] },
  { name: 'u8', sql: 'UTINYINT', types: T('UTINYINT', 'UInt8', 'UINT_8'),
    cells: [['0', '0'], ['255', '255'], [null, null], ['1', '1'], ['128', '128'], ['127', '127'], ['200', '200']] },
  { name: 'u16', sql: 'USMALLINT', types: T('USMALLINT', 'UInt16', 'UINT_16'),
    cells: [['0', '0'], ['65535', '65535'], [null, null], ['1', '1'], ['32768', '32768'], ['32767', '32767'], ['40000', '40000']] },
  { name: 'u32', sql: 'UINTEGER', types: T('UINTEGER', 'UInt32', 'UINT_32'),
    cells: [['0', '0'], ['4294967295', '4294967295'], [null, null], ['1', '1'], ['2147483648', '2147483648'], ['2147483647', '2147483647'], ['3000000000', '3000000000']] },
  { name: 'u64', sql: 'UBIGINT', types: T('UBIGINT', 'UInt64', 'UINT_64'),
    cells: [['0', '0'], ['18446744073709551615', '18446744073709551615'], [null, null], ['1', '1'],
      ['9223372036854775808', '9223372036854775808'], ['9223372036854775807', '9223372036854775807'], ['12345678901234567890', '12345678901234567890']] },
  { name: 'f32', sql: 'FLOAT', types: T('FLOAT', 'Float32', 'FLOAT'),
    cells: [['0.1', Math.fround(0.1)], ['NaN', 'NaN'], [null, null], ['inf', 'Infinity'], ['-inf', '-Infinity'], ['-0.0', '-0'],
      ['3.4028235e38', Math.fround(3.4028235e38)]] },
  { name: 'f64', sql: 'DOUBLE', types: T('DOUBLE', 'Float64', 'DOUBLE'),
    cells: [['0.1', 0.1], ['NaN', 'NaN'], [null, null], ['inf', 'Infinity'], ['-inf', '-Infinity'], ['-0.0', '-0'],
      ['-1.7976931348623157e308', -1.7976931348623157e308]] },
  { name: 'f64b', sql: 'DOUBLE', types: T('DOUBLE', 'Float64', 'DOUBLE'),
    cells: [['5e-324', 5e-324], ['1.7976931348623157e308', 1.7976931348623157e308], [null, null], ['0', 0], ['-2.5', -2.5],
      ['123456789.123456789', 123456789.123456789], ['1e-300', 1e-300]] },
  { name: 'dec9_2', sql: 'DECIMAL(9,2)', types: T('DECIMAL(9,2)', 'Decimal128(9, 2)', 'DECIMAL(9,2)'),
    cells: [['-9999999.99', '-9999999.99'], ['9999999.99', '9999999.99'], [null, null], ['0', '0.00'], ['-12.3', '-12.30'], ['0.01', '0.01'], ['-0.01', '-0.01']] },
  { name: 'dec18_3', sql: 'DECIMAL(18,3)', types: T('DECIMAL(18,3)', 'Decimal128(18, 3)', 'DECIMAL(18,3)'),
    cells: [['-999999999999999.999', '-999999999999999.999'], ['999999999999999.999', '999999999999999.999'], [null, null],
      ['0', '0.000'], ['-0.001', '-0.001'], ['9007199254740.993', '9007199254740.993'], ['1.5', '1.500']] },
  { name: 'dec12_2', sql: 'DECIMAL(12,2)', types: T('DECIMAL(12,2)', 'Decimal128(12, 2)', 'DECIMAL(12,2)'),
    cells: [['-9999999999.99', '-9999999999.99'], ['9999999999.99', '9999999999.99'], [null, null], ['0', '0.00'], ['19.99', '19.99'],
      ['-0.10', '-0.10'], ['100', '100.00']] },
  { name: 'dec38_4', sql: 'DECIMAL(38,4)', types: T('DECIMAL(38,4)', 'Decimal128(38, 4)', 'DECIMAL(38,4)'),
    cells: [['-9999999999999999999999999999999999.9999', '-9999999999999999999999999999999999.9999'],
      ['9999999999999999999999999999999999.9999', '9999999999999999999999999999999999.9999'], [null, null],
      ['0.0001', '0.0001'], ['-0.0001', '-0.0001'], ['99999999999999999999.9999', '99999999999999999999.9999'],
      ['-1234567890123456789012345678.9012', '-1234567890123456789012345678.9012']] },
  { name: 'dec20_4', sql: 'DECIMAL(20,4)', types: T('DECIMAL(20,4)', 'Decimal128(20, 4)', 'DECIMAL(20,4)'),
    cells: [['-9999999999999999.9999', '-9999999999999999.9999'], ['9999999999999999.9999', '9999999999999999.9999'], [null, null],
      ['0', '0.0000'], ['-0.5', '-0.5000'], ['922337203685477.5808', '922337203685477.5808'], ['-922337203685477.5809', '-922337203685477.5809']] },
  { name: 'dec5_4', sql: 'DECIMAL(5,4)', types: T('DECIMAL(5,4)', 'Decimal128(5, 4)', 'DECIMAL(5,4)'),
    cells: [['0.0001', '0.0001'], ['-9.9999', '-9.9999'], [null, null], ['0', '0.0000'], ['9.9999', '9.9999'], ['-0.0001', '-0.0001'], ['1', '1.0000']] },
  { name: 'dec38_0', sql: 'DECIMAL(38,0)', types: T('DECIMAL(38,0)', 'Decimal128(38, 0)', 'DECIMAL(38,0)'),
    cells: [['-99999999999999999999999999999999999999', '-99999999999999999999999999999999999999'],
      ['99999999999999999999999999999999999999', '99999999999999999999999999999999999999'], [null, null], ['0', '0'], ['-1', '-1'],
      ['18446744073709551616', '18446744073709551616'], ['170141183460469231731687303715884105', '170141183460469231731687303715884105']] },
  { name: 'dt', sql: 'DATE', types: T('DATE', 'Date32', 'DATE'),
    cells: [['0001-01-01', '0001-01-01'], ['9999-12-31', '9999-12-31'], [null, null], ['1969-12-31', '1969-12-31'], ['1970-01-01', '1970-01-01'],
      ['1582-10-04', '1582-10-04'], ['2000-02-29', '2000-02-29']] },
  { name: 'ts', sql: 'TIMESTAMP', types: T('TIMESTAMP', 'Timestamp(Microsecond, None)', 'TIMESTAMP(isAdjustedToUTC=false, unit=MICROS)'),
    cells: [['0001-01-01 00:00:00', '-62135596800000000'], ['9999-12-31 23:59:59.999999', us('9999-12-31T23:59:59Z', 999999)], [null, null],
      ['1969-12-31 23:59:59.999999', '-1'], ['1970-01-01 00:00:00', '0'], ['2025-06-01 12:34:56.789012', us('2025-06-01T12:34:56Z', 789012)],
      ['1900-03-01 00:00:00.000001', us('1900-03-01T00:00:00Z', 1)]] },
  { name: 'tstz', sql: 'TIMESTAMPTZ', types: T('TIMESTAMP WITH TIME ZONE', 'Timestamp(Microsecond, Some("UTC"))', 'TIMESTAMP(isAdjustedToUTC=true, unit=MICROS)'),
    cells: [['0001-01-01 00:00:00+00', '-62135596800000000'], ['9999-12-31 23:59:59.999999+00', us('9999-12-31T23:59:59Z', 999999)], [null, null],
      ['1969-12-31 23:59:59.999999+00', '-1'], ['1970-01-01 05:30:00+05:30', '0'], ['2025-06-01 18:04:56.789012+05:30', us('2025-06-01T12:34:56Z', 789012)],
      ['2025-06-01 00:00:00-07', us('2025-06-01T07:00:00Z')]] },
  { name: 'ts_ms', sql: 'TIMESTAMP_MS', types: T('TIMESTAMP', 'Timestamp(Millisecond, None)', 'TIMESTAMP(isAdjustedToUTC=false, unit=MILLIS)'),
    cells: [['0001-01-01 00:00:00', '-62135596800000000'], ['9999-12-31 23:59:59.999', us('9999-12-31T23:59:59.999Z')], [null, null],
      ['1969-12-31 23:59:59.999', '-1000'], ['1970-01-01 00:00:00', '0'], ['2025-06-01 12:34:56.789', us('2025-06-01T12:34:56.789Z')],
      ['1900-03-01 00:00:00.001', us('1900-03-01T00:00:00.001Z')]] },
  { name: 'ts_ns', sql: 'TIMESTAMP_NS', types: T('TIMESTAMP_NS', 'Timestamp(Nanosecond, None)', 'TIMESTAMP(isAdjustedToUTC=false, unit=NANOS)'),
    cells: [['2024-01-01 00:00:00.123456789', '1704067200123456.789'], ['1969-12-31 23:59:59.999999999', '-0.001'], [null, null],
      ['1970-01-01 00:00:00', '0'], ['1677-09-22 00:00:00', us('1677-09-22T00:00:00Z')], ['2262-04-11 00:00:00', us('2262-04-11T00:00:00Z')],
      ['2025-06-01 12:34:56.789012', us('2025-06-01T12:34:56Z', 789012)]] },
  { name: 'txt', sql: 'VARCHAR', types: T('VARCHAR', 'Utf8', 'UTF8'),
    cells: [['', ''], ['中文测试：订单已付款', '中文测试：订单已付款'], [null, null], ['Zürich-01 Ω-store', 'Zürich-01 Ω-store'],
      ['😀 emoji 𝄞', '😀 emoji 𝄞'], ['quote \' " \\ tab\tnew\nline', 'quote \' " \\ tab\tnew\nline'], ['NULL', 'NULL']] },
  { name: 'bin', sql: 'BLOB', types: T('BLOB', 'Binary', 'BYTE_ARRAY'),
    cells: [['\\x00\\xFF', '0x00ff'], ['', '0x'], [null, null], ['abc', '0x616263'], ['\\xDE\\xAD\\xBE\\xEF', '0xdeadbeef'],
      ['\\x00', '0x00'], ['\\x80\\x7F', '0x807f']] },
  { name: 'id', sql: 'UUID', types: T('UUID', 'FixedSizeBinary(16)', 'UUID'),
    cells: [['550e8400-e29b-41d4-a716-446655440000', '550e8400-e29b-41d4-a716-446655440000'],
      ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'], [null, null],
      ['ffffffff-ffff-ffff-ffff-ffffffffffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
      ['A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
      ['80000000-0000-0000-0000-000000000001', '80000000-0000-0000-0000-000000000001'],
      ['7fffffff-ffff-ffff-ffff-fffffffffffe', '7fffffff-ffff-ffff-ffff-fffffffffffe']] },
];

for (const c of typed) if (c.cells.length !== ROWS) throw new Error(`column ${c.name} has ${c.cells.length} cells`);

function typedSelect() {
  const rows = [];
  for (let r = 0; r < ROWS; r++) {
    rows.push(`(${typed.map(c => `CAST(${c.cells[r][0] === null ? 'NULL' : q(c.cells[r][0])} AS ${c.sql})`).join(', ')})`);
  }
  return `SELECT * FROM (VALUES ${rows.join(',\n')}) AS t(${typed.map(c => c.name).join(', ')}) ORDER BY ord`;
}
const typedExpected = Array.from({ length: ROWS }, (_, r) => typed.map(c => c.cells[r][1]));

// ---------------------------------------------------------------------------------------------------
// arrow-rs written decimals: FLBA widths DuckDB does not use (9 bytes for p=20, 12 for p=28), plus
// INT32/INT64, as the pipeline's own writer produces them.

async function writeArrowDecimals(dir) {
  const pw = await import('parquet-wasm');
  const A = await import('apache-arrow');
  const specs = [[20, 4], [28, 2], [38, 4], [9, 2], [18, 3]];
  const values = {
    '20,4': ['-9999999999999999.9999', '9999999999999999.9999', null, '0.0001', '-0.0001', '12.3400'],
    '28,2': ['-99999999999999999999999999.99', '99999999999999999999999999.99', null, '0.01', '-0.01', '-12.30'],
    '38,4': ['-9999999999999999999999999999999999.9999', '9999999999999999999999999999999999.9999', null, '0.0001', '-0.0001', '99999999999999999999.9999'],
    '9,2': ['-9999999.99', '9999999.99', null, '0.01', '-0.01', '-12.30'],
    '18,3': ['-999999999999999.999', '999999999999999.999', null, '0.001', '-0.001', '0.000'],
  };
  const n = 6;
  const columns = {};
  const expected = Array.from({ length: n }, () => []);
  for (const [p, s] of specs) {
    const texts = values[`${p},${s}`];
    const words = new Uint32Array(n * 4);
    const validity = new Uint8Array(1);
    texts.forEach((t, i) => {
      expected[i].push(t);
      if (t === null) return;
      validity[0] |= 1 << i;
      let u = BigInt.asUintN(128, BigInt(t.replace('.', '')));
      for (let k = 0; k < 4; k++) { words[i * 4 + k] = Number(u & 0xffffffffn); u >>= 32n; }
    });
    const type = new A.Decimal(s, p, 128);
    columns[`d${p}_${s}`] = A.makeVector(A.makeData({ type, length: n, nullCount: texts.filter(t => t === null).length, nullBitmap: validity, data: words }));
  }
  // REQUIRED (non-nullable) columns next to the optional ones.
  const required = [
    [new A.Field('id', new A.Int64(), false),
      A.makeData({ type: new A.Int64(), length: n, data: BigInt64Array.from([-9223372036854775808n, 9223372036854775807n, 0n, -1n, 1n, 42n]) })],
    [new A.Field('price', new A.Decimal(2, 12, 128), false), (() => {
      const words = new Uint32Array(n * 4);
      [-999999999999n, 999999999999n, 0n, -1230n, 1n, 1999n].forEach((v, i) => {
        let u = BigInt.asUintN(128, v);
        for (let k = 0; k < 4; k++) { words[i * 4 + k] = Number(u & 0xffffffffn); u >>= 32n; }
      });
      return A.makeData({ type: new A.Decimal(2, 12, 128), length: n, data: words });
    })()],
    [new A.Field('label', new A.Utf8(), false), A.vectorFromArray(['北京', '', 'Zürich', 'a', 'b', 'c'], new A.Utf8()).data[0]],
  ];
  const requiredExpected = [
    ['-9223372036854775808', '-9999999999.99', '北京'], ['9223372036854775807', '9999999999.99', ''], ['0', '0.00', 'Zürich'],
    ['-1', '-12.30', 'a'], ['1', '0.01', 'b'], ['42', '19.99', 'c'],
  ];
  const fields = [
    ...Object.entries(columns).map(([name, v]) => new A.Field(name, v.type, true)),
    ...required.map(([f]) => f),
  ];
  const children = [...Object.values(columns).map(v => v.data[0]), ...required.map(([, d]) => d)];
  const batch = new A.RecordBatch(new A.Schema(fields), A.makeData({ type: new A.Struct(fields), length: n, nullCount: 0, children }));
  const table = new A.Table([batch]);
  expected.forEach((row, i) => row.push(...requiredExpected[i]));
  const files = [];
  for (const codec of ['SNAPPY', 'GZIP', 'UNCOMPRESSED']) {
    const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression[codec]).build();
    const file = path.join(dir, `arrow-decimals-${codec.toLowerCase()}.parquet`);
    fs.writeFileSync(file, pw.writeParquet(pw.Table.fromIPCStream(A.tableToIPC(table, 'stream')), props));
    files.push(file);
  }
  return { files, expected, names: [...specs.map(([p, s]) => `d${p}_${s}`), 'id', 'price', 'label'] };
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parquet-readers-check-'));
  try {
    // 1. Typed files, one per codec.
    const typedFiles = CODECS.map(codec => path.join(dir, `typed-${codec.toLowerCase()}.parquet`));
    sql(...CODECS.map((codec, i) => `COPY (${typedSelect()}) TO ${q(typedFiles[i])} (FORMAT PARQUET, COMPRESSION ${codec})`));
    // A file whose pages are dictionary-encoded and split over several row groups.
    const bulkFile = path.join(dir, 'bulk-snappy.parquet');
    const bulkSelect = `SELECT i::BIGINT AS id,
        CASE WHEN i % 7 = 0 THEN NULL ELSE 'S' || lpad((i % 20)::VARCHAR, 2, '0') END AS store,
        (DATE '2025-06-01' + (i % 30)::INTEGER) AS day,
        make_timestamp(1748736000000000 + i * 1000003) AS paid_at_local,
        to_timestamp(1748736000 + i)::TIMESTAMPTZ AS paid_at,
        ((i % 1000) * 1.01 - 500)::DECIMAL(12,2) AS price,
        CASE WHEN i % 11 = 0 THEN NULL ELSE (((i * 7919) % 100000 - 50000) / 100)::DECIMAL(9,2) END AS discount,
        (i::HUGEINT * 1000000000000000000 - 123456789)::DECIMAL(38,4) AS big,
        CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 4)::SMALLINT END AS qty,
        CASE WHEN i % 3 = 0 THEN NULL ELSE i / 3.0 END AS ratio,
        i % 2 = 0 AS even,
        ((i % 5) * 1.25 - 2.5)::DECIMAL(12,2) AS fee,
        ((i % 3) - 1.05)::DECIMAL(9,2) AS fee9,
        CASE WHEN i % 4 = 0 THEN NULL ELSE ((i % 3)::HUGEINT * -10000000000000000000000000000 + 0.0001)::DECIMAL(38,4) END AS fee38,
        (i % 6)::TINYINT AS tier,
        CASE WHEN i % 13 = 0 THEN NULL ELSE ['北京', '上海', 'Zürich', '東京'][(i % 4) + 1] END AS city
      FROM range(5000) r(i)`;
    sql(`COPY (${bulkSelect} ORDER BY id) TO ${q(bulkFile)} (FORMAT PARQUET, COMPRESSION SNAPPY, ROW_GROUP_SIZE 1024)`);
    const bulkGzip = path.join(dir, 'bulk-gzip.parquet');
    sql(`COPY (${bulkSelect} ORDER BY id) TO ${q(bulkGzip)} (FORMAT PARQUET, COMPRESSION GZIP, ROW_GROUP_SIZE 2048)`);
    // Hive-partitioned output.
    const lake = path.join(dir, 'lake');
    sql(`COPY (SELECT id, store, day AS date, price, city FROM (${bulkSelect}) WHERE store IS NOT NULL)
         TO ${q(lake)} (FORMAT PARQUET, COMPRESSION SNAPPY, PARTITION_BY (store, date))`);
    const lakeFiles = fs.readdirSync(lake, { recursive: true }).filter(f => f.endsWith('.parquet')).map(f => path.join(lake, f)).sort();
    // 200 small files for the speed check.
    const many = path.join(dir, 'many');
    sql(`COPY (SELECT i % 200 AS part, i::BIGINT AS id, (i * 0.25)::DECIMAL(12,2) AS amount, 'row ' || i AS label,
                      DATE '2025-01-01' + (i % 365)::INTEGER AS day
               FROM range(4000) r(i)) TO ${q(many)} (FORMAT PARQUET, COMPRESSION SNAPPY, PARTITION_BY (part))`);
    const manyFiles = fs.readdirSync(many, { recursive: true }).filter(f => f.endsWith('.parquet')).map(f => path.join(many, f)).sort();
    // No rows at all, and a column of nulls only.
    const emptyFile = path.join(dir, 'empty.parquet');
    const nullsFile = path.join(dir, 'all-nulls.parquet');
    sql(`COPY (SELECT 1::BIGINT AS a, 1.5::DECIMAL(38,4) AS d, 'x' AS s WHERE false) TO ${q(emptyFile)} (FORMAT PARQUET)`,
      `COPY (SELECT i::INTEGER AS i, NULL::DECIMAL(38,4) AS d, NULL::VARCHAR AS s, NULL::DATE AS dt, NULL::TIMESTAMPTZ AS ts
             FROM range(3) r(i)) TO ${q(nullsFile)} (FORMAT PARQUET, COMPRESSION GZIP)`);
    // Files no reader should accept.
    const truncated = path.join(dir, 'truncated.parquet');
    const whole = fs.readFileSync(typedFiles[0]);
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const notParquet = path.join(dir, 'not-parquet.parquet');
    fs.writeFileSync(notParquet, 'store,date\nS01,2025-06-01\n');
    const missing = path.join(dir, 'missing.parquet');

    const arrowDecimals = await writeArrowDecimals(dir);

    // 2. Every reader over every file, in one invocation each.
    const all = [...typedFiles, bulkFile, bulkGzip, emptyFile, nullsFile, ...arrowDecimals.files, truncated, notParquet, missing, ...lakeFiles];
    const results = {};
    for (const reader of READERS) {
      const r = readAll(reader, all);
      check(`${reader}: one invocation over ${all.length} files exits 0 with one JSON object`,
        r.status === 0 && r.json !== null && Object.keys(r.json).length === all.length, r.stderr || r.stdout.slice(0, 300));
      results[reader] = r.json ?? {};
    }

    for (const reader of READERS) {
      const res = results[reader];
      for (const file of typedFiles) {
        const got = res[file];
        const name = `${reader}: ${path.basename(file)}`;
        if (!got?.ok) { check(`${name} reads`, false, got?.error); continue; }
        check(`${name} column names`, same(got.columns.map(c => c.name), typed.map(c => c.name)), JSON.stringify(got.columns.map(c => c.name)));
        const wrongTypes = typed.filter((c, i) => got.columns[i]?.type !== c.types[reader])
          .map(c => `${c.name}: ${got.columns.find(x => x.name === c.name)?.type} (expected ${c.types[reader]})`);
        check(`${name} column types`, wrongTypes.length === 0, wrongTypes.join('; '));
        check(`${name} numRows`, got.numRows === ROWS, String(got.numRows));
        check(`${name} every cell as expected`, same(got.rows, typedExpected), firstDifference(got.rows, typedExpected));
      }
      for (const file of arrowDecimals.files) {
        const got = res[file];
        const name = `${reader}: ${path.basename(file)} (decimals on FLBA(9)/FLBA(12)/FLBA(16)/INT32/INT64, REQUIRED columns)`;
        check(name, got?.ok && same(got.columns.map(c => c.name), arrowDecimals.names) && same(got.rows, arrowDecimals.expected),
          got?.ok ? firstDifference(got.rows, arrowDecimals.expected) : got?.error);
      }
      check(`${reader}: empty.parquet has 0 rows and its 3 columns`,
        res[emptyFile]?.ok && res[emptyFile].numRows === 0 && same(res[emptyFile].rows, []) && res[emptyFile].columns.length === 3,
        JSON.stringify(res[emptyFile]));
      check(`${reader}: all-nulls.parquet reads nulls`,
        res[nullsFile]?.ok && same(res[nullsFile].rows, [['0', null, null, null, null], ['1', null, null, null, null], ['2', null, null, null, null]]),
        JSON.stringify(res[nullsFile]));
      for (const file of [truncated, notParquet, missing]) {
        const got = res[file];
        check(`${reader}: ${path.basename(file)} is reported as ok:false with a message`,
          got?.ok === false && typeof got.error === 'string' && got.error.length > 0, JSON.stringify(got)?.slice(0, 200));
      }
    }

    // 3. The readers agree with each other on the files without a hand-written oracle.
    const bulkExpected = sql(`${bulkSelect} ORDER BY id`);
    for (const file of [bulkFile, bulkGzip]) {
      check(`duckdb: ${path.basename(file)} equals the query that wrote it`,
        results.duckdb[file]?.ok && same(results.duckdb[file].rows, bulkExpected.rows), firstDifference(results.duckdb[file]?.rows, bulkExpected.rows));
    }
    for (const file of [bulkFile, bulkGzip, ...lakeFiles]) {
      const ref = results.duckdb[file];
      for (const reader of ['arrow', 'hyparquet']) {
        const got = results[reader][file];
        const rel = path.relative(dir, file);
        const ok = ref?.ok && got?.ok && got.numRows === ref.numRows
          && same(got.columns.map(c => c.name), ref.columns.map(c => c.name)) && same(got.rows, ref.rows);
        if (!ok || !rel.startsWith('lake')) {
          check(`${reader} = duckdb: ${rel}`, ok, got?.ok && ref?.ok ? firstDifference(got.rows, ref.rows) : (got?.error ?? ref?.error));
        } else {
          passed++;
        }
      }
    }
    console.log(`[info] ${lakeFiles.length} hive partition files compared cell by cell (only failures are listed)`);
    check('hive files hold only their own columns (no store/date inside)',
      lakeFiles.length > 0 && READERS.every(r => same(results[r][lakeFiles[0]]?.columns.map(c => c.name), ['id', 'price', 'city'])),
      JSON.stringify(results.duckdb[lakeFiles[0]]?.columns));

    // 3b. Damaged files: whatever each reader makes of them, the run goes on and later files are still read.
    const damagedDir = path.join(dir, 'damaged');
    fs.mkdirSync(damagedDir);
    let seed = 12345;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const damaged = [];
    for (let k = 0; k < 80; k++) {
      const bytes = Buffer.from(whole);
      const flips = 1 + Math.floor(random() * 6);
      for (let f = 0; f < flips; f++) bytes[4 + Math.floor(random() * (bytes.length - 12))] = Math.floor(random() * 256);
      const file = path.join(damagedDir, `damaged-${String(k).padStart(2, '0')}.parquet`);
      fs.writeFileSync(file, bytes);
      damaged.push(file);
    }
    for (const reader of READERS) {
      const r = readAll(reader, [...damaged, typedFiles[1]]);
      const entries = Object.values(r.json ?? {});
      const rejected = entries.filter(x => x.ok === false).length;
      console.log(`[info] ${reader}: ${rejected} of ${damaged.length} damaged files rejected, ${damaged.length - rejected} read`);
      check(`${reader}: ${damaged.length} damaged files then a good one: exit 0, every file answered, the good file exact`,
        r.status === 0 && entries.length === damaged.length + 1 && entries.every(x => x.ok === true || typeof x.error === 'string')
          && same(r.json[typedFiles[1]]?.rows, typedExpected),
        `exit ${r.status}, ${entries.length} answers, ${r.stderr.slice(0, 300)}`);
    }

    // 4. --sql: several statements, the last one printed; hive partitioning from the paths.
    const grouped = run(['--reader', 'duckdb',
      '--sql', 'CREATE TABLE t AS SELECT 1 AS x',
      '--sql', `SELECT store, date, count(*) AS n, sum(price) AS gmv
                FROM read_parquet(${q(path.join(lake, '**', '*.parquet'))}, hive_partitioning = true)
                GROUP BY ALL ORDER BY ALL`]);
    const groupedExpected = sql(`SELECT store, day AS date, count(*) AS n, sum(price) AS gmv FROM (${bulkSelect})
                                 WHERE store IS NOT NULL GROUP BY ALL ORDER BY ALL`);
    check('--sql over the hive lake: store/date from the paths, date typed DATE, same groups as the source',
      grouped.status === 0 && grouped.json?.ok && same(grouped.json.columns.map(c => c.type), ['VARCHAR', 'DATE', 'BIGINT', 'DECIMAL(38,2)'])
        && grouped.json.rows.length > 0 && same(grouped.json.rows, groupedExpected.rows),
      JSON.stringify(grouped.json)?.slice(0, 300));
    const extremes = run(['--reader', 'duckdb', '--sql',
      `SELECT (-9223372036854775807 - 1)::BIGINT, '-12.3'::DECIMAL(9,2), DATE '0001-01-01', TIMESTAMPTZ '0001-01-01 00:00:00+00', 'NaN'::DOUBLE, '中文'`]);
    check('--sql normalises its result like the file readers',
      same(extremes.json?.rows, [['-9223372036854775808', '-12.30', '0001-01-01', '-62135596800000000', 'NaN', '中文']]), JSON.stringify(extremes.json));
    const bad = run(['--reader', 'duckdb', '--sql', 'SELECT 1', '--sql', 'SELEC 2']);
    check('--sql error: exit 0 with ok:false and the statement index',
      bad.status === 0 && bad.json?.ok === false && bad.json.statement === 1 && /syntax/i.test(bad.json.error), JSON.stringify(bad.json));

    // 5. Usage errors.
    for (const args of [[], ['--reader', 'nope', typedFiles[0]], ['--reader', 'arrow', '--sql', 'SELECT 1'], ['--reader', 'duckdb'], ['--bogus']]) {
      const r = run(args);
      check(`usage error exits non-zero: ${JSON.stringify(args.map(a => (a.startsWith(dir) ? path.basename(a) : a)))}`, r.status !== 0 && r.stdout === '', `exit ${r.status}`);
    }

    // 6. Speed: 200 small files per invocation.
    check('200 small files were written', manyFiles.length === 200, String(manyFiles.length));
    const manyResults = {};
    for (const reader of READERS) {
      const r = readAll(reader, manyFiles);
      manyResults[reader] = r.json ?? {};
      const okCount = Object.values(manyResults[reader]).filter(x => x.ok).length;
      console.log(`[info] ${reader}: ${manyFiles.length} files in ${r.seconds.toFixed(2)} s`);
      check(`${reader}: 200 files read in one invocation in under 15 s`, r.status === 0 && okCount === 200 && r.seconds < 15,
        `${okCount} ok, ${r.seconds.toFixed(2)} s`);
    }
    const disagreements = manyFiles.filter(f => !READERS.every(r => same(manyResults[r][f]?.rows, manyResults.duckdb[f]?.rows)));
    check('all readers agree on the 200 small files', disagreements.length === 0, disagreements.slice(0, 3).join(', '));
  } finally {
    if (keep) console.log(`[info] files kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (e) {
  check('self-check ran to the end', false, e?.stack ?? String(e));
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
