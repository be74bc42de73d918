import type { Check } from '../lib/check.js';

/**
 * Name, one-line summary and `readsPageParses` of every check, in run order: all that `--help`,
 * `--only` and the pipeline's ordering need, without importing any check's libraries. Each check
 * module spreads its entry into its `Check`; scripts/checks/index.ts registers them lazily.
 */
export const CHECK_INFO = {
  spec: {
    name: 'spec',
    summary: 'every OpenAPI spec of the site: Redocly lint (redocly.yaml) and OpenAPI schema validation (swagger-parser)',
  },
  security: {
    name: 'security',
    summary: 'access-policy.yaml: each operation requires exactly bearerAuth, convexDeploy or nothing; playground, docs and access matrix agree',
  },
  tokens: {
    name: 'tokens',
    /** It scans in a worker thread from the start of the run (see tokensCheck.prefetch). */
    prefetches: true,
    summary: 'no real-looking token (JWT, WorkOS/Convex/AWS/GitHub/... keys, credentials, private keys) in any text file',
  },
  examples: {
    name: 'examples',
    readsPageParses: true,
    summary: 'request examples in MDX match an operation, its credential style and request schema; spec examples valid and present',
  },
  site: {
    name: 'site',
    readsPageParses: true,
    summary: 'docs.json/mint.json (Mintlify schema, upgrade, stale twin), navigation ⇄ pages (no missing, no orphan), MDX parses with a title, links, #anchors and redirects resolve, every operation reaches a page',
  },
  drift: {
    name: 'drift',
    summary: 'operations match the deployed Convex functions (--function-spec FILE or convex-function-spec.json)',
  },
} as const satisfies Record<string, Omit<Check, 'run' | 'prefetch'> & { prefetches?: boolean }>;

