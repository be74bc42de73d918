import type { ValidatorJSON } from './function-spec.js';
import { prng } from '../bench/generate-site.js';

/**
 * A seeded function spec the size of Connvo's backend (its generated spec lists ~170 public
 * functions), laid out on Connvo's public module names, for the scale test and
 * `tsx scripts/sync/bench.ts`. Validators of every kind; some internal functions and HTTP routes.
 */

/** Connvo's Convex modules (from its public repository's convex/ tree). */
export const CONNVO_MODULES = [
  'analytics/meetings', 'audit/logging', 'embeddings/actions', 'embeddings/mutations', 'embeddings/queries',
  'insights/generation', 'insights/mutations', 'insights/queries', 'interests/queries', 'matching/analytics',
  'matching/engine', 'matching/queue', 'matching/scoring', 'meetings/lifecycle', 'meetings/queries',
  'meetings/postProcessing', 'meetings/stateTracking', 'meetings/stream', 'meetings/webrtc/rooms',
  'meetings/webrtc/signaling', 'monitoring/alerts', 'monitoring/bandwidthManager', 'notes/mutations',
  'notes/queries', 'prompts/actions', 'prompts/mutations', 'prompts/queries', 'realtime/batchedOperations',
  'realtime/subscriptions', 'transcripts/ingestion', 'transcripts/queries', 'users/mutations', 'users/queries',
  'admin/migrations', 'admin/backfills', 'admin/maintenance',
];

const VERBS = ['get', 'list', 'create', 'update', 'delete', 'start', 'stop', 'sync', 'compute', 'refresh', 'record', 'search'];
const NOUNS = ['Session', 'Score', 'Signal', 'Room', 'Chunk', 'Alert', 'Queue', 'Embedding', 'Summary', 'Prompt', 'Stat', 'Batch', 'Window', 'Peer'];

export function generateFunctionSpec(options: { seed?: number; publicFunctions?: number; internalFunctions?: number; routes?: number } = {}): unknown {
  const random = prng(options.seed ?? 15);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const leaf = (): ValidatorJSON =>
    pick<ValidatorJSON>([
      { type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'bigint' }, { type: 'bytes' }, { type: 'any' },
      { type: 'id', tableName: pick(['users', 'meetings', 'notes', 'embeddings']) }, { type: 'literal', value: pick(['on', 'off', 3, true]) },
    ]);
  const validator = (depth: number): ValidatorJSON => {
    const r = random();
    if (depth > 1 || r < 0.55) return leaf();
    if (r < 0.65) return { type: 'array', value: validator(depth + 1) };
    if (r < 0.72) return { type: 'record', keys: { type: 'string' }, values: { fieldType: validator(depth + 1), optional: false } };
    if (r < 0.85) return { type: 'union', value: [validator(depth + 1), { type: 'null' }] };
    if (r < 0.9) return { type: 'union', value: [{ type: 'literal', value: 'a' }, { type: 'literal', value: 'b' }] };
    return object(depth + 1);
  };
  const object = (depth: number): ValidatorJSON => {
    const n = Math.floor(random() * 4);
    const value: Record<string, { fieldType: ValidatorJSON; optional: boolean }> = {};
    for (let i = 0; i < n; i++) value[`field${i}${pick(NOUNS)}`] = { fieldType: validator(depth), optional: random() < 0.3 };
    return { type: 'object', value };
  };
  const used = new Set<string>();
  const functions: unknown[] = [];
  const add = (visibility: 'public' | 'internal') => {
    for (;;) {
      const module = pick(CONNVO_MODULES);
      const name = `${pick(VERBS)}${pick(NOUNS)}${random() < 0.3 ? pick(NOUNS) : ''}`;
      const identifier = `${module}.js:${name}`;
      if (used.has(identifier)) continue;
      used.add(identifier);
      const args = object(0);
      functions.push({
        identifier,
        functionType: pick(['Query', 'Mutation', 'Action']),
        visibility: { kind: visibility },
        // Older deployments send the validators JSON-encoded: mix both forms.
        args: random() < 0.3 ? JSON.stringify(args) : args,
        returns: validator(0),
      });
      return;
    }
  };
  for (let i = 0; i < (options.publicFunctions ?? 170); i++) add('public');
  for (let i = 0; i < (options.internalFunctions ?? 40); i++) add('internal');
  for (let i = 0; i < (options.routes ?? 4); i++) functions.push({ functionType: 'HttpAction', method: pick(['GET', 'POST']), path: `/hooks/${pick(NOUNS).toLowerCase()}${i}` });
  return { url: 'https://your-deployment.convex.cloud', functions };
}
