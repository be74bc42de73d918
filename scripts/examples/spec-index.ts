import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { pointerOf } from '../lib/locate.js';
import leven from 'leven';
import type { SpecInput } from '../lib/workspace.js';
import { HTTP_METHODS } from './request.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? addFormatsModule) as unknown as FormatsPlugin;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

export interface Operation {
  method: string;
  path: string;
  operationId?: string;
  /** JSON pointer of the operation object. */
  pointer: string;
  /**
   * Effective security: the operation's own, else the root's (OpenAPI semantics); undefined when
   * neither says anything. OpenAPI reads that as "no credential", but a spec that never mentions
   * security (no scheme applied anywhere) more often leaves it out than means it: what such an
   * operation takes is unknown, where an explicit `security: []` says it is public.
   */
  security?: Array<Record<string, unknown>>;
  /** `x-convex-function-type`: the kind of Convex function it runs (query, mutation, action). */
  functionType?: string;
  requestBody?: {
    required: boolean;
    /** JSON pointer of the JSON media type's schema (undefined: no JSON content, or no schema). */
    schemaPointer?: string;
    /** Every media type of the body (lower case), with the pointer of its schema when it has one. */
    media: Array<{ type: string; schemaPointer?: string }>;
  };
}

/** How a security scheme shows up in a request: a header, maybe with a prefix word. */
export interface CredentialStyle {
  scheme: string;
  /** Lower-case header name; undefined when the credential is not a header (query, cookie). */
  header?: string;
  /** First word of the header value (`Bearer`, `Convex`); undefined when any value goes. */
  prefix?: string;
  /** What a reader should write, e.g. `Authorization: Convex <deploy-key>`. */
  display: string;
}

/** The spec's operations, servers and schemes, indexed for matching example requests. */
export class SpecIndex {
  readonly operations: Operation[] = [];
  private readonly templates: Array<{ path: string; pattern: RegExp; operations: Operation[] }> = [];
  /** Template index by path, for paths without `{parameters}` (most of a generated Convex spec). */
  private readonly literalPaths = new Map<string, number>();
  /** Templates whose last segment is one parameter (`/proxy/{anyPath}`), longest prefix first once built. */
  private readonly catchAll: Array<{ index: number; length: number; pattern: RegExp }> = [];
  /** Indices of the templates with parameters, in spec order. */
  private readonly parameterised: number[] = [];
  /** Server URL patterns, longest first. */
  private readonly bases: Array<{ length: number; pattern: RegExp }> = [];
  /** The path part of each server URL (`/v1` of `https://api.x.com/v1`), longest first. */
  readonly serverPaths: string[] = [];
  private readonly styles = new Map<string, CredentialStyle>();
  /** Header names that carry a credential of some scheme (to tell "sends none" from "sends another"). */
  readonly credentialHeaders = new Set<string>(['authorization']);
  private ajv?: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction | Error>();

  constructor(
    readonly spec: SpecInput,
    extraBaseUrls: string[] = [],
  ) {
    const api = spec.api as Json;
    const rootSecurity = Array.isArray(api.security) ? (api.security as Array<Record<string, unknown>>) : undefined;
    const paths = isObject(api.paths) ? api.paths : {};
    for (const [path, rawItem] of Object.entries(paths)) {
      const item = this.deref(rawItem)?.node;
      if (!isObject(item)) continue;
      const operations: Operation[] = [];
      for (const method of HTTP_METHODS) {
        const op = item[method.toLowerCase()];
        if (!isObject(op)) continue;
        const pointer = pointerOf('paths', path, method.toLowerCase());
        const operation: Operation = {
          method,
          path,
          operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
          pointer,
          security: Array.isArray(op.security) ? (op.security as Array<Record<string, unknown>>) : rootSecurity,
          functionType: typeof op['x-convex-function-type'] === 'string' ? op['x-convex-function-type'] : undefined,
        };
        const body = this.deref(op.requestBody, `${pointer}/requestBody`);
        if (body && isObject(body.node)) {
          const content = isObject(body.node.content) ? body.node.content : {};
          const mediaType = Object.keys(content).find((m) => /^application\/(.+\+)?json\b/i.test(m));
          const media = mediaType ? content[mediaType] : undefined;
          operation.requestBody = {
            required: body.node.required === true,
            schemaPointer: mediaType && isObject(media) && media.schema !== undefined ? `${body.pointer}/content/${escape(mediaType)}/schema` : undefined,
            media: Object.entries(content).map(([type, m]) => ({
              type: type.toLowerCase(),
              schemaPointer: isObject(m) && m.schema !== undefined ? `${body.pointer}/content/${escape(type)}/schema` : undefined,
            })),
          };
        }
        operations.push(operation);
        this.operations.push(operation);
      }
      const pattern = new RegExp('^' + path.split(/\{[^}]*\}/).map(escapeRegExp).join('[^/]+') + '$');
      if (CATCH_ALL.test(path)) {
        const prefix = path.replace(CATCH_ALL, '');
        this.catchAll.push({ index: this.templates.length, length: prefix.length, pattern: new RegExp('^' + prefix.split(/\{[^}]*\}/).map(escapeRegExp).join('[^/]+') + '/.*$') });
      }
      if (/\{[^}]*\}/.test(path)) this.parameterised.push(this.templates.length);
      else this.literalPaths.set(path, this.templates.length);
      this.templates.push({ path, pattern, operations });
      // A Convex function's re-exported paths (`x-convex-aliases: [notes/index:list]`) run the same
      // function: a request there is this operation's.
      for (const op of operations) {
        const raw = item[op.method.toLowerCase()];
        const aliases = isObject(raw) && Array.isArray(raw['x-convex-aliases']) ? raw['x-convex-aliases'] : [];
        for (const alias of aliases) {
          const m = typeof alias === 'string' ? /^([\w/.-]+):(\w+)$/.exec(alias) : null;
          const aliasPath = m && `/api/run/${m[1]}/${m[2]}`;
          if (!aliasPath || this.literalPaths.has(aliasPath) || paths[aliasPath] !== undefined) continue;
          this.literalPaths.set(aliasPath, this.templates.length);
          this.templates.push({ path: aliasPath, pattern: new RegExp('^' + escapeRegExp(aliasPath) + '$'), operations: [op] });
        }
      }
    }
    // Server URLs (with their {variables} matching anything) and the docs' own base URLs; path-item
    // and operation `servers` too (they override the root's for their paths: a public API beside
    // a private one). A variable that is the whole host (`https://{api_base_url}`) stands for its
    // default and enum values only, else it would make every https URL a server of this spec.
    const serverList = (node: unknown) => (isObject(node) && Array.isArray(node.servers) ? (node.servers as Json[]) : []);
    const servers = [...serverList(api)];
    for (const rawItem of Object.values(paths)) {
      const item = this.deref(rawItem)?.node;
      servers.push(...serverList(item));
      for (const method of HTTP_METHODS) if (isObject(item)) servers.push(...serverList(item[method.toLowerCase()]));
    }
    const urls = new Set<string>();
    for (const server of servers) for (const url of expandWholeHostVariables(server)) urls.add(url);
    for (const url of extraBaseUrls) urls.add(url);
    for (const url of urls) {
      if (typeof url !== 'string' || url === '' || url === '/') continue;
      const source = url.replace(/\/+$/, '').split(/\{[^}]*\}/).map(escapeRegExp).join('[^/]*');
      this.bases.push({ length: url.length, pattern: new RegExp('^' + source + '(?=/|\\?|#|$)', 'i') });
      const serverPath = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*(\/.*)?$/i.exec(url)?.[1] ?? (url.startsWith('/') ? url : undefined);
      const trimmed = serverPath?.replace(/\/+$/, '');
      if (trimmed && !this.serverPaths.includes(trimmed)) this.serverPaths.push(trimmed);
    }
    this.bases.sort((a, b) => b.length - a.length);
    this.serverPaths.sort((a, b) => b.length - a.length);
    const schemes = isObject(api.components) && isObject(api.components.securitySchemes) ? api.components.securitySchemes : {};
    for (const [name, raw] of Object.entries(schemes)) {
      const scheme = this.deref(raw)?.node;
      if (!isObject(scheme)) continue;
      const style = credentialStyle(name, scheme);
      this.styles.set(name, style);
      if (style.header) this.credentialHeaders.add(style.header);
    }
  }

  /** Follows local `$ref`s; returns the node and the pointer where it really lives. */
  deref(node: unknown, pointer = ''): { node: unknown; pointer: string } | undefined {
    for (let hops = 0; hops < 20; hops++) {
      if (!isObject(node) || typeof node.$ref !== 'string') return node === undefined ? undefined : { node, pointer };
      if (!node.$ref.startsWith('#/')) return undefined; // external: the spec check reports those
      pointer = node.$ref;
      node = node.$ref
        .slice(2)
        .split('/')
        .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((n, key) => (isObject(n) || Array.isArray(n) ? (n as Json)[key] : undefined), this.spec.api);
    }
    return undefined;
  }

  /**
   * What follows each server URL of this spec (any value of its `{variables}`) or of the docs'
   * own base URLs that `url` starts with, longest server first; empty when it is on none of them.
   */
  serverRests(url: string): string[] {
    const out: string[] = [];
    for (const base of this.bases) {
      const m = base.pattern.exec(url);
      if (m && !out.includes(url.slice(m[0].length))) out.push(url.slice(m[0].length));
    }
    return out;
  }

  /**
   * The path template a request path matches, with its operations. A concrete path wins over
   * templated ones (OpenAPI: "when matching URLs, concrete (non-templated) paths would be matched
   * before their templated counterparts"); among templates, the one with the most concrete
   * segments, then spec order. Tried as written, then without a trailing slash. A concrete path
   * is a map lookup; only templates with parameters are tried one by one. `rank` orders matches
   * of several specs the same way (concrete first, then the template with most concrete segments).
   */
  match(path: string): { path: string; operations: Operation[]; rank: number } | undefined {
    const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path;
    const literal = this.literalPaths.get(path) ?? this.literalPaths.get(trimmed);
    if (literal !== undefined) return { ...this.templates[literal], rank: Number.MAX_SAFE_INTEGER };
    const templated = this.templated(path) ?? (trimmed === path ? undefined : this.templated(trimmed));
    if (templated) return { ...templated, rank: templated.path.split('/').filter((seg) => !seg.includes('{')).length };
    // A last parameter named for the rest of the path (`/proxy/{anyPath}` for `/proxy/v2/users/me`
    // or `/proxy/?Action=x`): strictly one segment in OpenAPI, but that is how proxy and file
    // operations are written, and the example is right. Tried last, longest prefix first.
    let best: { index: number; length: number } | undefined;
    for (const c of this.catchAll) if (c.pattern.test(path) && (!best || c.length > best.length)) best = c;
    return best ? { ...this.templates[best.index], rank: -1 } : undefined;
  }

  private templated(path: string): (typeof this.templates)[number] | undefined {
    let best: { t: { path: string; pattern: RegExp; operations: Operation[] }; concrete: number } | undefined;
    for (const i of this.parameterised) {
      const t = this.templates[i];
      if (!t.pattern.test(path)) continue;
      const concrete = t.path.split('/').filter((seg) => !seg.includes('{')).length;
      if (!best || concrete > best.concrete) best = { t, concrete };
    }
    return best?.t;
  }

  /**
   * Whether a path that matches no operation still looks aimed at this API: it starts with the
   * first two segments of one of its paths (`/api/run/...`), or differs from one of its paths
   * with as many segments by a typo (two edits at most, first segment equal), so it is a typo or
   * a removed operation rather than a call to some other service.
   */
  aims(path: string): boolean {
    const segments = path.split('/').filter(Boolean);
    if (segments.length < 2) return false;
    return this.templates.some((t) => {
      const own = t.path.split('/').filter(Boolean);
      if (own.length === segments.length && own[0] === segments[0] && leven(path.replace(/\/$/, ''), t.path, { maxDistance: 3 }) <= 2) return true;
      return own.length >= 2 && own[0] === segments[0] && own[1] === segments[1] && !/[{}]/.test(own[0] + own[1]);
    });
  }

  /**
   * Whether a path that matches no operation is one mistake away from one: as many segments as a
   * path of this spec, every segment equal (a `{parameter}` takes any value) but one literal
   * segment, which is two edits at most from it or begins or ends it (`getMeetingById` for a
   * `getMeeting` since renamed). A path further from every operation is an endpoint the spec does
   * not describe (a product's docs often show more than its spec), not a mistake.
   */
  nearTypo(path: string): boolean {
    const segments = path.replace(/\/$/, '').split('/').filter(Boolean);
    return this.templates.some((t) => {
      const own = t.path.split('/').filter(Boolean);
      if (own.length !== segments.length) return false;
      let differing = 0;
      for (const [i, seg] of own.entries()) {
        if (/^\{[^}]*\}$/.test(seg) || seg === segments[i]) continue;
        if (/[{}]/.test(seg) || !nearSegment(seg, segments[i]) || ++differing > 1) return false;
      }
      return differing === 1;
    });
  }

  /**
   * The property names of the object schema at `pointer` (allOf merged, local $refs followed):
   * which are required, and whether others are refused. Undefined when the schema is not plainly
   * an object (oneOf/anyOf, an external $ref): its fields are then unknown.
   */
  objectShape(pointer: string): { properties: Set<string>; required: Set<string>; closed: boolean } | undefined {
    const root = this.deref({ $ref: pointer.startsWith('#') ? pointer : `#${pointer}` })?.node;
    const shape = { properties: new Set<string>(), required: new Set<string>(), closed: false };
    const visit = (node: unknown, depth: number): boolean => {
      const schema = this.deref(node)?.node;
      if (!isObject(schema) || depth > 10) return false;
      if (schema.oneOf || schema.anyOf || schema.not || schema.if) return false;
      if (schema.type !== undefined && schema.type !== 'object' && !(Array.isArray(schema.type) && schema.type.includes('object'))) return false;
      if (isObject(schema.properties)) for (const key of Object.keys(schema.properties)) shape.properties.add(key);
      if (Array.isArray(schema.required)) for (const key of schema.required) if (typeof key === 'string') shape.required.add(key);
      // Closed only at the top, and with additionalProperties only without allOf (whose parts'
      // properties additionalProperties does not see): what a validator would refuse for sure.
      if (depth === 0 && (schema.unevaluatedProperties === false || (schema.additionalProperties === false && !schema.allOf))) shape.closed = true;
      return Array.isArray(schema.allOf) ? schema.allOf.every((part) => visit(part, depth + 1)) : true;
    };
    if (!visit(root, 0)) return undefined;
    return shape;
  }

  /** Spec paths closest to an unknown one (for "did you mean"). */
  nearest(path: string): string | undefined {
    const limit = Math.max(3, Math.floor(path.length / 4));
    let best: { path: string; d: number } | undefined;
    for (const t of this.templates) {
      const d = leven(path, t.path, { maxDistance: limit + 1 });
      if (!best || d < best.d) best = { path: t.path, d };
    }
    return best && best.d <= limit ? best.path : undefined;
  }

  style(scheme: string): CredentialStyle | undefined {
    return this.styles.get(scheme);
  }

  /** Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) validator for the schema at pointer. */
  validator(pointer: string): ValidateFunction | Error {
    const cached = this.validators.get(pointer);
    if (cached) return cached;
    if (!this.ajv) {
      // The whole spec is registered as one schema document so `#/components/...` refs resolve;
      // strict mode is off because OpenAPI adds keywords (example, discriminator, xml) Ajv lacks.
      // Shared component schemas compile once, not into every operation that refers to them
      // (inlineRefs), and the generated code is not optimised: each validator runs a handful of
      // times, so compiling is the cost (4,000 operations: 6.1 s with Ajv's defaults, 2.2 s so).
      this.ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true, validateSchema: false, logger: false, inlineRefs: false, code: { optimize: false } });
      addFormats(this.ajv);
      this.ajv.addSchema(this.spec.api as object, SPEC_ID);
    }
    let result: ValidateFunction | Error;
    try {
      const fragment = pointer.replace(/^#/, '').split('/').map(encodeURIComponent).join('/');
      result = this.ajv.getSchema(`${SPEC_ID}#${fragment}`) ?? new Error(`no schema at ${pointer}`);
    } catch (err) {
      result = err as Error;
    }
    this.validators.set(pointer, result);
    return result;
  }
}

const SPEC_ID = 'openapi-spec';

/** A segment written for another: two edits apart, or one begins or ends the other (both at least four characters). */
function nearSegment(own: string, written: string): boolean {
  if (leven(own, written, { maxDistance: 3 }) <= 2) return true;
  const [short, long] = own.length <= written.length ? [own, written] : [written, own];
  return short.length >= 4 && (long.startsWith(short) || long.endsWith(short));
}

/** A last parameter named for the rest of a path: `/proxy/{anyPath}`, `/files/{path}`, `/{rest}`. */
const CATCH_ALL = /\/\{[^}/]*(?:path|rest|wildcard|splat|catch|any|route)[^}/]*\}$/i;

/** A server's URLs: as written, or, when one variable is the whole host, one URL per default/enum value. */
function expandWholeHostVariables(server: Json): string[] {
  const url = server.url;
  if (typeof url !== 'string') return [];
  const m = /^([a-z][a-z0-9+.-]*:\/\/)?\{([^}]+)\}(?=\/|$)/i.exec(url);
  if (!m) return [url];
  const variable = isObject(server.variables) ? server.variables[m[2]] : undefined;
  const values = isObject(variable) ? [variable.default, ...(Array.isArray(variable.enum) ? variable.enum : [])] : [];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))].map((v) => (m[1] ?? '') + v + url.slice(m[0].length));
}

/** How a scheme's credential is written. A Convex-style apiKey in `Authorization` names its prefix
 * in its description, as `Convex <deploy-key>`: the first code span of the form `Word <...>`. */
function credentialStyle(name: string, scheme: Json): CredentialStyle {
  const type = String(scheme.type ?? '');
  const description = typeof scheme.description === 'string' ? scheme.description : '';
  if (type === 'http') {
    const word = String(scheme.scheme ?? 'bearer');
    const prefix = word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
    // The placeholder the description uses (`Bearer <user-token>`), for the message only.
    const shown = new RegExp(`\`(?:Authorization:\\s*)?${prefix} <([^>\`]+)>\``, 'i').exec(description);
    return { scheme: name, header: 'authorization', prefix, display: `Authorization: ${prefix} <${shown ? shown[1] : prefix === 'Bearer' ? 'token' : 'credentials'}>` };
  }
  if (type === 'oauth2' || type === 'openIdConnect') return { scheme: name, header: 'authorization', prefix: 'Bearer', display: 'Authorization: Bearer <token>' };
  if (type === 'apiKey' && scheme.in === 'header' && typeof scheme.name === 'string') {
    const header = scheme.name;
    const m = /`(?:[\w-]+:\s*)?([A-Za-z][\w.-]*) <[^>`]+>`/.exec(description);
    const prefix = header.toLowerCase() === 'authorization' && m ? m[1] : undefined;
    return { scheme: name, header: header.toLowerCase(), prefix, display: `${header}: ${prefix ? `${prefix} ` : ''}<${m ? m[0].replace(/^.*<([^>]+)>.*$/, '$1') : 'key'}>` };
  }
  return { scheme: name, display: `${name} (${type} ${String(scheme.in ?? '')})`.trim() };
}

export function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type { ErrorObject };
