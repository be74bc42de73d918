import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { readInside } from '../lib/files.js';
import { yamlAliasProblem } from '../lib/yaml-guard.js';
// From its module, not the package's index (which converts Mintlify's config schemas to JSON Schema on import).
import { OpenApiToEndpointConverter } from '@mintlify/validation/dist/openapi/OpenApiToEndpointConverter.js';
import type { HttpMethod, SecurityOption } from '@mintlify/validation/dist/openapi/types/endpoint.js';
import { issue, type Issue } from './issue.js';
import type { Operation } from './operations.js';
import type { AccessPolicy, Audience } from './policy.js';

/**
 * Rule 5: ask Mintlify itself. Each operation goes through @mintlify/validation's
 * OpenApiToEndpointConverter (what builds an API page and its playground), and the auth inputs it
 * produces must be the ones the audience needs. This guards the other rules' model of Mintlify:
 * when the spec is right by our rules but the playground would still ask for the wrong thing.
 */

/**
 * A dereferenced clone, as Mintlify renders it (the converter does not follow schema `$ref`s).
 * Offline: no http resolution. A spec whose refs do not resolve falls back to the raw clone; the
 * spec check reports the broken ref.
 */
async function dereferenced(root: string, absPath: string, api: unknown): Promise<Record<string, unknown>> {
  const clone = structuredClone(api) as Record<string, unknown>;
  try {
    return (await SwaggerParser.dereference(absPath, clone as never, {
      // Files only through the one confined read: a $ref out of the tree (or to a URL) is not read.
      resolve: { external: true, http: false, file: false, confined: confinedFiles(root) },
      dereference: { circular: 'ignore' },
    } as SwaggerParser.Options)) as Record<string, unknown>;
  } catch {
    return structuredClone(api) as Record<string, unknown>;
  }
}

/** swagger-parser's file resolver, reading only through readInside (and refusing YAML whose aliases cannot be expanded). */
function confinedFiles(root: string) {
  return {
    order: 1,
    canRead: true,
    read(file: { url: string }): Buffer {
      const abs = file.url.startsWith('file:') ? fileURLToPath(file.url) : decodeURIComponent(file.url);
      const bytes = readInside(root, path.relative(root, abs));
      if (!(bytes instanceof Buffer)) throw new Error('not read: missing, or outside the checked tree');
      if (yamlAliasProblem(bytes.toString('utf8'))) throw new Error('not read: YAML aliases that cannot be expanded');
      return bytes;
    },
  };
}

type Inputs = Array<{ where: 'header' | 'query' | 'cookie'; name: string; type: string; scheme?: string }>;

function inputsOf(option: SecurityOption): Inputs {
  return (['header', 'query', 'cookie'] as const).flatMap((where) =>
    Object.entries(option.parameters[where] ?? {}).map(([name, schema]) => ({ where, name, type: schema.type, scheme: 'scheme' in schema ? schema.scheme : undefined })),
  );
}

function describe(options: SecurityOption[]): string {
  if (options.every((o) => inputsOf(o).length === 0)) return 'no auth input';
  return options
    .map((o) => `${o.title || '(untitled)'}: ${inputsOf(o).map((i) => `${i.where} ${i.name} (${i.type}${i.scheme ? ` ${i.scheme}` : ''})`).join(' + ') || 'none'}`)
    .join(' | ');
}

/** The one auth input each audience's playground must show; undefined for none. */
function expectedInput(audience: Audience, policy: AccessPolicy): { title: string; input: Inputs[number] } | undefined {
  // Mintlify titles an option by its scheme names with `_` and `-` turned into spaces.
  if (audience === 'user') return { title: policy.schemes.user.name.replace(/[_-]/g, ' '), input: { where: 'header', name: 'Authorization', type: 'http', scheme: 'bearer' } };
  if (audience === 'admin') return { title: policy.schemes.admin.name.replace(/[_-]/g, ' '), input: { where: 'header', name: 'Authorization', type: 'apiKey' } };
  return undefined;
}

function isInput(option: SecurityOption, want: { title: string; input: Inputs[number] }): boolean {
  const inputs = inputsOf(option);
  return option.title === want.title && inputs.length === 1 && inputs[0].where === want.input.where && inputs[0].name.toLowerCase() === 'authorization' && inputs[0].type === want.input.type && inputs[0].scheme === want.input.scheme;
}

function playgroundMatches(options: SecurityOption[], audience: Audience, policy: AccessPolicy): boolean {
  const want = expectedInput(audience, policy);
  if (want) return options.length === 1 && isInput(options[0], want);
  if (options.every((o) => inputsOf(o).length === 0)) return true;
  // A public operation may offer the user's token as optional (`[{bearerAuth: []}, {}]`): that input, or none.
  const user = expectedInput('user', policy)!;
  return options.length === 2 && options.some((o) => inputsOf(o).length === 0) && options.some((o) => isInput(o, user));
}

/**
 * @param reported operation labels and scheme names other rules already reported: the playground
 *   disagreeing there is a consequence, not news, and is not repeated.
 */
export async function playgroundAgrees(
  root: string,
  absPath: string,
  api: unknown,
  ops: Operation[],
  audiences: Map<Operation, Audience>,
  policy: AccessPolicy,
  reported: ReadonlySet<string>,
): Promise<Issue[]> {
  const doc = await dereferenced(root, absPath, api);
  const issues: Issue[] = [];
  for (const op of ops) {
    const audience = audiences.get(op);
    const schemes = (op.security ?? []).flatMap((r) => Object.keys(r));
    const known = reported.has(op.label) || schemes.some((s) => reported.has(s));
    const at = { pointer: op.pointer, key: true };
    let options: SecurityOption[];
    try {
      options = OpenApiToEndpointConverter.convert(doc as never, op.path, op.method.toLowerCase() as HttpMethod).request.security;
    } catch (err) {
      // Mintlify's errors read "<json path>\n<what is wrong>".
      const [where, ...what] = String((err as Error)?.message ?? err).split('\n');
      const reason = what.length ? `${what.join(' ')} (at ${where})` : where;
      // A failure inside securitySchemes that rules 1 and 4 already reported is the same problem.
      if (known && where.startsWith('#/components/securitySchemes')) continue;
      issues.push(issue('playground-conversion', `Mintlify cannot build the page of ${op.label}: ${reason}`, at, [op.label]));
      continue;
    }
    if (!audience || known || playgroundMatches(options, audience, policy)) continue;
    const want = expectedInput(audience, policy);
    const wanted = want ? `one ${want.input.type}${want.input.scheme ? ` ${want.input.scheme}` : ''} Authorization header input titled "${want.title}"` : 'no auth input (or the user\'s bearer token as an optional one)';
    issues.push(issue('playground-auth', `Mintlify's playground for ${audience} operation ${op.label} would ask for ${describe(options)}; it must ask for ${wanted}`, at, [op.label]));
  }
  return issues;
}
