import { describe, expect, it } from 'vitest';
import { pageParse, type PageParse } from '../scripts/lib/mdx.js';
import { PageParser } from '../scripts/lib/page-parser.js';

/** Pages of every kind the parse reports on: links, anchors, code, imports, and both error kinds. */
function pages(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    if (i % 7 === 3) return `---\ntitle: Broken ${i}\n---\n\n<Note>\nnever closed ${i}\n`;
    if (i % 11 === 5) return `---\ntitle: [unclosed ${i}\n---\n\nBody.\n`;
    return [
      `---\ntitle: Page ${i}\n---`,
      `import Snippet from '/snippets/s${i % 3}.mdx';`,
      `## Section ${i}`,
      `See [the next page](/docs/page-${i + 1}#section-${i + 1}) and https://example.com/${i}.`,
      '| a | b |\n|---|---|\n| <Icon icon="x" /> | `' + i + '` |',
      '```bash\ncurl -X POST https://your-deployment.convex.cloud/api/run/users/getCurrent \\\n  -H "Authorization: Bearer <user-token>"\n```',
      'x'.repeat(2000),
    ].join('\n\n');
  });
}

async function parseAll(texts: string[], options: ConstructorParameters<typeof PageParser>[1]): Promise<{ results: PageParse[]; parser: PageParser }> {
  const results: PageParse[] = new Array(texts.length);
  const parser = new PageParser(
    texts.map((text, i) => ({ text, done: (parse: PageParse) => (results[i] = parse) })),
    options,
  );
  parser.start();
  await parser.finish();
  await parser.settled;
  return { results, parser };
}

describe('PageParser', () => {
  // Enough text for several batches, so each worker gets more than one.
  const texts = pages(400);
  const expected = texts.map((t) => pageParse(t));

  it('parses every page in workers exactly as in-process, facts and errors included', async () => {
    const { results, parser } = await parseAll(texts, { workers: 2 });
    expect(results).toEqual(expected);
    expect(parser.stopped).toEqual([]);
    expect(results.filter((r) => r.error?.rule === 'mdx-syntax').length).toBeGreaterThan(0);
    expect(results.filter((r) => r.error?.rule === 'frontmatter-syntax').length).toBeGreaterThan(0);
  }, 60_000);

  // 8 MB: too little for the parser (loading it takes more than 16 MB), enough for a worker to
  // start. Below ~3 MB Node 22+ (V8 12+) cannot deserialize the worker's start-up snapshot and
  // aborts the whole process ("GC during deserialization") instead of failing the worker.
  it('parses on the main thread what a worker out of memory cannot', async () => {
    const { results, parser } = await parseAll(texts, { workers: 1, resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 } });
    expect(parser.stopped).toEqual([expect.stringMatching(/out of memory/)]);
    expect(results).toEqual(expected);
  }, 60_000);

  // A check that fails ends the run while workers still parse (say `--only drift` without a
  // function spec, on a large site): answers the worker sent while the main thread was busy arrive
  // after close() and were read as batches of a retired worker (a TypeError that replaced the
  // check's own message with "internal error").
  it('drops the answers that arrive after close() (a run that ends early)', async () => {
    const answered: number[] = [];
    const parser = new PageParser(
      texts.map((text, i) => ({ text, done: () => answered.push(i) })),
      { workers: 1 },
    );
    const uncaught: unknown[] = [];
    const onError = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onError);
    try {
      parser.start();
      // Busy until the worker has answered some batches; their messages wait in the queue.
      const until = Date.now() + 1500;
      while (Date.now() < until) Math.sqrt(Math.random());
      await parser.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(uncaught).toEqual([]);
    expect(answered.length).toBeLessThan(texts.length);
  }, 60_000);
});
