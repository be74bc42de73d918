import fs from 'node:fs';
import path from 'node:path';

/**
 * Which rules a run holds a tree to. Connvo's reference contract (an access policy for every
 * operation, a title on every page, examples in the spec, every page in the navigation, Redocly's
 * recommended style) is this project's, not Mintlify's: another team's site is held to what makes
 * its published docs wrong, and nothing else, unless `--strict` asks for everything.
 *
 * - `all`: the tree has an `access-policy.yaml` (it is Connvo's, or adopted the contract), or the
 *   run has `--strict`: every rule, with today's severities.
 * - `default`: any other Mintlify site: rules that report correctness (broken links and anchors,
 *   invalid MDX, requests the spec refuses, OpenAPI that breaks the spec), with Mintlify's own
 *   tolerance where Mintlify has one (an unlisted page is a hidden page, an operation page is titled
 *   from its summary, an example is built from the schema).
 */
export type RuleSet = 'all' | 'default';

/** The file whose presence says a tree holds itself to Connvo's reference contract. */
export const POLICY_FILE = 'access-policy.yaml';

/**
 * A tree with an access policy holds itself to Connvo's reference contract, beyond what Mintlify
 * requires: a `title` on every page, examples in the spec. Elsewhere (any other Mintlify site)
 * Mintlify fills those in (a title from the file name, an example from the schema).
 */
export function holdsToReferenceContract(root: string): boolean {
  return fs.existsSync(path.join(root, POLICY_FILE));
}

export function ruleSetOf(root: string, strict: boolean): RuleSet {
  return strict || holdsToReferenceContract(root) ? 'all' : 'default';
}
