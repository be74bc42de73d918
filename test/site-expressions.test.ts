import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pageParse } from '../scripts/lib/mdx.js';
import { runChecks } from '../scripts/lib/pipeline.js';
import { withVariables } from '../scripts/lib/site.js';
import { expressionFindings, snippetFiles, undefinedNames } from '../scripts/site/expressions.js';
import { copyToTemp, REPO } from './helpers/cli.js';

const SITE = path.join(REPO, 'test', 'fixtures', 'examples', 'site');

function names(body: string) {
  const text = `---\ntitle: T\n---\n\n${body}\n`;
  const facts = pageParse(text).facts!;
  return undefinedNames('docs/p.mdx', facts).map((f) => ({ name: /`([^`]+)`|\{(\w+)\}/.exec(f.message)!.slice(1).find(Boolean), severity: f.severity, line: f.line - 4, column: f.column }));
}

describe('mdx-undefined-name: what MDX expressions read', () => {
  it('a {name} in prose that nothing defines: Mintlify drops it (warning); any other expression fails to render (error)', () => {
    expect(names('Replace {curly} with your key.')).toEqual([{ name: 'curly', severity: 'warning', line: 1, column: 10 }]);
    expect(names('Call {client.query} with {count + 1} items.')).toEqual([
      { name: 'client', severity: 'error', line: 1, column: 7 },
      { name: 'count', severity: 'error', line: 1, column: 27 },
    ]);
    expect(names('<Card title={cardTitle} {...rest}>x</Card>').map((n) => [n.name, n.severity])).toEqual([
      ['cardTitle', 'error'],
      ['rest', 'error'],
    ]);
  });

  it('math is not an expression: Mintlify parses $…$ and $$…$$ with remark-math, so their braces read no name', () => {
    expect(names('The ratio is $\\frac{a}{b}$, and\n\n$$\n\\sum_{i} x^{n}\n$$\n\nthen {c}.')).toEqual([{ name: 'c', severity: 'warning', line: 7, column: 7 }]);
  });

  it('defined: imports, exports, arrow parameters and locals, globals, Mintlify scope; comments read nothing', () => {
    const page = [
      "import { Version } from '/snippets/version.mdx'",
      "export const plans = ['free', 'pro']",
      'export function Price({ amount = 1 }) { const n = amount * 2; return <b>{n}</b> }',
      '',
      '{/* {notAName} in a comment */}',
      '',
      '{plans.map((plan, i) => <Card key={i} title={plan}>{Math.max(i, 1)}</Card>)}',
      '',
      'Hello {user.firstName}, v{Version}, {JSON.stringify(config.name)} {new Date().getFullYear()} {window.location.href}',
      '',
      "{useState(0)[0]} {props.x} {pageMetadata.title} {[1].map(function f(x) { try { return x } catch (e) { return e } })}",
      '',
      '{`${plans.length}`} {{ a: 1 }.a} {typeof maybeDefined === "undefined" ? "" : maybeDefined.x} {typeof other.y}',
    ].join('\n');
    // `typeof name` does not throw; reading the name (or a property of it) does.
    expect(names(page).map((n) => n.name)).toEqual(['maybeDefined', 'other']);
  });

  it('a bare {name} is kept only when the page exports it, or it is `user`; globals do not save it', () => {
    expect(names('export const product = "Acme"\n\n{product} and {user} and {name}').map((n) => [n.name, n.severity])).toEqual([['name', 'warning']]);
  });

  it('snippets are left alone: their free names are the props of their importer', () => {
    expect(snippetFiles([
      { file: 'snippets/a.mdx', imports: [] },
      { file: 'docs/page.mdx', imports: ['../shared/b.mdx', '/components/c'] },
      { file: 'shared/b.mdx', imports: [] },
      { file: 'components/c.mdx', imports: [] },
      { file: 'docs/other.mdx', imports: [] },
    ])).toEqual(new Set(['snippets/a.mdx', 'shared/b.mdx', 'components/c.mdx']));
    const snippet = { file: 'snippets/word.mdx', text: 'The word is {word}.', facts: () => pageParse('The word is {word}.').facts };
    expect(expressionFindings([snippet])).toEqual([]);
  });

  it('is a rule of the site check, on facts that come from the parse workers', async () => {
    const dir = copyToTemp(SITE, 'connvo-expr-');
    fs.writeFileSync(path.join(dir, 'docs', 'curly.mdx'), '---\ntitle: Curly\nhidden: true\n---\n\nSet {curly} here and {settings.apiKey} there.\n');
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(findings.map((f) => ({ rule: f.rule, file: f.file, line: f.line, column: f.column, severity: f.severity }))).toEqual([
      { rule: 'mdx-undefined-name', file: 'docs/curly.mdx', line: 6, column: 6, severity: 'warning' },
      { rule: 'mdx-undefined-name', file: 'docs/curly.mdx', line: 6, column: 23, severity: 'error' },
    ]);
  });
});

describe('a .md page is MDX too', () => {
  it('Mintlify compiles .md pages with the MDX parser: {name} in one is an expression', async () => {
    const dir = copyToTemp(SITE, 'connvo-md-page-');
    fs.writeFileSync(path.join(dir, 'docs', 'notes.md'), '---\ntitle: Notes\n---\n\nUse {token} here.\n');
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(findings.filter((f) => f.rule === 'mdx-undefined-name').map((f) => [f.file, f.line, f.column])).toEqual([['docs/notes.md', 5, 6]]);
  });
});

describe('docs.json variables', () => {
  it('{{name}} is replaced before the page is parsed, as Mintlify does: a defined one is text, an unknown one stays an expression', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-variables-'));
    const docs = { $schema: 'https://mintlify.com/docs.json', theme: 'mint', name: 'T', colors: { primary: '#000000' }, variables: { product: 'Acme', tagged: '<b>Acme</b> Cloud' }, navigation: { groups: [{ group: 'G', pages: ['index'] }] } };
    fs.writeFileSync(path.join(dir, 'docs.json'), JSON.stringify(docs));
    fs.writeFileSync(path.join(dir, 'index.mdx'), '---\ntitle: Home\n---\n\nWelcome to {{product}} and {{ tagged }}; see {{ unknown }}.\n');
    const { findings } = await runChecks({ root: dir, only: ['site'] });
    expect(findings.filter((f) => f.rule === 'mdx-undefined-name').map((f) => f.message.match(/`(\w+)`/)?.[1])).toEqual(['unknown']);
  });

  it('values are sanitised exactly as @mintlify/common replaceVariables does', async () => {
    const { replaceVariables } = await import(pathToFileURL(path.join(REPO, 'node_modules', '@mintlify', 'common', 'dist', 'mdx', 'replaceVariables.js')).href);
    const values = ['Acme', 'a < b', 'x > y', '<b>Bold</b> text', '<script>alert(1)</script>ok', 'Tom & Jerry', '<a href="/x">link</a>', '{curly}', 'two\nlines', '<Note>hi</Note>', '5 <= 6'];
    for (const v of values) {
      const text = `A {{v}} and {{ v }} and {{ w }} and {{v.x}}.`;
      expect(withVariables(text, { v })).toBe(replaceVariables(text, { v }));
    }
  });
});
