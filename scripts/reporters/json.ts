import type { Finding } from '../lib/finding.js';
import type { Summary } from '../lib/pipeline.js';

/** The contract shape: {"findings": [...], "summary": {...}} and nothing else. */
export function formatJson(findings: Finding[], summary: Summary): string {
  const shaped = findings.map(({ check, rule, severity, message, file, line, column, endLine, endColumn }) => ({
    check, rule, severity, message, file, line, column, endLine, endColumn,
  }));
  return JSON.stringify({ findings: shaped, summary }, null, 2) + '\n';
}
