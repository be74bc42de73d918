import { isAlias, isCollection, isNode, LineCounter, parseDocument, visit, type Node } from 'yaml';
import type { Span } from './finding.js';

/**
 * YAML from the checked tree, before any parser that expands aliases sees it. An alias is a
 * reference: a "billion laughs" document (ten aliases of ten aliases of ...) is a few hundred bytes
 * that a walk of the parsed value visits as a billion nodes (Redocly's lint, every spec walk), and
 * an alias inside its own anchor is a cycle that overflows every recursive walk. Both are refused
 * with their place, from the `yaml` library's own count (`maxAliasCount`) and a look at where each
 * alias points; real specs and configs use few aliases, if any.
 */

/** Expanded nodes per alias the `yaml` library allows before it calls the document an attack (its default is 100). */
export const MAX_ALIAS_COUNT = 100;

/** An anchor (`&name`) somewhere in the text: only then can there be an alias to worry about. */
const ANCHOR = /(?:^|[\s[{,:?-])&[^\s,[\]{}]/;

export interface YamlProblem {
  message: string;
  at: Span;
}

/** Why the YAML's aliases make it unsafe to expand (a cycle, or too many expansions), or undefined. */
export function yamlAliasProblem(text: string): YamlProblem | undefined {
  if (!ANCHOR.test(text)) return undefined;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const spanOf = (node: Node | undefined): Span => {
    const p = lineCounter.linePos(node?.range?.[0] ?? 0);
    return { start: { line: p.line, column: p.col }, end: { line: p.line, column: p.col } };
  };
  let cycle: Node | undefined;
  visit(doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(doc);
      if (target && path.includes(target as never)) {
        cycle = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (cycle) return { message: `a YAML alias (*${(cycle as { source?: string }).source ?? ''}) refers to a node that contains it (a cycle no reader can expand)`, at: spanOf(cycle) };
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof ReferenceError) {
      let first: Node | undefined;
      visit(doc, { Alias: (_k, a) => ((first = a), visit.BREAK) });
      return { message: `YAML aliases expand to too many nodes (a "billion laughs" document): ${err.message}`, at: spanOf(first) };
    }
    // Syntax errors are each reader's to report.
  }
  return undefined;
}

/**
 * A small YAML config as plain data with locations (redocly.yaml): aliases checked first, syntax
 * errors reported with their place. `at(path, key)` locates a value (or its key) by its path.
 */
export function readYamlData(text: string): { value: unknown; at(path: Array<string | number>, key?: boolean): Span } | { error: string; at?: Span } {
  const alias = yamlAliasProblem(text);
  if (alias) return { error: alias.message, at: alias.at };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const spanAt = (offset: number): Span => {
    const p = lineCounter.linePos(offset);
    return { start: { line: p.line, column: p.col }, end: { line: p.line, column: p.col } };
  };
  if (doc.errors.length) return { error: `invalid YAML: ${doc.errors[0].message.split('\n')[0]}`, at: spanAt(doc.errors[0].pos[0]) };
  return {
    value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }),
    at(path, key = false) {
      const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
      const last = path[path.length - 1];
      if (key && isCollection(parent)) {
        const pair = (parent.items as Array<{ key?: unknown }>).find((it) => isNode(it.key) && (it.key as { value?: unknown }).value === last);
        if (pair && isNode(pair.key)) return spanAt(pair.key.range?.[0] ?? 0);
      }
      const node = doc.getIn(path, true);
      return spanAt(isNode(node) && !isAlias(node) ? (node.range?.[0] ?? 0) : 0);
    },
  };
}
