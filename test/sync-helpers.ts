import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './helpers/cli.js';

export const CONVEX_FIXTURES = path.join(REPO, 'test', 'fixtures', 'convex');
/**
 * A curated reference of 36 operations (this repository's reference as it stood before it was
 * derived from the backend's source, each operation stating its function type): the site that
 * spec:sync's and drift's mechanics are tested on, apart from the live reference.
 */
export const SYNC_SITE = path.join(REPO, 'test', 'fixtures', 'sync-site');
/** The function spec SYNC_SITE documents exactly. */
export const SYNC_SITE_SPEC = path.join(CONVEX_FIXTURES, 'sync-site.function-spec.json');
/** The same backend after a rename, a removal, an args change and new functions of every validator kind. */
export const CHANGED_SPEC = path.join(CONVEX_FIXTURES, 'sync-site-changed.function-spec.json');

/** A temp copy of SYNC_SITE (spec, navigation, pages, policy, lint config). */
export function docsCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-sync-'));
  for (const f of ['openapi.yaml', 'mint.json', 'access-policy.yaml', 'redocly.yaml', 'docs']) fs.cpSync(path.join(SYNC_SITE, f), path.join(dir, f), { recursive: true });
  return dir;
}

export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}
