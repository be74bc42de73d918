import fs from 'node:fs';
import path from 'node:path';
import type { Check } from '../lib/check.js';
import { CHECK_INFO } from './info.js';
import { CannotRunError, finding, type Finding } from '../lib/finding.js';
import { computeDrift, endpointLabel } from '../sync/compare.js';
import { FunctionSpecError, parseFunctionSpec } from '../sync/function-spec.js';
import { describeDiff } from '../sync/schema.js';

/**
 * `drift`: the reference against the functions the Convex deployment exports (the output of
 * `npx convex function-spec`). Runs when `--function-spec FILE` is given (CheckContext.functionSpec)
 * or a `convex-function-spec.json` sits at the root; otherwise reports
 * nothing. Never writes: `npm run spec:sync` fixes what it finds.
 */

export const FUNCTION_SPEC_FILE = 'convex-function-spec.json';

const CHECK = 'drift';

/** The function spec to compare with: `--function-spec FILE`, else one at the root of the tree. */
export function functionSpecPath(root: string, given?: string): string | undefined {
  if (given) return given;
  const own = path.join(root, FUNCTION_SPEC_FILE);
  return fs.existsSync(own) ? own : undefined;
}

export const driftCheck: Check = {
  ...CHECK_INFO.drift,
  async run({ workspace, functionSpec, named }): Promise<Finding[]> {
    const file = functionSpecPath(workspace.root, functionSpec);
    // Asked for by name (`--only drift`), a check with nothing to compare says so instead of passing.
    if (!file && named) throw new CannotRunError(`drift: no function spec to compare with (give --function-spec FILE, the output of "npx convex function-spec", or put ${FUNCTION_SPEC_FILE} at the root)`);
    if (!file) return [];
    const rel = path.relative(workspace.root, file);
    const display = rel.startsWith('..') || path.isAbsolute(rel) ? file.split(path.sep).join('/') : rel.split(path.sep).join('/');
    let fnSpec;
    try {
      // The tree's own file is read like every input of the tree (never through a link out of it).
      const own = functionSpec ? undefined : workspace.readText(FUNCTION_SPEC_FILE);
      if (own && 'error' in own) return [finding({ check: CHECK, rule: 'function-spec-invalid', message: `cannot read ${FUNCTION_SPEC_FILE}: ${own.error}`, file: display })];
      fnSpec = parseFunctionSpec(own ? own.text : fs.readFileSync(file, 'utf8'), display);
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
