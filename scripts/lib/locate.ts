import { createRequire } from 'node:module';
import type { Source } from '@redocly/openapi-core';
import type { Span } from './finding.js';

/**
 * Redocly's core, on first use: a location is needed only when a finding is made, and the import
 * costs ~0.8 s of start-up that a run without one (`--help`, `--only tokens`) should not pay.
 * The copy the workspace imported to load the specs is used when there is one (`useOpenapiCore`);
 * otherwise it is required here (Node >= 20.19 requires ES modules synchronously). In the
 * bundled CLI that require loads the package from node_modules a second time, beside the bundled
 * copy (~0.35 s of CPU a run when the security check located its findings that way).
 */
let core: typeof import('@redocly/openapi-core') | undefined;
function openapiCore(): typeof import('@redocly/openapi-core') {
  core ??= createRequire(import.meta.url)('@redocly/openapi-core') as typeof import('@redocly/openapi-core');
  return core;
}

/** The Redocly core a caller has imported already (see openapiCore). */
export function useOpenapiCore(imported: typeof import('@redocly/openapi-core')): void {
  core ??= imported;
}

/** A Redocly `Source` (the YAML AST is built on first lookup). */
export function sourceOf(absPath: string, text: string): Source {
  return new (openapiCore().Source)(absPath, text);
}

/**
 * JSON-pointer → line:column for YAML and JSON files, through Redocly's own AST lookup
 * (JSON is YAML, so mint.json goes through the same code as openapi.yaml).
 */
export function locatePointer(source: Source, pointer: string, reportOnKey = false): Span {
  const loc = openapiCore().getLineColLocation({ source, pointer: pointer.startsWith('#') ? pointer : `#${pointer}`, reportOnKey });
  const start = { line: loc.start.line, column: loc.start.col };
  const end = loc.end ? { line: loc.end.line, column: loc.end.col } : start;
  return { start, end };
}

/** RFC 6901 pointer from path segments. */
export function pointerOf(...segments: Array<string | number>): string {
  return '#/' + segments.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/** 1-based line:column of a character offset in text. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
