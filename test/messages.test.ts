import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../scripts/lib/pipeline.js';
import { makeToken } from '../scripts/tokens/corpus.js';
import { tempDirs } from './helpers/tree.js';

/** Messages a writer can act on: where the mistake is, and what to write instead. */

const { site } = tempDirs();
const run = async (dir: string, only: string[]) => (await runChecks({ root: dir, only })).findings;
const page = (frontmatter: string, body = 'Body.') => `---\n${frontmatter}\n---\n\n${body}\n`;

describe('frontmatter errors: at the opening line of the bad value, with the fix', () => {
  it('an unclosed quote is reported on its own line (not at the closing ---), with the closed form', async () => {
    const dir = site({ 'docs/introduction.mdx': page('title: "Welcome to Connvo\ndescription: Start here.\nicon: rocket') });
    const [f] = (await run(dir, ['site'])).filter((x) => x.rule === 'frontmatter-syntax');
    expect(f).toMatchObject({ file: 'docs/introduction.mdx', line: 2, column: 8 });
    expect(f.message).toBe('frontmatter "title": the quoted value is never closed; close the quote: title: "Welcome to Connvo"');
  });

  it('"title: A: b" says to quote the value, and how', async () => {
    const dir = site({ 'docs/introduction.mdx': page('title: Connvo: the API\ndescription: Start here.') });
    const [f] = (await run(dir, ['site'])).filter((x) => x.rule === 'frontmatter-syntax');
    expect(f).toMatchObject({ line: 2, column: 8 });
    expect(f.message).toContain('quote the value: title: "Connvo: the API"');
    expect(f.message).not.toMatch(/explicit mapping pair/);
  });

  it('a quoted value continued on the next line is not blamed for a later mistake', async () => {
    const dir = site({ 'docs/introduction.mdx': page('title: "A title that goes on\non the next line"\ndescription: Uses: colons') });
    const [f] = (await run(dir, ['site'])).filter((x) => x.rule === 'frontmatter-syntax');
    expect(f).toMatchObject({ line: 4, column: 14 });
    expect(f.message).toContain('quote the value: description: "Uses: colons"');
  });
});

describe('MDX tag errors', () => {
  it('a <placeholder> in prose: use backticks', async () => {
    const dir = site({ 'docs/introduction.mdx': (t) => `${t}\nSend your <user-token> in the header.\n` });
    const [f] = (await run(dir, ['site'])).filter((x) => x.rule === 'mdx-syntax');
    const lines = fs.readFileSync(path.join(dir, 'docs/introduction.mdx'), 'utf8').split('\n');
    expect(lines[f.line - 1].slice(f.column - 1)).toMatch(/^<user-token>/);
    expect(f.message).toContain('write a placeholder in backticks, as `<user-token>`');
  });

  it('an unclosed component: close it (no backticks advice)', async () => {
    const dir = site({ 'docs/introduction.mdx': (t) => `${t}\nA <Note> that never ends.\n` });
    const [f] = (await run(dir, ['site'])).filter((x) => x.rule === 'mdx-syntax');
    expect(f.message).toContain('close it with </Note>');
    expect(f.message).not.toContain('backticks');
  });
});

describe('unknown frontmatter keys', () => {
  it('a typo of a key Mintlify reads gets a "did you mean" warning at its line; a site\'s own key passes', async () => {
    const dir = site({ 'docs/introduction.mdx': (t) => t.replace('title: Introduction\n', 'title: Introduction\nsidebarTitel: Intro\ndoc-type: guide\n') });
    const findings = (await run(dir, ['site'])).filter((x) => x.rule === 'frontmatter-key-unknown');
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'warning', file: 'docs/introduction.mdx', line: 3, column: 1, message: 'frontmatter key "sidebarTitel" is not one Mintlify reads (did you mean "sidebarTitle"?)' }),
    ]);
  });
});

describe('token findings say what to write instead and how to keep a deliberate sample', () => {
  const jwt = makeToken('workos-user-token', 301);
  const deployKey = makeToken('convex-deploy-key', 302);

  it('in an MDX page: the site\'s placeholder and the MDX comment', async () => {
    const dir = site({ 'docs/authentication.mdx': (old) => old.replace('Bearer <user-token>" \\', `Bearer ${jwt}" \\`) });
    const [f] = await run(dir, ['tokens']);
    expect(f.rule).toBe('jwt');
    expect(f.message).toContain('write a placeholder such as <user-token> instead');
    expect(f.message).toContain('{/* secretlint-disable-next-line -- <why it must stay> */} on the line before');
  });

  it('in a YAML spec: <deploy-key> and a # comment; in JSON (no comments): the allow list', async () => {
    const dir = site({ 'openapi.yaml': (old) => `${old}\nx-sample-key: "${deployKey}"\n`, 'samples/key.json': `{"key": "${deployKey}"}\n` });
    const findings = await run(dir, ['tokens']);
    const yaml = findings.find((f) => f.file === 'openapi.yaml')!;
    expect(yaml.message).toContain('such as <deploy-key> instead');
    expect(yaml.message).toContain('# secretlint-disable-next-line -- <why it must stay> on the line before');
    const json = findings.find((f) => f.file === 'samples/key.json')!;
    expect(json.message).toContain('the allow list of .secretlintrc.json');
  });
});
