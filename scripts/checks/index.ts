import type { Check, CheckContext } from '../lib/check.js';
import { CHECK_INFO } from './info.js';

/**
 * A check registered by its info (scripts/checks/info.ts) and a loader: its module, and the
 * libraries it needs (Redocly, swagger-parser, Mintlify's validation, Ajv, secretlint, micromark),
 * are imported on its first run, so `--help`, a usage error or `--only tokens` never pays for the
 * other checks' imports (~2 s of start-up when they were all imported up front).
 */
function lazyCheck(info: Omit<Check, 'run' | 'prefetch'> & { prefetches?: boolean }, load: () => Promise<Check>): Check {
  let loaded: Promise<Check> | undefined;
  const { prefetches, ...rest } = info;
  return {
    ...rest,
    ...(prefetches && { prefetch: async (ctx: CheckContext) => (await (loaded ??= load())).prefetch?.(ctx) }),
    async run(ctx: CheckContext) {
      return (await (loaded ??= load())).run(ctx);
    },
  };
}

/**
 * Every check of `npm run check`, in run order (checks that read page parses run after the others
 * in any case). Adding a check: one module, its entry in info.ts and one line here.
 */
export const checks: readonly Check[] = [
  lazyCheck(CHECK_INFO.spec, async () => (await import('./spec.js')).specCheck),
  lazyCheck(CHECK_INFO.security, async () => (await import('./security.js')).securityCheck),
  lazyCheck(CHECK_INFO.tokens, async () => (await import('./tokens.js')).tokensCheck),
  lazyCheck(CHECK_INFO.examples, async () => (await import('./examples.js')).examplesCheck),
  lazyCheck(CHECK_INFO.site, async () => (await import('./site.js')).siteCheck),
  lazyCheck(CHECK_INFO.drift, async () => (await import('./drift.js')).driftCheck),
];
