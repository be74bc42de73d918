import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSite, prng, scaledSize } from '../scripts/bench/generate-site.js';
import { pageParse } from '../scripts/lib/mdx.js';
import { splitBlocks } from '../scripts/lib/mdx-blocks.js';
import { REPO } from './helpers/cli.js';
import { mdxFiles } from './helpers/tree.js';

/**
 * The block pre-pass (scripts/lib/mdx-blocks.ts) must not change any page's parse: frontmatter,
 * error and every fact (links and their positions, anchors, code blocks, imports, expression
 * names) equal the whole page's parse, wherever the pre-pass reads blocks itself.
 */

/** The page's parse blockwise and whole, and whether the pre-pass read any block itself. */
function both(text: string) {
  const segments = splitBlocks(text);
  return { text, blockwise: pageParse(text), whole: pageParse(text, false), fast: Boolean(segments?.some((s) => s.kind === 'nodes')) };
}

function expectSame(label: string, r: ReturnType<typeof both>) {
  expect({ label, text: r.text, parse: r.blockwise }).toEqual({ label, text: r.text, parse: r.whole });
}

const WORDS = 'meeting note token deploy schema query user value Convex WorkOS café 日本 session field'.split(' ');

/** Blocks, from plain to tricky, for seeded random pages. `w()` is a few random words. */
function fragments(w: () => string, n: () => number): string[] {
  return [
    `## ${w()}`,
    `### ${w()} \`code\` ${w()}`,
    // Math (remark-math, as Mintlify parses): braces and links inside are not expressions or links.
    `${w()} $\\frac{a}{b}$ and $[x](/docs/m${n()})$ then [y](/docs/n${n()}).`,
    `## Cost $O(n)$ ${w()}`,
    `$$\n\\sum_{i} x^{${n()}}\n\n[in math](/docs/math)\n$$`,
    `| a | $b$ |\n| --- | --- |\n| $[c](/docs/c)$ | d |`,
    `# *${w()}* and _${w()}_`,
    `## ${w()} {#custom-${n()}}`,
    `## A [link](/docs/x) heading`,
    `####### ${w()}`,
    `## ${w()} #`,
    `##${w()}`,
    `## C# & F#`,
    `## snake_case_name`,
    `## \` spaced \` code`,
    `## a\`b\`\`c`,
    `#### ${w()} ${n()}`,
    `${w()} [${w()}](/docs/p${n()}) and ![img](/images/a${n()}.png) then [t](/docs/q "Title").`,
    `${w()} \`[not a link](/x)\` and \`\`a\`b\`\` and \`unclosed [x](/u)`,
    `${w()} [ref] and [ref][x] and [^1] footnote.`,
    `${w()}\n[x]: /docs/definition`,
    `${w()} <Icon icon="x" /> inline.`,
    `${w()} {props.value} expression.`,
    `${w()} \\*escaped\\* &amp; entity [a&b](/docs/a&b).`,
    `*${w()}* **${w()}** ~~${w()}~~ [*emph link*](/docs/e${n()})`,
    `See https://example.com/[a](b) and www.example.com.`,
    `${w()}\n===`,
    `${w()}\n---`,
    `${w()}\n- not a list item? [l](/docs/l)`,
    `- item [l](/docs/i${n()})\n- item two`,
    `1. one\n2. two [x](/docs/two)`,
    `- item\n\n  continued [l](/docs/cont)\n\n  \`\`\`bash\n  curl /in-list\n\n  echo\n  \`\`\``,
    `> quote [q](/docs/q${n()})\n> more`,
    '```js\nconst a = 1;\n```',
    '```bash title="Run it"\ncurl https://api.example.com/x\n```',
    '~~~\n```\nnot a fence end\n~~~',
    '```\nunclosed fence [x](/docs/in-fence)\n\n## not a heading',
    '```\ncode\n\nText after a blank line inside the fence [x](/docs/fence)\n\n```',
    '```\ncode\n  ```\nafter an indented closer',
    '````md\n```\ninner\n```\n````',
    '``` `js`\nnot a fence\n```',
    '```js \ntrailing space in the info\n```',
    `<Note>\n${w()} Use \`Bearer <user-token>\`.\n</Note>`,
    `<Note>\n\n${w()} [inside](/docs/note${n()})\n\n</Note>`,
    `<Tabs>\n<Tab title="${w()}">\n\n## Heading in a tab\n\n\`\`\`bash\ncurl /tab\n\`\`\`\n\n</Tab>\n</Tabs>`,
    `<Accordion title="Acc ${n()}">\n\n## Hidden heading\n\n</Accordion>`,
    `<Card href="/docs/card${n()}" title="${w()}" />`,
    `<ParamField path="id${n()}" type="string">\n${w()}\n</ParamField>`,
    `<Steps>\n  <Step title="${w()}">\n    ${w()}\n  </Step>\n</Steps>`,
    `<Note>\nunclosed`,
    `<img src="/images/i${n()}.png" />`,
    `{/* check-examples: skip */}\n\n\`\`\`bash\ncurl https://api.example.com/skip\n\`\`\``,
    `{/* a comment */}`,
    `import X from '/snippets/x.mdx'`,
    `export const value = ${n()}`,
    `{1 + ${n()}}`,
    `{\n\n}`,
    `| a | b |\n| - | - |\n| [l](/docs/t${n()}) | \`c|d\` |`,
    `| a | b |\n| --- | --- |\n| \`${w()}\` | ${w()} |`,
    `| just | pipes |\n| more | pipes |`,
    `${w()}\n| a | b |\n| - | - |`,
    '***',
    '---',
    '___',
    '<!-- an HTML comment -->',
    `  indented ${w()} [i](/docs/indented)`,
    `${w()}\n  continued with spaces [c](/docs/c)`,
    `${w()}  \nhard break [h](/docs/h)`,
    `${w()} [multi\nline](/docs/multi) text`,
    `${w()} [](/docs/empty) and [a]() and [b](</docs/angle>)`,
    `${w()} [a](/docs/paren(1)) and [b](/docs/x 'single')`,
    `${w()} } stray brace`,
    `${w()} ] stray bracket [`,
    '2024. A year, not a list.',
    `Hello![img](/images/bang.png) ${w()}`,
    `<Note>\n${w()} [in a note](/docs/n${n()}) and \`<code>\`.\n</Note>`,
    `<Note>\n${w()}\n\n${w()} [second](/docs/s${n()})\n</Note>`,
    `<Steps>\n  <Step title="${w()} ${n()}">\n    ${w()} [step](/docs/st${n()}).\n  </Step>\n  <Step title="${w()}">\n    ${w()}\n  </Step>\n</Steps>`,
    `<Steps titleSize="h2">\n  <Step title="${w()}">\n    ${w()}\n  </Step>\n</Steps>`,
    `<Step title="${w()}" titleSize="h3">\n${w()}\n</Step>`,
    `<Tabs>\n  <Tab title="${w()}">\n    ${w()}\n  </Tab>\n  <Tab title="${w()}">\n    ${w()}\n  </Tab>\n</Tabs>`,
    `<Accordion title="${w()}">\n${w()}\n</Accordion>`,
    `<Card title="${w()}" href="/docs/card${n()}" />`,
    `<Card title="${w()}" href="/docs/card${n()}">\n  ${w()}\n</Card>`,
    `<Info id="info-${n()}">\n${w()}\n</Info>`,
    `<Frame id="frame-${n()}">\n${w()}\n</Frame>`,
    `<ParamField path="p${n()}" type="string">\n  ${w()}\n</ParamField>`,
    `<Heading id="h${n()}">\n${w()}\n</Heading>`,
    `<Note>\n${w()}\n  <Tip>\n  ${w()}\n  </Tip>\n</Note>`,
    `<Note>\n<Note>\n${w()}\n</Note>\n</Note>`,
    `<Note>\n  ${w()}\n    </Note>`,
    `<Note>\n- list in a note [l](/docs/ln)\n</Note>`,
    `<Note>\n\`\`\`bash\ncurl /in-note\n\`\`\`\n</Note>`,
    `<Note>\n${w()}\n${w()} | ---\n</Note>`,
    `<Note>\n${w()} {expr}\n</Note>`,
    `<Card title="a &amp; b" />`,
    `<Card title='${w()}' />`,
    `<Note >\n${w()}\n</Note>`,
    `<Note>\n1. ${w()}\n</Note>`,
    `<Note>\n  # ${w()}\n</Note>`,
  ];
}

function randomPage(rand: () => number): string {
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const w = () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(WORDS)).join(' ');
  const n = () => Math.floor(rand() * 5);
  const blocks = fragments(w, n);
  const out: string[] = [];
  if (rand() < 0.5) out.push(pick(['---\ntitle: T\n---', '---\ntitle: T\n\ndescription: blank line inside\n---', '---\ntitle: [unclosed\n---']));
  const count = 3 + Math.floor(rand() * 12);
  for (let i = 0; i < count; i++) out.push(pick(blocks));
  // Mostly blank lines between blocks, sometimes none or a line with spaces.
  return out.reduce((page, block) => page + pick(['\n\n', '\n\n', '\n\n', '\n', '\n  \n']) + block, '').replace(/^\n+/, '') + pick(['', '\n']);
}

describe('the block pre-pass of the MDX parse', () => {
  it('gives the whole parse on every page of the repository and its fixtures', () => {
    const files = mdxFiles(path.join(REPO, 'docs'), path.join(REPO, 'test', 'fixtures'));
    expect(files.length).toBeGreaterThan(40);
    let fast = 0;
    for (const file of files) {
      const r = both(fs.readFileSync(file, 'utf8'));
      if (r.fast) fast++;
      expectSame(path.relative(REPO, file), r);
    }
    expect(fast).toBeGreaterThan(files.length / 2);
  });

  it('gives the whole parse on the pages of generated sites (three seeds)', () => {
    let fast = 0;
    let pages = 0;
    for (const seed of [1, 2, 3]) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-blocks-'));
      generateSite(root, scaledSize(0.005), seed);
      for (const file of mdxFiles(root)) {
        const r = both(fs.readFileSync(file, 'utf8'));
        pages++;
        if (r.fast) fast++;
        expectSame(`seed ${seed} ${path.relative(root, file)}`, r);
      }
      fs.rmSync(root, { recursive: true, force: true });
    }
    expect(pages).toBeGreaterThan(30);
    expect(fast).toBeGreaterThan(pages / 2);
  });

  it('gives the whole parse on seeded random pages of plain and tricky blocks', () => {
    const rand = prng(20261128);
    let fast = 0;
    let errors = 0;
    const count = 600;
    for (let i = 0; i < count; i++) {
      const r = both(randomPage(rand));
      if (r.fast) fast++;
      if (r.whole.error) errors++;
      expectSame(`random page ${i}`, r);
    }
    // Not vacuous: many pages were read partly by the pre-pass, and many do not parse at all.
    expect(fast).toBeGreaterThan(count / 4);
    expect(errors).toBeGreaterThan(count / 10);
  });

  it('leaves a page whole where a block could change the meaning of another', () => {
    expect(splitBlocks('Text [a][x].\n\n[x]: /docs/def\n')).toBeUndefined(); // a definition
    expect(splitBlocks('Text\twith a tab.\n')).toBeUndefined();
    expect(splitBlocks('---\ntitle: unclosed\n\n## Heading\n')).toBeUndefined();
    expect(splitBlocks('## Heading\n\nText [a](/docs/a).\n')?.map((s) => s.kind)).toEqual(['nodes', 'nodes']);
  });
});
