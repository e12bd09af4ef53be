// Parses Bicep files with the tree-sitter Bicep grammar (WebAssembly, no compiler needed) and prints, per file, a JSON
// model the infrastructure tests check: syntax errors, parameters, variables, resources (type, API version, loop,
// condition, body), modules and outputs. Values: a string literal becomes its text with interpolations kept as ${…},
// numbers and booleans stay themselves, objects and arrays nest, and any other expression is {"$expr": "source text"}.
// Usage: node bicep-model.mjs FILE...
import { Parser, Language } from 'web-tree-sitter';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
await Parser.init();
const language = await Language.load(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
const parser = new Parser();
parser.setLanguage(language);

const named = (node) => node.namedChildren.filter((c) => c.type !== 'comment');

function value(node) {
  switch (node.type) {
    case 'object': {
      const result = {};
      for (const property of named(node).filter((c) => c.type === 'object_property')) {
        const [key, v] = named(property);
        const name = key.type === 'string' ? stringText(key) : key.text;
        result[name] = v ? value(v) : null;
      }
      return result;
    }
    case 'array':
      return named(node).filter((c) => c.type !== 'array_item' || true).map((c) => value(c.type === 'array_item' ? named(c)[0] : c));
    case 'string':
      return stringText(node);
    case 'multiline_string':
      return node.text.slice(3, -3);
    case 'number':
      return Number(node.text);
    case 'boolean':
      return node.text === 'true';
    case 'null':
      return null;
    default:
      return { $expr: node.text };
  }
}

// A string literal's text: escapes resolved, interpolations written back as ${…}.
function stringText(node) {
  let text = '';
  for (const part of node.namedChildren) {
    if (part.type === 'string_content') text += part.text;
    else if (part.type === 'escape_sequence') text += { "\\'": "'", '\\\\': '\\', '\\n': '\n', '\\r': '\r', '\\t': '\t', '\\$': '$' }[part.text] ?? part.text;
    else if (part.type === 'interpolation') text += part.text;
  }
  return text;
}

function declarationName(node) {
  return named(node).find((c) => c.type === 'identifier')?.text;
}

function model(file) {
  const source = readFileSync(file, 'utf8');
  const tree = parser.parse(source);
  const result = { file, errors: [], targetScope: null, using: null, params: [], vars: [], resources: [], modules: [], outputs: [] };
  const visit = (node) => {
    if (node.type === 'ERROR' || node.isMissing) {
      result.errors.push({ line: node.startPosition.row + 1, column: node.startPosition.column + 1, text: node.text.slice(0, 120) });
    }
    for (const child of node.children) visit(child);
  };
  visit(tree.rootNode);

  let decorators = [];
  for (const node of named(tree.rootNode)) {
    const parts = named(node);
    switch (node.type) {
      case 'decorators':
        decorators = parts.map((d) => d.text);
        continue;
      case 'target_scope_assignment':
        result.targetScope = value(parts[parts.length - 1]);
        break;
      case 'using_statement':
        result.using = value(parts[0]);
        break;
      case 'parameter_declaration': {
        const type = parts.find((c) => c.type === 'type');
        const rest = parts.slice(parts.indexOf(type ?? parts[0]) + 1);
        result.params.push({ name: declarationName(node), type: type ? type.text : null, default: rest.length > 0 ? value(rest[rest.length - 1]) : null, hasDefault: rest.length > 0, decorators });
        break;
      }
      case 'parameter_assignment':
        result.params.push({ name: declarationName(node), type: null, default: value(parts[parts.length - 1]), hasDefault: true, decorators });
        break;
      case 'variable_declaration':
        result.vars.push({ name: declarationName(node), value: value(parts[parts.length - 1]) });
        break;
      case 'resource_declaration':
      case 'module_declaration': {
        const reference = stringText(parts[1]);
        let body = parts[parts.length - 1];
        let loop = null;
        let condition = null;
        if (body.type === 'for_statement') {
          const items = named(body);
          loop = { item: items[0].text, source: items[items.length - 2].text };
          body = items[items.length - 1];
        } else if (body.type === 'if_statement') {
          const items = named(body);
          condition = items[0].text;
          body = items[items.length - 1];
        }
        const entry = { symbol: parts[0].text, loop, condition, decorators, body: value(body) };
        if (node.type === 'module_declaration') {
          result.modules.push({ ...entry, path: reference });
        } else {
          const at = reference.lastIndexOf('@');
          result.resources.push({ ...entry, type: reference.slice(0, at), apiVersion: reference.slice(at + 1), existing: /^\s*resource\s+\S+\s+'[^']*'\s+existing\b/.test(node.text) });
        }
        break;
      }
      case 'output_declaration': {
        const type = parts.find((c) => c.type === 'type');
        result.outputs.push({ name: declarationName(node), type: type ? type.text : null, value: value(parts[parts.length - 1]) });
        break;
      }
      default:
        break;
    }
    decorators = [];
  }
  return result;
}

process.stdout.write(JSON.stringify(process.argv.slice(2).map(model), null, 1));
