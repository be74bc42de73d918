import { describe, expect, it } from 'vitest';
// Mintlify's own link checker (what `mint dev` and `mint broken-links` use to read redirects).
import { Graph } from '@mintlify/link-rot/dist/graph.js';
import { followRedirects, redirectPattern, type Redirect } from '../scripts/lib/site.js';

/**
 * Redirect sources match as Mintlify's matcher matches them, and fill their destinations the same
 * way: compared with @mintlify/link-rot's `matchesWildcardPattern` and `applyWildcardRedirect` on
 * hand-written sources and paths (Mintlify's take paths without the leading slash).
 */
const graph = new Graph('.') as unknown as {
  matchesWildcardPattern(path: string, pattern: string): boolean;
  applyWildcardRedirect(path: string, source: string, destination: string): string;
};

const CASES: Array<[source: string, destination: string, paths: string[]]> = [
  ['/sdks/node/:path*', '/sdks/node', ['/sdks/node', '/sdks/node/', '/sdks/node/overview', '/sdks/node/a/b', '/sdks/nodejs']],
  ['/beta/:slug*', '/v2/:slug*', ['/beta', '/beta/introduction', '/beta/guides/setup', '/betas/x']],
  ['/old/:id', '/new/:id', ['/old', '/old/42', '/old/42/more']],
  ['/legacy/*', '/index', ['/legacy', '/legacy/page', '/legacy/a/b']],
  ['/articles/concepts-*', '/collections/overview', ['/articles/concepts-getting-started', '/articles/concepts', '/articles/other']],
  ['/old/article-*', '/new/article-*', ['/old/article-123', '/old/article-']],
  ['/docs/:section/:page', '/guides/:page', ['/docs/a/b', '/docs/a', '/docs/a/b/c']],
  ['/exact.path', '/dotted', ['/exact.path', '/exactxpath']],
];

describe('redirect sources, as Mintlify matches them', () => {
  it.each(CASES)('%s', (source, destination, paths) => {
    const redirect: Redirect = { source, destination, file: 'docs.json', pointer: '/redirects/0', pattern: redirectPattern(source) };
    for (const p of paths) {
      const theirs = graph.matchesWildcardPattern(p.replace(/^\//, ''), source.replace(/^\//, ''));
      expect([p, redirect.pattern.test(p)]).toEqual([p, theirs]);
      if (!theirs || /^[a-z]+:/.test(destination)) continue;
      const landed = graph.applyWildcardRedirect(p.replace(/^\//, ''), source.replace(/^\//, ''), destination.replace(/^\//, ''));
      // One hop: where Mintlify sends the path (followRedirects stops at the first path no redirect answers).
      const ours = followRedirects([redirect], p);
      expect([p, ours]).toEqual([p, `/${landed.replace(/^\/+|\/+$/g, '')}`]);
    }
  });
});
