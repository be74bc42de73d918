import type { Check } from '../lib/check.js';
import { CHECK_INFO } from './info.js';
import { CannotRunError, finding, type Finding } from '../lib/finding.js';
import { FUNCTION_SPEC_FILE } from '../lib/workspace.js';
import { ALIASES_KEY, computeDrift, endpointLabel, FUNCTION_TYPE_KEY, functionName } from '../sync/compare.js';
import { describeDiff } from '../sync/schema.js';

/**
 * `drift`: the reference against the functions of the Convex backend (the output of
 * `npx convex function-spec`, or of `npm run spec:extract` from its source). Runs when
 * `--function-spec FILE` is given or a `convex-function-spec.json` sits at the root; otherwise
 * reports nothing. Never writes: `npm run spec:sync` fixes what it finds.
 */

export { FUNCTION_SPEC_FILE };

const CHECK = 'drift';

export const driftCheck: Check = {
  ...CHECK_INFO.drift,
  async run({ workspace, named }): Promise<Finding[]> {
    const loaded = workspace.functionSpec();
    // Asked for by name (`--only drift`), a check with nothing to compare says so instead of passing.
    if (!loaded && named) throw new CannotRunError(`drift: no function spec to compare with (give --function-spec FILE, the output of "npx convex function-spec" or "npm run spec:extract", or put ${FUNCTION_SPEC_FILE} at the root)`);
    if (!loaded) return [];
    if (!loaded.spec) return [finding({ check: CHECK, rule: 'function-spec-invalid', message: loaded.problem ?? 'unreadable', file: loaded.file })];
    const fnSpec = loaded.spec;
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
    for (const { alias, operation: o } of drift.aliasesMissing) {
      const name = functionName(alias.identifier);
      out.push(
        finding(
          {
            check: CHECK,
            rule: 'drift-alias',
            message: `${name} re-exports ${functionName(alias.aliasOf!)} (callable at ${alias.path}) but no operation lists it: add it to \`${ALIASES_KEY}\` of ${o ? `${o.method} ${o.path}` : 'the operation of the function it re-exports'} (\`npm run spec:sync\` does)`,
            file: spec.file,
          },
          at(o?.pointer ?? '#/paths'),
        ),
      );
    }
    for (const { operation: o, fn, documented } of drift.functionTypes) {
      const want = fn.functionType.toLowerCase();
      out.push(
        finding(
          {
            check: CHECK,
            rule: 'drift-function-type',
            message: documented
              ? `${o.method} ${o.path}: \`${FUNCTION_TYPE_KEY}: ${documented}\` but ${functionName(fn.identifier)} is a ${want}`
              : `${o.method} ${o.path}: say which kind of function it runs with \`${FUNCTION_TYPE_KEY}: ${want}\` (\`npm run spec:sync\` writes it)`,
            file: spec.file,
          },
          at(o.pointer),
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
