/**
 * Hostile inputs, generated on demand (nothing hostile is committed): what a stranger's pull request
 * can put in a docs tree to make `npm run check` run code, read or write outside the tree, print a
 * secret or a control character, abort or stall. Used by test/hostile.test.ts (behaviour) and
 * scripts/bench/hostile.ts (time and memory of the full check on each, as a process).
 *
 * Each case builds on a fresh copy of a small valid site (`dir`) and may plant things in a folder
 * outside it (`outside`), then names the CLI arguments to run with. Sizes stay within the 1 MiB per
 * file the check promises to handle.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeToken } from '../tokens/corpus.js';

export type HostileClass = 'code' | 'outside-read' | 'write' | 'secret' | 'control' | 'abort' | 'stall' | 'contract';

export interface HostileContext {
  /** The checked tree (a copy of a valid site). */
  dir: string;
  /** A folder outside the tree, for canaries, link targets and output files. */
  outside: string;
  /** Unique text planted outside the tree: it must never show in any output. */
  canary: string;
}

export interface HostileCase {
  id: string;
  klass: HostileClass;
  what: string;
  /** Plants the input; returns the CLI arguments after `--root DIR` (default none). */
  build(ctx: HostileContext): string[] | void;
}

export const MIB = 1024 * 1024;

/** A page with frontmatter and `body`, sized to just under 1 MiB when `body` is a repeated unit. */
export function page(body: string): string {
  return `---\ntitle: Hostile\nhidden: true\n---\n\n${body}\n`;
}

/** `unit` repeated to fill about `bytes`. */
export function fill(unit: string, bytes = MIB - 4096): string {
  return unit.repeat(Math.floor(bytes / unit.length));
}

/** A YAML "billion laughs": `levels` anchors, each an array of ten aliases of the one before. */
export function aliasBomb(levels = 9): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

function writePage(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

const SPEC = 'openapi.yaml';
const spec = (dir: string) => fs.readFileSync(path.join(dir, SPEC), 'utf8');

/** Units that, repeated over a whole page, stress one construct of the MDX parser each. */
const PATHOLOGICAL_UNITS: Record<string, string> = {
  emphasis: '*a _b ',
  brackets: '[',
  images: '![',
  backticks: '`a ',
  fences: '```\n',
  comments: '<!-- ',
  tags: '<a b="',
  braces: '{',
  entities: '&#',
  autolinks: '<http://a',
  tables: '|a',
  headings: '# [',
  refs: '[a]: <',
  math: '$a',
};

export const HOSTILE_CASES: HostileCase[] = [
  {
    id: 'redocly-plugin',
    klass: 'code',
    what: 'redocly.yaml in the tree loads a plugin (plugins: [./x.cjs]) and a default @theme/plugin.js',
    build({ dir, outside }) {
      const js = (name: string) => `require('node:fs').writeFileSync(${JSON.stringify(path.join(outside, name))}, 'ran'); module.exports = { id: '${name.replace(/\W/g, '')}' };\n`;
      fs.writeFileSync(path.join(dir, 'x.cjs'), js('plugin-ran'));
      fs.mkdirSync(path.join(dir, '@theme'));
      fs.writeFileSync(path.join(dir, '@theme', 'plugin.js'), js('theme-plugin-ran'));
      // The rest of the config still applies: an assertion of its own that the spec fails.
      const rule = 'rules:\n  rule/title-never:\n    subject: {type: Info, property: title}\n    assertions: {pattern: /^Never/}\n    severity: error\n';
      fs.writeFileSync(path.join(dir, 'redocly.yaml'), `extends:\n  - recommended\nplugins:\n  - ./x.cjs\n${rule}`);
    },
  },
  {
    id: 'redocly-extends-url',
    klass: 'code',
    what: 'redocly.yaml extends a URL (a request to a local port) and a file outside the tree',
    build({ dir, outside, canary }) {
      fs.writeFileSync(path.join(outside, 'rules.yaml'), `rules:\n  ${canary}: error\n`);
      const rel = path.relative(dir, path.join(outside, 'rules.yaml'));
      fs.writeFileSync(path.join(dir, 'redocly.yaml'), `extends:\n  - recommended\n  - http://127.0.0.1:9/rules.yaml\n  - ${rel}\n`);
    },
  },
  {
    id: 'security-ref-outside',
    klass: 'outside-read',
    what: 'a spec $ref to a file outside the tree (the security check dereferences the spec)',
    build({ dir, outside, canary }) {
      fs.writeFileSync(path.join(outside, 'schema.yaml'), `type: object\ndescription: ${canary}\n`);
      const text = spec(dir).replace(/\ncomponents:\n/, `\ncomponents:\n  x-outside:\n    $ref: '${path.join(outside, 'schema.yaml')}'\n`);
      fs.writeFileSync(path.join(dir, SPEC), text);
    },
  },
  {
    id: 'frame-symlink',
    klass: 'outside-read',
    what: 'a page that is a symlink out of the tree (its path-outside-root finding gets a code frame)',
    build({ dir, outside, canary }) {
      fs.writeFileSync(path.join(outside, 'secret.txt'), `${canary} first line\n`);
      fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'docs', 'leak.mdx'));
      fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, '.secretlintignore'));
    },
  },
  {
    id: 'output-symlink',
    klass: 'write',
    what: '--output into the tree, where the tree planted report.sarif as a symlink to a file outside',
    build({ dir, outside, canary }) {
      fs.writeFileSync(path.join(outside, 'victim.txt'), canary);
      fs.symlinkSync(path.join(outside, 'victim.txt'), path.join(dir, 'report.sarif'));
      return ['--format', 'sarif', '--output', path.join(dir, 'report.sarif')];
    },
  },
  {
    id: 'cache-symlink-into-tree',
    klass: 'write',
    what: '--cache-location through a symlink (outside the tree) that points into the tree',
    build({ dir, outside }) {
      fs.symlinkSync(path.join(dir, 'docs'), path.join(outside, 'cache-link'));
      return ['--cache', '--cache-location', path.join(outside, 'cache-link')];
    },
  },
  {
    id: 'cache-unusable',
    klass: 'write',
    what: '--cache-location that cannot be written (/proc/x)',
    build() {
      return ['--cache', '--cache-location', '/proc/connvo-check-cache'];
    },
  },
  {
    id: 'secret-in-link',
    klass: 'secret',
    what: 'a Convex deploy key inside a broken link target (found by tokens, quoted by site/link-broken)',
    build({ dir }) {
      const key = makeToken('convex-deploy-key', 22);
      // Also in a table, where the key's `|` is escaped as `\|`: the link's target as parsed has
      // `|`, the file (and so the detected span) `\|`.
      const escaped = makeToken('convex-deploy-key', 23).replace('|', '\\|');
      writePage(dir, 'docs/keyed.mdx', page(`See [the key](/docs/${key}) and <a href="/x?key=${key}">it</a>.\n\n| link |\n| --- |\n| [k](/t/${escaped}) |`));
    },
  },
  {
    id: 'control-chars-name',
    klass: 'control',
    what: 'a file name with ESC, OSC and BEL sequences (terminal title, screen clear, colours)',
    build({ dir }) {
      // Not hidden: an orphan page, so a finding names it.
      writePage(dir, `docs/\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\u202e.mdx`, '---\ntitle: Orphan\n---\n\nOrphan page.\n');
    },
  },
  {
    id: 'non-utf8-name',
    klass: 'abort',
    what: 'a file name that is not valid UTF-8',
    build({ dir }) {
      const name = Buffer.concat([Buffer.from(path.join(dir, 'docs') + '/bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.mdx')]);
      fs.writeFileSync(name, page('Bad name.'));
    },
  },
  {
    id: 'yaml-recursive-alias',
    klass: 'abort',
    what: 'a recursive YAML alias in the spec',
    build({ dir }) {
      fs.writeFileSync(path.join(dir, SPEC), spec(dir).replace(/\ncomponents:\n/, '\ncomponents:\n  x-loop: &loop [*loop]\n  x-map: &map {a: *map}\n'));
    },
  },
  {
    id: 'yaml-alias-bomb',
    klass: 'stall',
    what: 'a YAML "billion laughs" alias bomb in openapi.yaml',
    build({ dir }) {
      const bomb = aliasBomb(9).split('\n').filter(Boolean).map((l) => `  x-${l}`).join('\n');
      fs.writeFileSync(path.join(dir, SPEC), spec(dir).replace(/\ncomponents:\n/, `\ncomponents:\n${bomb}\n`));
    },
  },
  {
    id: 'frontmatter-alias-bomb',
    klass: 'stall',
    what: 'a YAML alias bomb in page frontmatter',
    build({ dir }) {
      writePage(dir, 'docs/bomb.mdx', `---\ntitle: Bomb\nhidden: true\n${aliasBomb(9)}---\n\nBody.\n`);
    },
  },
  {
    id: 'config-alias-bombs',
    klass: 'stall',
    what: 'a YAML alias bomb in access-policy.yaml and in redocly.yaml',
    build({ dir }) {
      const keys = `x-${aliasBomb(9).split('\n').filter(Boolean).join('\nx-')}\n`;
      fs.appendFileSync(path.join(dir, 'access-policy.yaml'), keys);
      fs.writeFileSync(path.join(dir, 'redocly.yaml'), `extends: [recommended]\n${keys}`);
    },
  },
  {
    id: 'deep-quotes',
    klass: 'abort',
    what: 'a page of 5,000 `>` (blockquotes nested 5,000 deep), and one of 1 MiB',
    build({ dir }) {
      writePage(dir, 'docs/quotes.mdx', page('>'.repeat(5000)));
      writePage(dir, 'docs/quotes-big.mdx', page(fill('>')));
    },
  },
  {
    id: 'deep-nesting',
    klass: 'abort',
    what: 'deeply nested lists, JSX elements and brackets in a page; deeply nested JSON in docs.json-style files',
    build({ dir }) {
      writePage(dir, 'docs/lists.mdx', page(Array.from({ length: 3000 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')));
      writePage(dir, 'docs/jsx.mdx', page('<div>'.repeat(20000) + 'x' + '</div>'.repeat(20000)));
      writePage(dir, 'docs/expr.mdx', page(`{${'('.repeat(50000)}1${')'.repeat(50000)}}`));
      fs.writeFileSync(path.join(dir, 'deep.json'), '['.repeat(200000) + ']'.repeat(200000));
      fs.writeFileSync(path.join(dir, 'broken.json'), '{"openapi": ' + '['.repeat(200000));
    },
  },
  {
    id: 'token-assignments',
    klass: 'stall',
    what: '1 MiB of `token=` (each value runs to the end of the text)',
    build({ dir }) {
      fs.writeFileSync(path.join(dir, 'tokens.txt'), fill('token='));
      fs.writeFileSync(path.join(dir, 'colons.txt'), fill('api_key:'));
      writePage(dir, 'docs/pipes.mdx', page(`| ${fill('password|', MIB / 2)}`));
    },
  },
  {
    id: 'open-links',
    klass: 'stall',
    what: 'a page of 1 MiB of `[a](` (unclosed link labels)',
    build({ dir }) {
      writePage(dir, 'docs/links.mdx', page(fill('[a](')));
    },
  },
  {
    id: 'nested-quote-lines',
    klass: 'stall',
    what: 'a page of lines nested ever deeper in `> ` quotes',
    build({ dir }) {
      const lines: string[] = [];
      let bytes = 0;
      for (let i = 1; bytes < MIB - 8192; i++) {
        const line = '> '.repeat(i % 700) + 'x';
        lines.push(line);
        bytes += line.length + 1;
      }
      writePage(dir, 'docs/nested.mdx', page(lines.join('\n')));
    },
  },
  ...Object.entries(PATHOLOGICAL_UNITS).map(
    ([name, unit]): HostileCase => ({
      id: `page-${name}`,
      klass: 'stall',
      what: `a page of 1 MiB of ${JSON.stringify(unit)}`,
      build({ dir }) {
        writePage(dir, `docs/p-${name}.mdx`, page(fill(unit)));
      },
    }),
  ),
  {
    id: 'spec-missing',
    klass: 'contract',
    what: 'openapi.yaml deleted while pages name its operations in `openapi:` frontmatter',
    build({ dir }) {
      fs.rmSync(path.join(dir, SPEC));
    },
  },
];

/** A fresh case tree: a copy of `site` at `dir`, and an empty `outside`. */
export function plant(c: HostileCase, site: string, dir: string, outside: string, canary: string): string[] {
  fs.cpSync(site, dir, { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  return c.build({ dir, outside, canary }) ?? [];
}
