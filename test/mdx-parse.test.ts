import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { describe, expect, it } from 'vitest';
import { mayHaveTable, pageParse, parseMdx, withCustomHeadingIds, type PageFacts } from '../scripts/lib/mdx.js';
import { prng } from '../scripts/bench/generate-site.js';
import { REPO } from './helpers/cli.js';
import { mdxFiles } from './helpers/tree.js';

/** Facts without links to absolute URLs: the only thing the fast parse may see differently. */
function comparable(facts: PageFacts | undefined) {
  if (!facts) return undefined;
  return { ...facts, anchors: [...facts.anchors].sort(), links: facts.links.filter((l) => !/^[a-z][a-z\d+.-]*:|^www\./i.test(l.url)) };
}

describe('the fast MDX parse (no autolink literals; tables only where a delimiter row may be)', () => {
  it("gives the exact parse's frontmatter, error and facts on every page of the repo and its fixtures", () => {
    const files = mdxFiles(path.join(REPO, 'docs'), path.join(REPO, 'test', 'fixtures'));
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const fast = parseMdx(text);
      const exact = parseMdx(text, true);
      expect({ file, frontmatter: fast.frontmatter, error: fast.error, facts: comparable(fast.facts) }).toEqual({
        file,
        frontmatter: exact.frontmatter,
        error: exact.error,
        facts: comparable(exact.facts),
      });
    }
  });

  it('reports what Mintlify reports where autolink literals or tables change what is an error', () => {
    const cases = [
      'see https://x.com/{a b} here\n', // an expression inside a literal URL is text
      '| a | b |\n|---|---|\n| <b> | </b> |\n', // a tag split across cells
      '| a | b |\n|---|---|\n| {x | y} | 2 |\n', // an expression split across cells
      '| a |\n:-:\n| <Icon a="|" /> |\n', // a delimiter row without pipes
    ];
    for (const text of cases) expect({ text, error: parseMdx(text).error }).toEqual({ text, error: parseMdx(text, true).error });
  });

  it('mayHaveTable is false only where GFM finds no table (seeded random lines)', () => {
    const gfm = unified().use(remarkParse).use(remarkGfm);
    const hasTable = (text: string) => JSON.stringify(gfm.parse(text)).includes('"type":"table"');
    const random = prng(7);
    const alphabet = ['|', '|', '-', '-', '-', ':', ' ', '\t', '>', '* ', '1. ', 'a', '`'];
    let tables = 0;
    for (let n = 0; n < 3000; n++) {
      const lines = Array.from({ length: 2 + Math.floor(random() * 3) }, () =>
        Array.from({ length: 1 + Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
      );
      const text = lines.join('\n') + '\n';
      const table = hasTable(text);
      if (table) tables++;
      if (!mayHaveTable(text)) expect({ text, table }).toEqual({ text, table: false });
    }
    expect(tables).toBeGreaterThan(50); // the corpus does hold tables
  });
});

describe('custom heading ids (`## Title {#id}`), as Mintlify reads them', () => {
  const cases = [
    '## Run Workflows {#comfy run}\n\nText.',
    '# Top {#top}\n\n### Deep `code` title {# deep-one }\n',
    '```md\n## Not a heading {#inside-fence}\n```\n## After {#after}',
    '{/* ## Commented {#no} */}\n## Real {#yes}',
    '    ## Indented code {#code}\n',
    '## Emoji 🚀 title {#launch 🚀!}',
    'Plain paragraph {#not-a-heading}',
  ];

  it("equals Mintlify's preprocessCustomHeadingIds, one line per heading", async () => {
    const { createRequire } = await import('node:module');
    const dist = path.dirname(createRequire(import.meta.url).resolve('@mintlify/common'));
    const { preprocessCustomHeadingIds } = await import(pathToFileURL(path.join(dist, 'mdx', 'preprocessCustomHeadingIds.js')).href);
    for (const text of cases) {
      // Mintlify writes the heading as three lines (`<h2 id>`, text, `</h2>`); ours keeps one.
      const theirs = (preprocessCustomHeadingIds(text) as string).replace(/^(\s*<h\d id="[^"]*">)\n\s*(.*)\n\s*(<\/h\d>)$/gm, '$1$2$3');
      expect(withCustomHeadingIds(text), text).toBe(theirs);
    }
  });

  it('such a page parses, with the custom id as an anchor and positions unchanged', () => {
    const parsed = pageParse('---\ntitle: T\n---\n\n## Run Workflows {#comfy run}\n\n[x](#comfy-run) [y](/z)\n');
    expect(parsed.error).toBeUndefined();
    expect(parsed.facts!.anchors.has('comfy-run')).toBe(true);
    expect(parsed.facts!.links.find((l) => l.url === '/z')).toMatchObject({ line: 7 });
  });
});
