import type { Finding } from '../lib/finding.js';
import type { Summary } from '../lib/pipeline.js';
import type { ReportOptions } from './index.js';
import { maskRanges, secretRanges, SourceLines } from './source.js';

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** Widest slice of a source line shown in a frame; long lines are cut around the column. */
const FRAME_WIDTH = 100;

/**
 * Findings grouped by file (ESLint's "stylish" layout), each with a one-line code frame whose
 * secret spans are masked, then a summary line. Colors only when the caller says stdout is a TTY.
 */
export function formatStylish(findings: Finding[], summary: Summary, { color, root }: ReportOptions): string {
  const out: string[] = [];
  const source = new SourceLines(root);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  for (const [file, list] of byFile) {
    out.push(paint(color, 4, file));
    for (const f of list) {
      const sev = f.severity === 'error' ? paint(color, 31, 'error  ') : paint(color, 33, 'warning');
      out.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${sev}  ${f.message}  ${paint(color, 2, `${f.check}/${f.rule}`)}`);
      const frame = codeFrame(source, findings, f);
      if (frame) out.push(...frame.map((l) => paint(color, 2, l)));
    }
    out.push('');
  }
  const total = summary.errors + summary.warnings;
  const line =
    total === 0
      ? `✔ no problems in ${summary.files} file(s)`
      : `✖ ${total} problem(s) (${summary.errors} error(s), ${summary.warnings} warning(s)) in ${summary.files} file(s)`;
  out.push(paint(color, summary.errors ? 31 : total ? 33 : 32, line));
  return out.join('\n') + '\n';
}

/** `  12 | the line` and a caret under the span; undefined when the line cannot be shown. */
export function codeFrame(source: SourceLines, all: readonly Finding[], f: Finding): string[] | undefined {
  const raw = source.line(f.file, f.line);
  if (raw === undefined) return undefined;
  // Mask first (columns refer to the raw line), then make tabs one column wide for the caret.
  const text = maskRanges(raw, secretRanges(all, f.file, f.line, raw.length)).replace(/\t/g, ' ');
  if (text.trim() === '') return undefined;
  const col = Math.min(Math.max(f.column, 1), text.length + 1);
  const endCol = f.endLine === f.line && f.endColumn > col ? Math.min(f.endColumn, text.length + 1) : col + 1;
  const from = text.length <= FRAME_WIDTH ? 0 : Math.max(0, Math.min(col - 1 - FRAME_WIDTH / 4, text.length - FRAME_WIDTH));
  const shown = (from > 0 ? '…' : '') + text.slice(from, from + FRAME_WIDTH) + (from + FRAME_WIDTH < text.length ? '…' : '');
  const lead = from > 0 ? 1 : 0;
  const caretStart = col - 1 - from + lead;
  const caretLen = Math.max(1, Math.min(endCol - col, FRAME_WIDTH - (col - 1 - from)));
  const gutter = String(f.line).padStart(6);
  return [`${gutter} | ${shown}`, `${' '.repeat(6)} | ${' '.repeat(Math.max(0, caretStart))}${'^'.repeat(caretLen)}`];
}
