import type { Finding } from '../lib/finding.js';
import type { Summary } from '../lib/pipeline.js';

// GitHub workflow commands: data escapes %, CR, LF; properties also escape : and ,.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(findings: Finding[], summary: Summary): string {
  const lines = findings.map((f) => {
    const props = [
      `file=${escapeProperty(f.file)}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `endLine=${f.endLine}`,
      `endColumn=${f.endColumn}`,
      `title=${escapeProperty(`${f.check}/${f.rule}`)}`,
    ].join(',');
    return `::${f.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(f.message)}`;
  });
  lines.push(`${summary.errors} error(s), ${summary.warnings} warning(s) in ${summary.files} file(s)`);
  return lines.join('\n') + '\n';
}
