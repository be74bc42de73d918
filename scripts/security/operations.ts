import { pointerOf } from '../lib/locate.js';

/** The operations of a spec, each with its effective security as OpenAPI defines it. */

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** One alternative of a security requirement list: scheme name → scopes. */
export type Requirement = Record<string, unknown>;

export interface Operation {
  method: string;
  path: string;
  operationId?: string;
  /** `METHOD /path (operationId)`: how every message names the operation. */
  label: string;
  /** JSON pointer of the operation object. */
  pointer: string;
  tags: string[];
  description?: string;
  /**
   * Effective security: the operation's own list when it has one, else the root list, else
   * undefined (no security anywhere).
   */
  security: Requirement[] | undefined;
  /** Where `security` comes from, and its pointer (the operation's or the root's). */
  securitySource: 'operation' | 'root' | 'none';
  securityPointer?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asRequirements(v: unknown): Requirement[] | undefined {
  return Array.isArray(v) ? v.map((r) => (isObject(r) ? r : {})) : undefined;
}

export function operationLabel(method: string, path: string, operationId?: string): string {
  return `${method.toUpperCase()} ${path}${operationId ? ` (${operationId})` : ''}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function listOperations(api: any): Operation[] {
  const out: Operation[] = [];
  const rootSecurity = asRequirements(api?.security);
  const paths = isObject(api?.paths) ? api.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const operationId = typeof op.operationId === 'string' ? op.operationId : undefined;
      const pointer = pointerOf('paths', path, method);
      const own = 'security' in op ? asRequirements(op.security) : undefined;
      const source = own ? 'operation' : rootSecurity ? 'root' : 'none';
      out.push({
        method: method.toUpperCase(),
        path,
        operationId,
        label: operationLabel(method, path, operationId),
        pointer,
        tags: Array.isArray(op.tags) ? op.tags.filter((t): t is string => typeof t === 'string') : [],
        description: typeof op.description === 'string' ? op.description : undefined,
        security: own ?? rootSecurity,
        securitySource: source,
        securityPointer: source === 'operation' ? `${pointer}/security` : source === 'root' ? '#/security' : undefined,
      });
    }
  }
  return out;
}

/** Does `ref` (`METHOD /path` or an operationId) name this operation? */
export function refersTo(ref: string, op: Operation): boolean {
  const m = /^([A-Za-z]+)\s+(\/\S*)$/.exec(ref.trim());
  if (m) return m[1].toUpperCase() === op.method && m[2] === op.path;
  return ref.trim() === op.operationId;
}
