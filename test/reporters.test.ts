import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { Gen, prng } from '../scripts/bench/generate-site.js';
import type { Finding } from '../scripts/lib/finding.js';
import { runChecks, type Summary } from '../scripts/lib/pipeline.js';
import { reporters } from '../scripts/reporters/index.js';
import { REPO, runCheckCli } from './helpers/cli.js';
import { lineOf, siteWith } from './helpers/tree.js';

/**
 * The official SARIF 2.1.0 schema (sarif-2.1.0-rtm.5.json, vendored from the npm package
 * @microsoft/jest-sarif 1.0.0-beta.0, MIT). It is written for JSON Schema draft-04; the only
 * draft-04 keyword it uses that Ajv (draft-07) spells differently is the root `id`.
 */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'sarif-schema-2.1.0.json'), 'utf8'));
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  // unicodeRegExp off: the schema's `language` pattern is not a valid /u regular expression.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

const ESC = '\u001b[';

/** A broken site (MDX error, broken $ref) and its findings, computed once. */
async function brokenSite() {
  const dir = siteWith({
    'openapi.yaml': (t) => t.replace("'401':\n          $ref: '#/components/responses/Error'", "'401':\n          $ref: './missing.yaml'"),
    'docs/introduction.mdx': (t) => t + '\n<Note>\nunclosed\n',
  });
  const result = await runChecks({ root: dir, only: ['spec', 'site'] });
  return { dir, ...result };
}

/** A page holding a token generated at run time, and a finding that (carelessly) repeats it. */
function siteWithSecret(): { dir: string; token: string; findings: Finding[]; summary: Summary } {
  const token = new Gen(prng(7)).token();
  const dir = siteWith({ 'docs/leak.mdx': `---\ntitle: Leak\n---\n\nUse \`Bearer ${token}\` here.\n` });
  const line = 5;
  const column = `Use \`Bearer `.length + 1;
  const findings: Finding[] = [
    {
      check: 'tokens',
      rule: 'github-token',
      severity: 'error',
      message: `found GitHub token ${token}`,
      file: 'docs/leak.mdx',
      line,
      column,
      endLine: line,
      endColumn: column + token.length,
      sensitive: true,
    },
    // Another finding on the same line must not reveal the secret through its code frame.
    { check: 'site', rule: 'demo', severity: 'warning', message: 'something else on this line', file: 'docs/leak.mdx', line, column: 1, endLine: line, endColumn: 4 },
  ];
  return { dir, token, findings, summary: { errors: 1, warnings: 1, files: 1 } };
}

describe('--format sarif', () => {
  it('validates against the SARIF 2.1.0 schema and carries what GitHub code scanning needs', async () => {
    const { dir, findings, summary } = await brokenSite();
    expect(findings.length).toBeGreaterThanOrEqual(2);
    const extra: Finding = { check: 'tokens', rule: 'odd path', severity: 'warning', message: 'a file name with # and spaces', file: 'docs/a b#c.mdx', line: 3, column: 2, endLine: 3, endColumn: 2 };
    const sarif = JSON.parse(reporters.sarif([...findings, extra], summary, { color: false, root: dir }));
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);

    const run = sarif.runs[0];
    expect(sarif.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBeTruthy();
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(run.results).toHaveLength(findings.length + 1);
    for (const r of run.results) {
      expect(ruleIds[r.ruleIndex]).toBe(r.ruleId);
      const loc = r.locations[0].physicalLocation;
      expect(loc.artifactLocation.uri).not.toMatch(/^(\/|file:|[a-z]+:)/); // relative to the root
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region.endColumn).toBeGreaterThan(loc.region.endLine === loc.region.startLine ? loc.region.startColumn - 1 : 0);
    }
    const ref = findings.find((f) => f.rule === 'no-unresolved-refs')!;
    const refResult = run.results.find((r: { ruleId: string }) => r.ruleId === 'spec/no-unresolved-refs');
    expect(refResult.locations[0].physicalLocation.artifactLocation.uri).toBe('openapi.yaml');
    expect(refResult.locations[0].physicalLocation.region.startLine).toBe(lineOf(dir, 'openapi.yaml', './missing.yaml'));
    expect(refResult.locations[0].physicalLocation.region.startLine).toBe(ref.line);
    expect(run.results.at(-1).locations[0].physicalLocation.artifactLocation.uri).toBe('docs/a%20b%23c.mdx');
    const tokenRule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'tokens/odd path');
    expect(tokenRule.properties['security-severity']).toBeDefined();
  });

  it('an empty run is valid too', () => {
    const sarif = JSON.parse(reporters.sarif([], { errors: 0, warnings: 0, files: 3 }, { color: false, root: REPO }));
    expect(sarifValidator()(sarif)).toBe(true);
    expect(sarif.runs[0].results).toEqual([]);
  });
});

describe('--format github', () => {
  it('prints one ::error/::warning annotation per finding with file, line and col', async () => {
    const { dir, findings, summary } = await brokenSite();
    const out = reporters.github(findings, summary, { color: false, root: dir });
    const annotations = out.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(findings.length);
    findings.forEach((f, i) => {
      expect(annotations[i].startsWith(`::${f.severity} file=${f.file},line=${f.line},col=${f.column},`)).toBe(true);
    });
  });

  it('escapes what would break the workflow command', () => {
    const f: Finding = { check: 'site', rule: 'r', severity: 'error', message: '50% done\nsecond line', file: 'docs/a,b:c.mdx', line: 2, column: 3, endLine: 2, endColumn: 4 };
    const out = reporters.github([f], { errors: 1, warnings: 0, files: 1 }, { color: false, root: REPO });
    expect(out.split('\n')[0]).toBe('::error file=docs/a%2Cb%3Ac.mdx,line=2,col=3,endLine=2,endColumn=4,title=site/r::50%25 done\\nsecond line');
    // A CR too: escaped visibly before GitHub's own escaping, so it can neither forge a line nor vanish.
    const cr = reporters.github([{ ...f, message: 'a\rb' }], { errors: 1, warnings: 0, files: 1 }, { color: false, root: REPO });
    expect(cr.split('\n')[0]).toMatch(/::a\\rb$/);
  });
});

describe('--format stylish', () => {
  it('groups by file, shows a code frame with a caret under the column, and a summary line', async () => {
    const { dir, findings, summary } = await brokenSite();
    const out = reporters.stylish(findings, summary, { color: false, root: dir });
    expect(out).not.toContain(ESC);
    const files = [...new Set(findings.map((f) => f.file))];
    for (const file of files) expect(out.split('\n').filter((l) => l === file)).toHaveLength(1);
    const ref = findings.find((f) => f.rule === 'no-unresolved-refs')!;
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.includes('spec/no-unresolved-refs'));
    expect(lines[at + 1]).toBe(`${String(ref.line).padStart(6)} | ${fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8').split('\n')[ref.line - 1]}`);
    expect(lines[at + 2].indexOf('^')).toBe(lines[at + 1].indexOf('|') + 2 + ref.column - 1);
    expect(lines.at(-2)).toMatch(new RegExp(`^✖ ${findings.length} problem\\(s\\) \\(${summary.errors} error\\(s\\), ${summary.warnings} warning\\(s\\)\\) in ${summary.files} file\\(s\\)$`));
  });

  it('colors only when asked (the CLI asks when stdout is a TTY)', async () => {
    const { dir, findings, summary } = await brokenSite();
    expect(reporters.stylish(findings, summary, { color: true, root: dir })).toContain(`${ESC}31m`);
    const cli = runCheckCli(['--root', dir, '--only', 'spec'], { env: { NO_COLOR: '' } });
    expect(cli.code).toBe(1);
    expect(cli.stdout).not.toContain(ESC); // a pipe, not a TTY
    expect(cli.stderr).toBe(''); // no progress line either: stderr is not a TTY
  });

  it('cuts a long line around the column', () => {
    const dir = siteWith({ 'docs/long.mdx': `---\ntitle: Long\n---\n\n${'a'.repeat(300)}XYZ${'b'.repeat(300)}\n` });
    const f: Finding = { check: 'site', rule: 'r', severity: 'warning', message: 'm', file: 'docs/long.mdx', line: 5, column: 301, endLine: 5, endColumn: 304 };
    const lines = reporters.stylish([f], { errors: 0, warnings: 1, files: 1 }, { color: false, root: dir }).split('\n');
    expect(lines[3].length).toBeLessThan(120);
    expect(lines[4].indexOf('^^^')).toBe(lines[3].indexOf('XYZ'));
  });
});

describe('secrets are masked in every format', () => {
  it.each(['stylish', 'json', 'sarif', 'github'] as const)('%s never prints the token', (format) => {
    const { dir, token, findings, summary } = siteWithSecret();
    const out = reporters[format](findings, summary, { color: false, root: dir });
    expect(out).not.toContain(token);
    expect(out).not.toContain(token.slice(4, 16));
    expect(out).toContain('github-token');
    if (format === 'stylish') expect(out).toContain(`Bearer ${'*'.repeat(token.length)}`);
  });
});
