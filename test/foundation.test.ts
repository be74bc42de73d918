import { describe, expect, it } from 'vitest';
import { runChecks } from '../scripts/lib/pipeline.js';
import { GOOD_SITE, lineOf, siteWith } from './helpers/tree.js';

const only = ['spec', 'site'];

describe('spec and site checks on fixtures', () => {
  it('pass a good site', async () => {
    const { findings, summary } = await runChecks({ root: GOOD_SITE, only });
    expect(findings).toEqual([]);
    expect(summary.files).toBeGreaterThanOrEqual(5);
  });

  const cases: Array<{ name: string; edits: Parameters<typeof siteWith>[0]; check: string; rule: string; file: string; marker: string }> = [
    {
      name: 'broken $ref',
      edits: { 'openapi.yaml': (t) => t.replace("'401':\n          $ref: '#/components/responses/Error'", "'401':\n          $ref: './responses/missing.yaml'") },
      check: 'spec',
      rule: 'no-unresolved-refs',
      file: 'openapi.yaml',
      marker: './responses/missing.yaml',
    },
    {
      name: 'invalid YAML',
      edits: { 'openapi.yaml': (t) => t.replace('  version: 1.0.0\n', '  version: 1.0.0\n   broken: [unclosed\n') },
      check: 'spec',
      rule: 'yaml-syntax',
      file: 'openapi.yaml',
      marker: 'broken: [unclosed',
    },
    {
      name: 'duplicate YAML key',
      edits: { 'openapi.yaml': (t) => t.replace('  version: 1.0.0\n', '  version: 1.0.0\n  title: Again\n') },
      check: 'spec',
      rule: 'yaml-syntax',
      file: 'openapi.yaml',
      marker: 'title: Again',
    },
    {
      name: 'response without description (OpenAPI schema)',
      edits: { 'openapi.yaml': (t) => t.replace("          description: Healthy.\n", '') },
      check: 'spec',
      rule: 'struct',
      file: 'openapi.yaml',
      marker: "'200':\n          content:",
    },
    {
      name: 'invalid mint.json (syntax)',
      edits: { 'mint.json': (t) => t.replace('"name": "Fixture",', '"name": "Fixture",,') },
      check: 'site',
      rule: 'mint-json-syntax',
      file: 'mint.json',
      marker: '"name": "Fixture",,',
    },
    {
      name: 'invalid mint.json (schema)',
      edits: { 'mint.json': (t) => t.replace('"primary": "#4F46E5"', '"primary": 42') },
      check: 'site',
      rule: 'mint-schema',
      file: 'mint.json',
      marker: '"primary": 42',
    },
    {
      name: 'top-level openapi key in mint.json',
      edits: { 'mint.json': (t) => t.replace('"name": "Fixture",', '"name": "Fixture",\n  "openapi": "openapi.yaml",') },
      check: 'site',
      rule: 'mint-openapi-key',
      file: 'mint.json',
      marker: '"openapi": "openapi.yaml"',
    },
    {
      name: 'missing navigation page',
      edits: { 'mint.json': (t) => t.replace('"docs/authentication"]', '"docs/authentication", "docs/missing-page"]') },
      check: 'site',
      rule: 'nav-page-missing',
      file: 'mint.json',
      marker: '"docs/missing-page"',
    },
    {
      name: 'MDX syntax error',
      edits: { 'docs/introduction.mdx': (t) => t.replace('# Welcome\n', '# Welcome\n\n<Note>\nnever closed {\n') },
      check: 'site',
      rule: 'mdx-syntax',
      file: 'docs/introduction.mdx',
      marker: 'never closed {',
    },
    {
      name: 'page without title',
      edits: { 'docs/introduction.mdx': (t) => t.replace('title: Introduction\n', '') },
      check: 'site',
      rule: 'page-title-missing',
      file: 'docs/introduction.mdx',
      marker: '---',
    },
  ];

  for (const c of cases) {
    it(`report ${c.name} as ${c.check}/${c.rule} at its line`, async () => {
      const dir = siteWith(c.edits);
      const { findings, summary } = await runChecks({ root: dir, only });
      const hit = findings.find((f) => f.rule === c.rule);
      expect(hit, JSON.stringify(findings, null, 1)).toBeDefined();
      expect(hit).toMatchObject({ check: c.check, severity: 'error', file: c.file, line: lineOf(dir, c.file, c.marker) });
      expect(hit!.column).toBeGreaterThanOrEqual(1);
      expect(summary.errors).toBeGreaterThan(0);
    });
  }
});
