import type { Finding } from '../lib/finding.js';
import type { Summary } from '../lib/pipeline.js';
import type { ReportOptions } from './index.js';

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** Findings grouped by file, one line each, then a summary line (ESLint's "stylish" layout). */
export function formatStylish(findings: Finding[], summary: Summary, { color }: ReportOptions): string {
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, list] of byFile) {
    out.push(paint(color, 4, file));
    for (const f of list) {
      const sev = f.severity === 'error' ? paint(color, 31, 'error  ') : paint(color, 33, 'warning');
      out.push(`  ${`${f.line}:${f.column}`.padEnd(8)} ${sev}  ${f.message}  ${paint(color, 2, `${f.check}/${f.rule}`)}`);
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
