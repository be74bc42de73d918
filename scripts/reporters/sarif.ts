import { checks } from '../checks/index.js';
import type { Finding } from '../lib/finding.js';

/** Checks whose findings GitHub code scanning should rank as security alerts. */
const SECURITY_CHECKS = new Set(['security', 'tokens']);

/** RFC 3986 relative reference for a root-relative path (`#`, `?`, spaces encoded; `/` kept). */
export function sarifUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: one run, one tool whose rules are `check/rule`,
 * locations relative to the checked root (`%SRCROOT%`, the repository checkout in CI), columns in
 * UTF-16 code units like every position the checks report. No source snippets: a secret's text
 * never leaves the tree through this format.
 */
export function formatSarif(findings: Finding[]): string {
  const ruleIds = [...new Set(findings.map((f) => `${f.check}/${f.rule}`))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const summaryOf = new Map(checks.map((c) => [c.name, c.summary]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'connvo-docs-check',
            semanticVersion: '0.1.0',
            rules: ruleIds.map((id) => {
              const [check, rule] = id.split('/', 2);
              const security = SECURITY_CHECKS.has(check);
              const worst = findings.some((f) => `${f.check}/${f.rule}` === id && f.severity === 'error') ? 'error' : 'warning';
              return {
                id,
                name: rule,
                shortDescription: { text: `${check}: ${rule}` },
                fullDescription: { text: summaryOf.get(check) ?? `${check} check` },
                help: { text: `Reported by the "${check}" check of npm run check (rule ${rule}). Rerun locally: npm run check -- --only ${check}` },
                defaultConfiguration: { level: worst },
                properties: security ? { tags: ['security'], 'security-severity': worst === 'error' ? '8.0' : '5.0' } : { tags: ['docs'] },
              };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => {
          const startLine = Math.max(1, f.line);
          const startColumn = Math.max(1, f.column);
          const endLine = Math.max(startLine, f.endLine);
          const endColumn = endLine === startLine ? Math.max(startColumn + 1, f.endColumn) : Math.max(1, f.endColumn);
          return {
            ruleId: `${f.check}/${f.rule}`,
            ruleIndex: index.get(`${f.check}/${f.rule}`),
            level: f.severity === 'error' ? 'error' : 'warning',
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: sarifUri(f.file), uriBaseId: '%SRCROOT%' },
                  region: { startLine, startColumn, endLine, endColumn },
                },
              },
            ],
          };
        }),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
