import type { Finding } from '../lib/finding.js';

/** SARIF 2.1.0, one tool whose rules are `check/rule`; locations relative to the checked root. */
export function formatSarif(findings: Finding[]): string {
  const ruleIds = [...new Set(findings.map((f) => `${f.check}/${f.rule}`))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'connvo-docs-check',
            informationUri: 'https://github.com/connvo/docs',
            rules: ruleIds.map((id) => ({ id, name: id, shortDescription: { text: id } })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: 'file:///' } },
        results: findings.map((f) => ({
          ruleId: `${f.check}/${f.rule}`,
          ruleIndex: ruleIds.indexOf(`${f.check}/${f.rule}`),
          level: f.severity === 'error' ? 'error' : 'warning',
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.file), uriBaseId: 'SRCROOT' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
