import fs from 'node:fs';
import path from 'node:path';
import type { Check } from '../lib/check.js';
import { CHECK_INFO, FUNCTION_SPEC_ENV } from './info.js';
import { finding, type Finding } from '../lib/finding.js';
import { computeDrift, endpointLabel } from '../sync/compare.js';
import { FunctionSpecError, parseFunctionSpec } from '../sync/function-spec.js';
import { describeDiff } from '../sync/schema.js';

/**
 * `drift`: the reference against the functions the Convex deployment exports (the output of
 * `npx convex function-spec`). Runs when `--function-spec FILE` is given (the CLI passes it as
 * CONVEX_FUNCTION_SPEC) or a `convex-function-spec.json` sits at the root; otherwise reports
 * nothing. Never writes: `npm run spec:sync` fixes what it finds.
 */

export const FUNCTION_SPEC_FILE = 'convex-function-spec.json';
export { FUNCTION_SPEC_ENV };

const CHECK = 'drift';

export function functionSpecPath(root: string): string | undefined {
  const given = process.env[FUNCTION_SPEC_ENV];
  if (given) return path.resolve(given);
  const own = path.join(root, FUNCTION_SPEC_FILE);
  return fs.existsSync(own) ? own : undefined;
}

export const driftCheck: Check = {
  ...CHECK_INFO.drift,
  async run({ workspace }): Promise<Finding[]> {
    const file = functionSpecPath(workspace.root);
    if (!file) return [];
    const rel = path.relative(workspace.root, file);
    const display = rel.startsWith('..') || path.isAbsolute(rel) ? file.split(path.sep).join('/') : rel.split(path.sep).join('/');
    let fnSpec;
    try {
      fnSpec = parseFunctionSpec(fs.readFileSync(file, 'utf8'), display);
    } catch (err) {
      if (!(err instanceof FunctionSpecError)) throw err;
      return [finding({ check: CHECK, rule: 'function-spec-invalid', message: err.message, file: display })];
    }
    // The Convex functions are one spec's operations: the site's first (openapi.yaml in this repository).
    const spec = (await workspace.specs())[0];
    if (!spec) return [];
    const drift = computeDrift(spec.api, fnSpec);
    const out: Finding[] = [];
    const at = (pointer: string) => spec.locate(pointer, true);
    for (const e of drift.missing) {
      out.push(
        finding(
          { check: CHECK, rule: 'drift-missing', message: `${endpointLabel(e)} is public but no operation documents it (${e.method} ${e.path}): run \`npm run spec:sync\``, file: spec.file },
          at('#/paths'),
        ),
      );
    }
    for (const s of drift.stale) {
      const { operation: o } = s;
      const what = `${o.method} ${o.path}${o.operationId ? ` (${o.operationId})` : ''}`;
      // A stale operation spec:sync already marked deprecated is known and on its way out: a warning.
      out.push(
        finding(
          {
            check: CHECK,
            rule: 'drift-stale',
            severity: o.deprecated ? 'warning' : 'error',
            message: `${what} documents a function that is gone: ${s.reason}${o.deprecated ? ' (deprecated; delete it and its page once readers have moved on)' : ''}`,
            file: spec.file,
          },
          at(o.pointer),
        ),
      );
    }
    for (const a of drift.args) {
      const { operation: o } = a;
      for (const d of a.diffs) {
        out.push(
          finding(
            { check: CHECK, rule: 'drift-args', message: `${o.method} ${o.path}: ${describeDiff(d)} (${a.fn.identifier})`, file: spec.file },
            at(o.pointer),
          ),
        );
      }
    }
    return out;
  },
};
