#!/usr/bin/env node
// Reads Parquet files with one of three independent readers and prints every cell in one normalised
// JSON form, so the C# tests can compare what each reader sees with what was written.
//
// Usage:
//   node tests/tools/parquet-readers.mjs --reader duckdb|hyparquet|arrow FILE...
//   node tests/tools/parquet-readers.mjs --reader duckdb --sql "<SQL>" [--sql "<SQL>" ...]
//
// Output (stdout, one JSON object):
//   files: { "<path as given>": { "ok": true, "numRows": n, "columns": [{ "name", "type" }], "rows": [[...]] }
//                             | { "ok": false, "error": "<message>" } }
//   --sql: { "ok": true, "numRows": n, "columns": [...], "rows": [...] } for the last statement,
//          or { "ok": false, "error": "<message>", "statement": i } for the first one that failed.
// Exit code 0 whenever the readers could run (also when some files were rejected); 2 for usage errors.
//
// Readers:
//   duckdb     @duckdb/node-api (DuckDB). One in-memory instance and connection for the whole run.
//              Files are read with read_parquet(path, hive_partitioning=false), so a file inside a
//              key=value folder shows only its own columns.
//   arrow      parquet-wasm (arrow-rs) into Arrow IPC, decoded by apache-arrow. Cells are taken from the
//              raw Arrow buffers (Decimal128/256 words, Int64 timestamps), never through JS Date or Number.
//   hyparquet  hyparquet (pure JS) with hyparquet-compressors for GZIP/ZSTD/BROTLI/LZ4.
//
// Cell normalisation (the same for all readers):
//   null -> null; BOOLEAN -> true/false
//   integers of any width, signed or unsigned -> decimal string ("-9223372036854775808")
//   FLOAT/DOUBLE -> JSON number; NaN/Infinity/-Infinity/-0 -> "NaN"/"Infinity"/"-Infinity"/"-0"
//   DECIMAL(p,s) -> exact decimal string with exactly s fraction digits ("-12.30", "0.0001")
//   DATE -> "YYYY-MM-DD" (proleptic Gregorian; years outside 0..9999 as "-0001"/"10000")
//   TIMESTAMP (any unit, with or without UTC adjustment) -> microseconds since the Unix epoch as a
//     string ("-62135596800000000"); a NANOS value that is not a whole microsecond keeps its three
//     extra digits as a fraction ("1704067200123456.789"); seconds/millis are scaled up exactly
//   STRING/UTF8/ENUM/JSON -> JSON string
//   BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY without string/decimal/UUID annotation -> "0x" + lowercase hex
//   UUID -> lowercase "8-4-4-4-12"
//
// How exactness is kept per reader:
//   duckdb     DECIMAL from DuckDB's value objects (unscaled BigInt + scale); DATE from its day number;
//              TIMESTAMP/TIMESTAMPTZ/_MS/_NS from the raw micros/millis/nanos BigInt; BIGINT/UBIGINT/HUGEINT
//              arrive as BigInt; BLOB as bytes; UUID as its canonical text.
//   arrow      Decimal128/256 from the little-endian 32-bit words of the Arrow buffer; Date32 days from
//              the Int32 buffer; Timestamp from the BigInt64 buffer with the field's unit; Int64/UInt64 as
//              BigInt. (apache-arrow's own get() would give JS numbers or milliseconds for some of these.)
//   hyparquet  DATE/TIMESTAMP/UUID/strings go through hyparquet's `parsers` option, replaced so that no
//              JS Date is involved (the defaults build Dates); byte arrays are read with utf8:false, so an
//              unannotated BYTE_ARRAY stays bytes. For DECIMAL see below.
//
// Known limitations:
//   - arrow: this parquet-wasm build maps a UUID column to FixedSizeBinary(16) with no extension
//     metadata. Its bytes still come from arrow-rs; only the choice "format as UUID rather than hex"
//     is taken from the file footer (parsed with hyparquet's metadata reader). The column type
//     reported stays arrow's own, FixedSizeBinary(16).
//   - hyparquet converts DECIMAL to a JS Number, which is not exact. The script therefore hands
//     hyparquet a copy of the footer without the DECIMAL annotations, so it returns the raw INT32 /
//     INT64 / big-endian byte values, and rebuilds the exact decimal from the footer's scale.
//   - Nested columns (LIST/STRUCT/MAP) are normalised only best-effort and not uniformly across
//     readers; the tested files are flat.
//   - INT96 and INTERVAL are not normalised uniformly (hyparquet rejects INTERVAL).
//   - duckdb: read_parquet expands glob characters (* ? [) in a path; give paths without them.
//   - A path given twice is read and printed once.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------------
// Shared cell formatters

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hexString(bytes) {
  let s = '0x';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

export function uuidString(bytes) {
  if (bytes.length !== 16) return hexString(bytes);
  let h = '';
  for (let i = 0; i < 16; i++) h += HEX[bytes[i]];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function intString(v) {
  return typeof v === 'bigint' ? v.toString() : BigInt(v).toString();
}

export function floatValue(v) {
  const x = Number(v);
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0 && 1 / x < 0) return '-0';
  return x;
}

/** Exact decimal text of unscaled × 10^-scale, with exactly `scale` fraction digits. */
export function decimalString(unscaled, scale) {
  const u = BigInt(unscaled);
  const neg = u < 0n;
  let digits = (neg ? -u : u).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  } else if (scale < 0) {
    digits = u === 0n ? '0' : digits + '0'.repeat(-scale);
  }
  return (neg ? '-' : '') + digits;
}

/** Big-endian two's complement bytes to a BigInt. */
export function bigIntFromBytesBE(bytes) {
  if (bytes.length === 0) return 0n;
  let v = 0n;
  for (let i = 0; i < bytes.length; i++) v = (v << 8n) | BigInt(bytes[i]);
  if (bytes[0] & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v;
}

/** Days since 1970-01-01 to "YYYY-MM-DD" (proleptic Gregorian, integer arithmetic only). */
export function dateString(days) {
  const z = Number(days) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const ys = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
  return `${ys}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A timestamp in `unit` ('s' | 'ms' | 'us' | 'ns') to microseconds since the epoch, as exact text. */
export function timestampMicros(value, unit) {
  const v = BigInt(value);
  switch (unit) {
    case 's': return (v * 1000000n).toString();
    case 'ms': return (v * 1000n).toString();
    case 'us': return v.toString();
    case 'ns': {
      if (v % 1000n === 0n) return (v / 1000n).toString();
      return decimalString(v, 3);
    }
    default: throw new Error(`unknown timestamp unit ${unit}`);
  }
}

/** Best-effort JSON-safe form for values of types the readers do not share (nested, INTERVAL, ...). */
function genericValue(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return floatValue(v);
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Uint8Array) return hexString(v);
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return Array.from(v, genericValue);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : timestampMicros(BigInt(v.getTime()), 'ms');
  if (v instanceof Map) return Array.from(v, ([k, x]) => ({ key: genericValue(k), value: genericValue(x) }));
  if (typeof v === 'object') {
    if (typeof v.toJSON === 'function') return genericValue(v.toJSON());
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = genericValue(x);
    return o;
  }
  return String(v);
}

function errorMessage(e) {
  if (e instanceof Error) return e.message || String(e);
  return String(e);
}

// ---------------------------------------------------------------------------------------------------
// DuckDB

let duckdbConnection = null;

async function duckdbConnect() {
  if (duckdbConnection) return duckdbConnection;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  duckdbConnection = await instance.connect();
  return duckdbConnection;
}

function duckdbNormaliser(type) {
  const { DuckDBTypeId: T } = duckdbTypes;
  switch (type.typeId) {
    case T.BOOLEAN: return v => v;
    case T.TINYINT: case T.SMALLINT: case T.INTEGER: case T.BIGINT: case T.HUGEINT:
    case T.UTINYINT: case T.USMALLINT: case T.UINTEGER: case T.UBIGINT: case T.UHUGEINT:
      return intString;
    case T.FLOAT: case T.DOUBLE: return floatValue;
    case T.DECIMAL: return v => decimalString(v.value, v.scale);
    case T.DATE: return v => dateString(v.days);
    case T.TIMESTAMP: case T.TIMESTAMP_TZ: return v => timestampMicros(v.micros, 'us');
    case T.TIMESTAMP_MS: return v => timestampMicros(v.millis, 'ms');
    case T.TIMESTAMP_S: return v => timestampMicros(v.seconds, 's');
    case T.TIMESTAMP_NS: return v => timestampMicros(v.nanos, 'ns');
    case T.VARCHAR: return v => v;
    case T.ENUM: return v => String(v);
    case T.BLOB: return v => hexString(v.bytes);
    case T.UUID: return v => v.toString().toLowerCase();
    case T.LIST: case T.ARRAY: {
      const inner = duckdbNormaliser(type.valueType);
      return v => v.items.map(x => (x === null ? null : inner(x)));
    }
    case T.STRUCT: {
      const inner = type.entryTypes.map(duckdbNormaliser);
      return v => {
        const o = {};
        type.entryNames.forEach((n, i) => { const x = v.entries[n]; o[n] = x === null ? null : inner[i](x); });
        return o;
      };
    }
    case T.MAP: {
      const k = duckdbNormaliser(type.keyType);
      const val = duckdbNormaliser(type.valueType);
      return v => v.entries.map(e => ({ key: e.key === null ? null : k(e.key), value: e.value === null ? null : val(e.value) }));
    }
    default: return v => (typeof v === 'object' ? String(v) : genericValue(v));
  }
}

let duckdbTypes = null;

async function duckdbResult(connection, sql) {
  duckdbTypes ??= await import('@duckdb/node-api');
  const reader = await connection.runAndReadAll(sql);
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const normalisers = types.map(duckdbNormaliser);
  const rows = reader.getRows().map(r => r.map((v, i) => (v === null || v === undefined ? null : normalisers[i](v))));
  return {
    ok: true,
    numRows: rows.length,
    columns: names.map((name, i) => ({ name, type: types[i].toString() })),
    rows,
  };
}

function sqlString(s) {
  return `'${s.replaceAll("'", "''")}'`;
}

async function readDuckdb(file) {
  const connection = await duckdbConnect();
  if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
  try {
    return await duckdbResult(connection, `SELECT * FROM read_parquet(${sqlString(file)}, hive_partitioning = false)`);
  } catch (e) {
    throw new Error(errorMessage(e).split('\n\nLINE 1:')[0].trim());
  }
}

async function runSql(statements) {
  const connection = await duckdbConnect();
  let result = null;
  for (let i = 0; i < statements.length; i++) {
    try {
      result = await duckdbResult(connection, statements[i]);
    } catch (e) {
      return { ok: false, error: errorMessage(e), statement: i };
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// arrow-rs via parquet-wasm

let arrowLib = null;

async function arrowInit() {
  if (arrowLib) return arrowLib;
  const arrow = await import('apache-arrow');
  const hyparquet = await import('hyparquet');
  arrowLib = { wasm: loadParquetWasm(false), arrow, hyparquet };
  return arrowLib;
}

/**
 * parquet-wasm's Node build instantiates its WebAssembly module when it is loaded. After a trap (a Rust
 * panic surfaces as "unreachable") the instance is not trusted any further: load a fresh one.
 */
function loadParquetWasm(fresh) {
  const id = require.resolve('parquet-wasm');
  if (fresh) delete require.cache[id];
  return require(id);
}

const ARROW_UNITS = ['Second', 'Millisecond', 'Microsecond', 'Nanosecond'];
const ARROW_UNIT_KEYS = ['s', 'ms', 'us', 'ns'];

/** arrow-rs style name of an Arrow JS data type ("Decimal128(12, 2)", "Timestamp(Microsecond, Some(\"UTC\"))"). */
function arrowTypeName(type, Type) {
  switch (type.typeId) {
    case Type.Null: return 'Null';
    case Type.Bool: return 'Boolean';
    case Type.Int: return `${type.isSigned ? 'Int' : 'UInt'}${type.bitWidth}`;
    case Type.Float: return ['Float16', 'Float32', 'Float64'][type.precision];
    case Type.Decimal: return `Decimal${type.bitWidth}(${type.precision}, ${type.scale})`;
    case Type.Date: return type.unit === 0 ? 'Date32' : 'Date64';
    case Type.Timestamp:
      return `Timestamp(${ARROW_UNITS[type.unit]}, ${type.timezone ? `Some(${JSON.stringify(type.timezone)})` : 'None'})`;
    case Type.Utf8: return 'Utf8';
    case Type.LargeUtf8: return 'LargeUtf8';
    case Type.Binary: return 'Binary';
    case Type.LargeBinary: return 'LargeBinary';
    case Type.FixedSizeBinary: return `FixedSizeBinary(${type.byteWidth})`;
    default: return String(type);
  }
}

/** Returns (data, index) => normalised cell for one Arrow column, reading raw buffers where JS would lose precision. */
function arrowCellReader(field, isUuid, Type) {
  const type = field.type;
  switch (type.typeId) {
    case Type.Bool: return (d, i, vec) => vec.get(i);
    case Type.Int:
      if (type.bitWidth === 64) return (d, i) => d.values[i].toString();
      return (d, i) => String(d.values[i]);
    case Type.Float:
      if (type.precision === 0) return (d, i, vec) => floatValue(vec.get(i));
      return (d, i) => floatValue(d.values[i]);
    case Type.Decimal: {
      const words = type.bitWidth / 32;
      const width = BigInt(type.bitWidth);
      const scale = type.scale;
      return (d, i) => {
        const w = d.values;
        let v = 0n;
        for (let k = words - 1; k >= 0; k--) v = (v << 32n) | BigInt(w[i * words + k]);
        if (w[i * words + words - 1] & 0x80000000) v -= 1n << width;
        return decimalString(v, scale);
      };
    }
    case Type.Date:
      if (type.unit === 0) return (d, i) => dateString(d.values[i]);
      return (d, i) => {
        const ms = BigInt(d.values[i]);
        const days = ms / 86400000n - (ms % 86400000n < 0n ? 1n : 0n);
        return dateString(Number(days));
      };
    case Type.Timestamp: {
      const unit = ARROW_UNIT_KEYS[type.unit];
      return (d, i) => timestampMicros(d.values[i], unit);
    }
    case Type.Utf8: case Type.LargeUtf8: return (d, i, vec) => vec.get(i);
    case Type.Binary: case Type.LargeBinary: return (d, i, vec) => hexString(vec.get(i));
    case Type.FixedSizeBinary:
      if (isUuid) return (d, i, vec) => uuidString(vec.get(i));
      return (d, i, vec) => hexString(vec.get(i));
    default: return (d, i, vec) => genericValue(vec.get(i));
  }
}

function uuidColumnNames(hyparquet, bytes) {
  const names = new Set();
  try {
    const metadata = hyparquet.parquetMetadata(toArrayBuffer(bytes));
    for (const child of hyparquet.parquetSchema(metadata).children) {
      if (child.element.logical_type?.type === 'UUID') names.add(child.element.name);
    }
  } catch {
    // the footer is only a formatting hint here; arrow-rs reports its own errors
  }
  return names;
}

async function readArrow(file) {
  const lib = await arrowInit();
  const { arrow, hyparquet } = lib;
  const { Type, tableFromIPC, makeVector } = arrow;
  const bytes = fs.readFileSync(file);
  let ipc;
  try {
    ipc = lib.wasm.readParquet(bytes, { batchSize: 65536 }).intoIPCStream();
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) {
      lib.wasm = loadParquetWasm(true);
      throw new Error(`arrow-rs trapped (${e.message})`);
    }
    throw e;
  }
  const table = tableFromIPC(ipc);
  const uuids = uuidColumnNames(hyparquet, bytes);
  const fields = table.schema.fields;
  const numRows = table.numRows;
  const rows = Array.from({ length: numRows }, () => new Array(fields.length));
  fields.forEach((field, c) => {
    const read = arrowCellReader(field, uuids.has(field.name) && field.type.typeId === Type.FixedSizeBinary, Type);
    const column = table.getChildAt(c);
    let r = 0;
    for (const data of column.data) {
      const vec = makeVector(data);
      for (let i = 0; i < data.length; i++, r++) {
        rows[r][c] = data.getValid(i) ? read(data, i, vec) : null;
      }
    }
  });
  return {
    ok: true,
    numRows,
    columns: fields.map(f => ({ name: f.name, type: arrowTypeName(f.type, Type) })),
    rows,
  };
}

// ---------------------------------------------------------------------------------------------------
// hyparquet

let hyparquetLib = null;

async function hyparquetInit() {
  if (hyparquetLib) return hyparquetLib;
  const hyparquet = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const decoder = new TextDecoder();
  const parsers = {
    timestampFromMilliseconds: v => timestampMicros(v, 'ms'),
    timestampFromMicroseconds: v => timestampMicros(v, 'us'),
    timestampFromNanoseconds: v => timestampMicros(v, 'ns'),
    dateFromDays: v => dateString(v),
    stringFromBytes: b => (b == null ? b : decoder.decode(b)),
    jsonFromBytes: b => (b == null ? b : decoder.decode(b)),
    uuidFromBytes: b => (b == null ? b : uuidString(b)),
  };
  hyparquetLib = { hyparquet, compressors, parsers, decoder };
  return hyparquetLib;
}

function toArrayBuffer(buf) {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

/** hyparquet's own description of a column: logical type, else converted type, else physical type. */
function hyparquetTypeName(e) {
  const lt = e.logical_type;
  if (lt) {
    switch (lt.type) {
      case 'DECIMAL': return `DECIMAL(${lt.precision},${lt.scale})`;
      case 'TIMESTAMP': return `TIMESTAMP(isAdjustedToUTC=${lt.isAdjustedToUTC}, unit=${lt.unit})`;
      case 'TIME': return `TIME(isAdjustedToUTC=${lt.isAdjustedToUTC}, unit=${lt.unit})`;
      case 'INTEGER': return `INTEGER(${lt.bitWidth},${lt.isSigned})`;
      default: return lt.type;
    }
  }
  if (e.converted_type === 'DECIMAL') return `DECIMAL(${e.precision},${e.scale})`;
  if (e.converted_type) return e.converted_type;
  if (e.type === 'FIXED_LEN_BYTE_ARRAY') return `FIXED_LEN_BYTE_ARRAY(${e.type_length})`;
  return e.type ?? 'GROUP';
}

function isDecimal(e) {
  return e.converted_type === 'DECIMAL' || e.logical_type?.type === 'DECIMAL';
}

/** Normaliser for one top-level column, decided from the footer's schema element. */
function hyparquetNormaliser(node, decoder) {
  const e = node.element;
  if (node.children.length > 0 || e.repetition_type === 'REPEATED') return genericValue;
  const ct = e.converted_type;
  const lt = e.logical_type?.type;
  if (isDecimal(e)) {
    const scale = e.scale ?? e.logical_type?.scale ?? 0;
    return v => decimalString(v instanceof Uint8Array ? bigIntFromBytesBE(v) : BigInt(v), scale);
  }
  // The parsers above format these; a column annotated only with a LogicalType that hyparquet does not
  // convert by itself reaches here as its raw physical value and is formatted the same way.
  if (ct === 'DATE' || lt === 'DATE') return v => (typeof v === 'string' ? v : dateString(v));
  if (ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS' || lt === 'TIMESTAMP') {
    const unit = { MILLIS: 'ms', MICROS: 'us', NANOS: 'ns' }[e.logical_type?.unit] ?? (ct === 'TIMESTAMP_MILLIS' ? 'ms' : 'us');
    return v => (typeof v === 'string' ? v : timestampMicros(v, unit));
  }
  if (e.type === 'INT96' && !ct) return v => (typeof v === 'string' ? v : genericValue(v));
  if (lt === 'UUID') return v => (typeof v === 'string' ? v : uuidString(v));
  if (ct === 'UTF8' || lt === 'STRING' || ct === 'JSON' || lt === 'JSON') {
    return v => (v instanceof Uint8Array ? decoder.decode(v) : v);
  }
  if (ct === 'ENUM' || lt === 'ENUM') return v => (v instanceof Uint8Array ? decoder.decode(v) : v);
  switch (e.type) {
    case 'BOOLEAN': return v => v;
    case 'INT32': case 'INT64': return intString;
    case 'FLOAT': case 'DOUBLE': return floatValue;
    case 'BYTE_ARRAY': case 'FIXED_LEN_BYTE_ARRAY':
      if (lt === 'FLOAT16') return floatValue;
      return v => (v instanceof Uint8Array ? hexString(v) : genericValue(v));
    default: return genericValue;
  }
}

async function readHyparquet(file) {
  const { hyparquet, compressors, parsers, decoder } = await hyparquetInit();
  const arrayBuffer = toArrayBuffer(fs.readFileSync(file));
  const metadata = hyparquet.parquetMetadata(arrayBuffer, { parsers });
  const top = hyparquet.parquetSchema(metadata).children;
  const normalisers = top.map(node => hyparquetNormaliser(node, decoder));
  // hyparquet turns DECIMAL into a lossy JS Number. Read with a footer copy whose decimal elements have
  // no annotation, so it hands back the physical values; the scale comes from the real footer above.
  const rawMetadata = {
    ...metadata,
    schema: metadata.schema.map(e => {
      if (!isDecimal(e)) return e;
      const { converted_type, logical_type, ...rest } = e;
      return rest;
    }),
  };
  let rows = [];
  await hyparquet.parquetRead({
    file: arrayBuffer,
    metadata: rawMetadata,
    compressors,
    parsers,
    utf8: false,
    rowFormat: 'array',
    onComplete: data => { rows = data; },
  });
  const out = rows.map(row => row.map((v, i) => (v === null || v === undefined ? null : normalisers[i](v))));
  return {
    ok: true,
    numRows: out.length,
    columns: top.map(node => ({ name: node.element.name, type: hyparquetTypeName(node.element) })),
    rows: out,
  };
}

// ---------------------------------------------------------------------------------------------------
// CLI

const READERS = { duckdb: readDuckdb, arrow: readArrow, hyparquet: readHyparquet };

function usage(message) {
  process.stderr.write(`${message}\n`
    + 'usage: node tests/tools/parquet-readers.mjs --reader duckdb|hyparquet|arrow FILE...\n'
    + '       node tests/tools/parquet-readers.mjs --reader duckdb --sql "<SQL>" [--sql "<SQL>" ...]\n');
  process.exitCode = 2;
}

function parseArgs(argv) {
  const files = [];
  const sql = [];
  let reader = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reader' || a === '--sql') {
      if (i + 1 >= argv.length) return { error: `${a} needs a value` };
      if (a === '--reader') reader = argv[++i];
      else sql.push(argv[++i]);
    } else if (a.startsWith('--reader=')) {
      reader = a.slice('--reader='.length);
    } else if (a.startsWith('--sql=')) {
      sql.push(a.slice('--sql='.length));
    } else if (a === '--') {
      files.push(...argv.slice(i + 1));
      break;
    } else if (a.startsWith('--')) {
      return { error: `unknown option ${a}` };
    } else {
      files.push(a);
    }
  }
  if (!reader) return { error: '--reader is required' };
  if (!(reader in READERS)) return { error: `unknown reader '${reader}'` };
  if (sql.length > 0 && reader !== 'duckdb') return { error: '--sql needs --reader duckdb' };
  if (sql.length > 0 && files.length > 0) return { error: 'give either --sql or files, not both' };
  if (sql.length === 0 && files.length === 0) return { error: 'no files given' };
  return { reader, files, sql };
}

async function writeOut(text) {
  if (!process.stdout.write(text)) await new Promise(resolve => process.stdout.once('drain', resolve));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.error) { usage(args.error); return; }
  if (args.sql.length > 0) {
    await writeOut(`${JSON.stringify(await runSql(args.sql))}\n`);
    return;
  }
  // One object, written file by file so that hundreds of files never make one huge string.
  const read = READERS[args.reader];
  const seen = new Set();
  let first = true;
  await writeOut('{');
  for (const file of args.files) {
    if (seen.has(file)) continue;
    seen.add(file);
    let result;
    try {
      result = await read(file);
    } catch (e) {
      result = { ok: false, error: errorMessage(e) };
    }
    await writeOut(`${first ? '' : ','}${JSON.stringify(file)}:${JSON.stringify(result)}`);
    first = false;
  }
  await writeOut('}\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  // A reader that fails part-way through a file can leave further rejected promises behind for that file
  // (hyparquet decodes columns concurrently). The file is already reported as failed; they change nothing.
  process.on('unhandledRejection', () => {});
  process.stdout.on('error', e => { if (e.code === 'EPIPE') process.exit(0); throw e; });
  await main();
}
