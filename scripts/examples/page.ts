import type { ErrorObject } from 'ajv/dist/2020.js';
import { finding, type Finding } from '../lib/finding.js';
import { pageFacts, type CodeBlock } from '../lib/mdx.js';
import type { PageInput } from '../lib/workspace.js';
import { firstJsonErrorOffset } from '../lib/json-error.js';
import { requestsIn } from './clients.js';
import type { ExampleRequest } from './request.js';
import type { Operation, SpecIndex } from './spec-index.js';
import { targetOf } from './target.js';
import { parseLocatedJson, toPlain, type PlainValue, type Value } from './value.js';

/**
 * The opt-out marker: an MDX comment right before the code block (or before the `<CodeGroup>` /
 * `<RequestExample>` holding it): `{/* check-examples: skip — why this example is partial *\/}`.
 */
export const SKIP_MARKER = /^check-examples\s*:\s*skip\b\s*(?:[—–:-]+\s*)?([\s\S]*)$/;

export type ExampleStatus =
  /** Matched against the spec and checked. */
  | 'checked'
  /** Opted out with the marker. */
  | 'skipped'
  /** Its URL is another service: a host that is no server of a spec (WorkOS), or a placeholder
   * host or relative URL whose path belongs to no spec (the reader's own app). */
  | 'external'
  /** Its URL cannot be read statically (a variable without a literal value). */
  | 'unresolved'
  /** Inside a changelog entry (`<Update>`): it shows the API as it was then. */
  | 'historical'
  /**
   * Its path is in no spec of the tree: the site also has a spec behind a URL (never fetched) that
   * may have it, or (rule set `default`) it is no typo of a spec path, so an endpoint of the
   * product its spec does not describe.
   */
  | 'unknown';

export interface PageExample {
  file: string;
  line: number;
  client: ExampleRequest['client'];
  status: ExampleStatus;
  /** `METHOD /path` as the example sends it (when known). */
  target?: string;
  /** The spec it was checked against. */
  spec?: string;
}

export interface PageResult {
  findings: Finding[];
  examples: PageExample[];
  /** The spec (file) each request finding was checked against. */
  specOf: Map<Finding, string>;
}

const CHECK = 'examples';

/** Text any request example contains: pages without it are not walked (large sites parse less). */
const MAY_HOLD_REQUEST = /\bcurl\b|\bfetch\s*\(|\brequests\.|\bhttpx\.|\bHTTP\/\d|\bConvex(?:Http|React)?Client\b|\buseQuery\s*\(/;

/**
 * `specs`: every spec of the site, in order (a request is matched against the one its URL fits).
 * `remoteSpec`: the site also has a spec behind a URL, so a path no local spec has is not known wrong.
 */
export function checkPageExamples(page: PageInput, specs: SpecIndex | SpecIndex[], options: { remoteSpec?: boolean; allRules?: boolean } = {}): PageResult {
  const indexes = Array.isArray(specs) ? specs : [specs];
  const result: PageResult = { findings: [], examples: [], specOf: new Map() };
  if (!MAY_HOLD_REQUEST.test(page.text)) return result;
  const facts = pageFacts(page);
  if (!facts) return result; // does not parse: `site` reports where
  for (const block of facts.codeBlocks) {
    const requests = requestsIn(block.lang, block.value);
    if (requests.length === 0) continue;
    const at = locator(block);
    if (block.containers.includes('Update')) {
      // A changelog entry documents the API of its date (an endpoint since renamed is history, not drift).
      for (const r of requests) result.examples.push({ file: page.file, line: at(r.offset).start.line, client: r.client, status: 'historical' });
      continue;
    }
    const marker = block.comments.map((c) => ({ ...c, m: SKIP_MARKER.exec(c.text) })).find((c) => c.m);
    if (marker) {
      const reason = marker.m![1].trim();
      for (const r of requests) result.examples.push({ file: page.file, line: at(r.offset).start.line, client: r.client, status: 'skipped' });
      result.findings.push(
        reason
          ? finding(
              { check: CHECK, rule: 'example-skipped', severity: 'warning', message: `${describe(requests)} not checked (check-examples: skip): ${reason}`, file: page.file },
              { start: { line: block.line, column: block.column } },
            )
          : finding(
              { check: CHECK, rule: 'example-skip-reason', message: 'check-examples: skip needs a reason after it, e.g. {/* check-examples: skip — shows only the headers */}', file: page.file },
              { start: { line: marker.line, column: 1 } },
            ),
      );
      continue;
    }
    for (const request of requests) {
      const { status, target, findings, spec } = checkRequest(request, indexes, at, page.file, { remoteSpec: options.remoteSpec ?? false, allRules: options.allRules ?? true });
      result.examples.push({ file: page.file, line: at(request.offset).start.line, client: request.client, status, target, spec });
      result.findings.push(...findings);
      if (spec) for (const f of findings) result.specOf.set(f, spec);
    }
  }
  return result;
}

function describe(requests: ExampleRequest[]): string {
  return requests.length === 1 ? `${requests[0].client} example` : `${requests.length} requests in this block`;
}

type Locate = (offset: number, endOffset?: number) => { start: { line: number; column: number }; end: { line: number; column: number } };

/** Offset in the block's text → line:column in the MDX file. */
function locator(block: CodeBlock): Locate {
  const lineOffsets = [0];
  for (let i = block.value.indexOf('\n'); i !== -1; i = block.value.indexOf('\n', i + 1)) lineOffsets.push(i + 1);
  const position = (offset: number) => {
    let k = lineOffsets.length - 1;
    while (k > 0 && lineOffsets[k] > offset) k--;
    const start = block.lineStarts[k] ?? { line: block.line, column: block.column };
    return { line: start.line, column: start.column + Math.max(0, offset - lineOffsets[k]) };
  };
  return (offset, endOffset) => {
    const start = position(offset);
    return { start, end: endOffset !== undefined ? position(endOffset) : start };
  };
}

function checkRequest(request: ExampleRequest, indexes: SpecIndex[], at: Locate, file: string, { remoteSpec, allRules }: { remoteSpec: boolean; allRules: boolean }): { status: ExampleStatus; target?: string; findings: Finding[]; spec?: string } {
  const findings: Finding[] = [];
  const report = (rule: string, message: string, offset: number, endOffset?: number) =>
    findings.push(finding({ check: CHECK, rule, message, file }, at(offset, endOffset)));
  const method = request.methodUnknown ? undefined : (request.method?.value ?? request.impliedMethod).toUpperCase();
  const where = targetOf(request.url?.value, indexes, method);
  if (where.status !== 'checked') return { status: where.status, findings };
  const { index, path, match } = where;
  const url = request.url!;
  const target = `${method ?? '?'} ${path}`;
  const urlEnd = url.offset + url.value.length;

  if (!match) {
    if (remoteSpec) return { status: 'unknown', target, findings, spec: index.spec.file };
    // Connvo's spec documents every function of its API (the drift check holds it to that); another
    // product's spec is often partial: there only a near miss of one of its paths is a mistake.
    if (!allRules && !indexes.some((i) => i.nearTypo(path))) return { status: 'unknown', target, findings, spec: index.spec.file };
    const near = index.nearest(path);
    report('example-unknown-path', `${target}: no path of ${index.spec.file ?? 'the spec'} matches ${path}${near ? ` (did you mean ${near}?)` : ''}`, url.offset, urlEnd);
    return { status: 'checked', target, findings, spec: index.spec.file };
  }
  if (method === undefined) return { status: 'checked', target, findings, spec: index.spec.file }; // the method is not a literal: only the path is known
  const op = match.operations.find((o) => o.method === method);
  if (!op) {
    const allowed = match.operations.map((o) => o.method).join(', ') || 'no method';
    const implied = request.method ? '' : ` (${request.client} sends ${method} when no method is given${request.client === 'curl' ? ': add -X or a body' : ''})`;
    report('example-wrong-method', `${target}: ${match.path} has ${allowed}, not ${method}${implied}`, request.method?.offset ?? request.offset);
    return { status: 'checked', target, findings, spec: index.spec.file };
  }
  const kind = request.functionKind;
  if (kind && op.functionType && kind.value !== op.functionType) {
    report('example-function-kind', `${operationName(op)} runs a ${op.functionType}, but the example calls it with ${kind.call}: Convex refuses another kind; call ${kind.call === 'useQuery' ? `use${op.functionType[0].toUpperCase()}${op.functionType.slice(1)}` : kind.call.replace(/\w+$/, op.functionType)}`, kind.offset);
  }
  findings.push(...checkCredential(request, op, index, at, file));
  findings.push(...checkBody(request, op, index, at, file));
  return { status: 'checked', target, findings, spec: index.spec.file };
}

function operationName(op: Operation): string {
  return `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ''}`;
}

/** The Authorization header's style against the operation's effective security. */
function checkCredential(request: ExampleRequest, op: Operation, index: SpecIndex, at: Locate, file: string): Finding[] {
  const sent = request.headers.filter((h) => index.credentialHeaders.has(h.name.toLowerCase()));
  const shown = (h: (typeof sent)[number]) => `${h.name}: ${firstWord(h.value) ?? '…'}${h.value && h.value.trim().includes(' ') ? ' …' : ''}`;
  const fail = (message: string, offset: number) => [finding({ check: CHECK, rule: 'example-auth', message, file }, at(offset))];
  // The spec says nothing about credentials for this operation: there is nothing to hold the example to.
  if (op.security === undefined) return [];
  if (op.security.length === 0) {
    return sent.length ? fail(`${operationName(op)} is public (security: []) but the example sends \`${shown(sent[0])}\`; send no credential`, sent[0].offset) : [];
  }
  const satisfied = (requirement: Record<string, unknown>) =>
    Object.keys(requirement).every((scheme) => {
      const style = index.style(scheme);
      if (!style?.header) return true; // query/cookie/unknown scheme: not visible as a header here
      const header = request.headers.find((h) => h.name.toLowerCase() === style.header);
      if (!header) return false;
      if (!style.prefix || header.value === undefined || header.value.startsWith('${')) return true;
      return firstWord(header.value)?.toLowerCase() === style.prefix.toLowerCase();
    });
  const security = op.security;
  if (security.some(satisfied)) return [];
  if (request.headersUnknown && sent.length === 0) return []; // the credential may be among the unknown headers
  const expected = security
    .map((req) => Object.keys(req).map((s) => `${s} (\`${index.style(s)?.display ?? s}\`)`).join(' + '))
    .join(' or ');
  if (sent.length === 0) return fail(`${operationName(op)} requires ${expected}, but the example sends no credential`, request.offset);
  return fail(`${operationName(op)} requires ${expected}, but the example sends \`${shown(sent[0])}\``, sent[0].offset);
}

function firstWord(value: string | undefined): string | undefined {
  return value?.trim().split(/\s+/)[0];
}

/** The body against the operation's request schema (the `{args, format}` envelope included). */
function checkBody(request: ExampleRequest, op: Operation, index: SpecIndex, at: Locate, file: string): Finding[] {
  const rb = op.requestBody;
  if (!rb) return [];
  const body = request.body;
  const out: Finding[] = [];
  const report = (rule: string, message: string, offset: number, end?: number) => out.push(finding({ check: CHECK, rule, message, file }, at(offset, end)));
  if (!body) {
    if (rb.required) report('example-body-missing', `${operationName(op)} requires a ${bodyKind(rb.media)}, and the example sends none`, request.offset);
    return out;
  }
  if (body.kind === 'form') {
    const media = rb.media.find((m) => m.type.split(';')[0].trim() === body.encoding) ?? rb.media.find((m) => FORM_TYPES.has(m.type.split(';')[0].trim()));
    if (!media) {
      if (rb.media.length && rb.media.every((m) => isJsonType(m.type))) {
        report('example-body-media-type', `the example sends form fields (${body.via}, ${body.encoding}), but ${operationName(op)} takes ${rb.media.map((m) => m.type).join(' or ')}`, body.offset);
      }
      return out;
    }
    if (media.schemaPointer) out.push(...checkFormFields(body, media, op, index, at, file));
    return out;
  }
  if (body.kind === 'unknown') return out;
  if (!rb.schemaPointer) {
    // The operation takes no JSON. Reported only when the example says it sends JSON and the
    // operation takes forms only (a JSON text without a content type may be anything).
    const declared = request.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value?.toLowerCase();
    if (declared && isJsonType(declared) && rb.media.length && rb.media.every((m) => FORM_TYPES.has(m.type.split(';')[0].trim()))) {
      report('example-body-media-type', `the example sends JSON (Content-Type: ${declared}), but ${operationName(op)} takes ${rb.media.map((m) => m.type).join(' or ')}`, body.kind === 'text' ? body.text.offset : body.value.offset);
    }
    return out;
  }
  let value: Value;
  if (body.kind === 'text') {
    try {
      JSON.parse(body.text.text);
    } catch {
      // A body with a `…` or `...` where a value or member belongs is deliberately partial: the
      // reader fills in the rest (say, the other fields of a customer), so it is not judged.
      if (ELISION.test(body.text.text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""'))) return out;
      const k = firstJsonErrorOffset(body.text.text);
      const offset = body.text.offsets[Math.min(k, body.text.offsets.length - 1)] ?? body.text.offset;
      report('example-body-not-json', `the body is not valid JSON (at character ${k + 1}: ${JSON.stringify(body.text.text.slice(k, k + 12)) || 'end'}); ${operationName(op)} takes JSON`, offset);
      return out;
    }
    value = parseLocatedJson(body.text);
  } else value = body.value;
  const validate = index.validator(rb.schemaPointer);
  if (validate instanceof Error) return out; // the schema itself is broken: the spec check reports it
  const plain = toPlain(value);
  if (validate(plain.json)) return out;
  for (const e of relevantErrors(validate.errors ?? [], plain)) {
    report('example-body-invalid', `request body of ${operationName(op)}: ${describeError(e)}`, errorOffset(e, plain, value.offset));
  }
  return out;
}

const FORM_TYPES = new Set(['multipart/form-data', 'application/x-www-form-urlencoded']);
/** An elision outside strings: `…`, or `...` standing for members or values. */
const ELISION = /…|(?:^|[\s,{[:])\.\.\.(?=[\s,}\]]|$)/m;
const isJsonType = (type: string) => /^application\/(.+\+)?json\b/i.test(type.trim());

function bodyKind(media: Array<{ type: string }>): string {
  if (media.length === 0) return 'request body';
  if (media.every((m) => isJsonType(m.type))) return 'JSON body';
  return `request body (${media.map((m) => m.type).join(' or ')})`;
}

type FormBody = Extract<NonNullable<ExampleRequest['body']>, { kind: 'form' }>;

/**
 * Form fields against the operation's multipart/urlencoded schema: only names, as a form carries
 * strings (and files) that the server decodes by the schema (OpenAPI `encoding`): a field the
 * schema does not allow (additionalProperties: false), a required field that is not sent.
 */
function checkFormFields(body: FormBody, media: { type: string; schemaPointer?: string }, op: Operation, index: SpecIndex, at: Locate, file: string): Finding[] {
  const shape = index.objectShape(media.schemaPointer!);
  if (!shape) return []; // not a plain object schema (oneOf, a $ref outside the spec): names unknown
  const out: Finding[] = [];
  const report = (message: string, offset: number) => out.push(finding({ check: CHECK, rule: 'example-body-invalid', message, file }, at(offset)));
  const base = (name: string) => name.replace(/\[[^\]]*\].*$/, '');
  const sent = new Set(body.fields.map((f) => base(f.name)));
  const allowed = [...shape.properties];
  if (shape.closed) {
    for (const field of body.fields) {
      if (shape.properties.has(base(field.name))) continue;
      report(`form field "${field.name}" is not a field of ${operationName(op)} (${media.type}${allowed.length ? `; fields: ${allowed.join(', ')}` : ''})`, field.offset);
    }
  }
  if (!body.open) {
    for (const name of shape.required) {
      if (!sent.has(name)) report(`the form (${body.via}) is missing required field "${name}" of ${operationName(op)} (${media.type})`, body.offset);
    }
  }
  return out;
}

const under = (path: string, root: string) => path === root || path.startsWith(root + '/');

/**
 * A string the reader is meant to replace: `<SCOPE-1>`, `{{id}}`, `YOUR_KEY`, `your-host`, `xxx`,
 * `...`, or a shell variable (`"$UPLOAD_ID"` in a double-quoted curl body). Its pattern, format,
 * enum and length are not checked: the value written is not the value sent.
 */
const PLACEHOLDER = /<[^<>]+>|\{\{?[^{}]+\}\}?|\bYOUR[_-]|\byour[-_ ]|\bx{3,}|\.\.\.|…|\$\{?[A-Za-z_]/;
const VALUE_KEYWORDS = new Set(['pattern', 'format', 'enum', 'minLength', 'maxLength']);

function relevantErrors(errors: ErrorObject[], plain: PlainValue): ErrorObject[] {
  const unknownValue = (e: ErrorObject) =>
    plain.unknownPaths.some((u) => under(e.instancePath, u)) || (VALUE_KEYWORDS.has(e.keyword) && typeof e.data === 'string' && PLACEHOLDER.test(e.data));
  const dropped = errors.filter(unknownValue);
  // An unknown value may be what makes a oneOf/anyOf branch fail: the other branches' errors then
  // say nothing about the example (a placeholder `scopes` failing the OAUTH2 branch reports the
  // APP branch's missing `app_id`). Everything under such a oneOf/anyOf is left out.
  const undecided = errors
    .filter((e) => (e.keyword === 'oneOf' || e.keyword === 'anyOf') && dropped.some((d) => under(d.instancePath, e.instancePath)))
    .map((e) => e.instancePath);
  const kept = errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (unknownValue(e)) return false;
    if (undecided.some((u) => under(e.instancePath, u))) return false;
    if (e.keyword === 'required' && plain.openPaths.includes(e.instancePath)) return false;
    return true;
  });
  // "must match a schema in anyOf" says less than the errors of its branches: keep it only alone.
  const specific = kept.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const chosen = specific.length ? specific : kept;
  const seen = new Set<string>();
  return chosen.filter((e) => {
    const key = `${e.instancePath} ${describeError(e)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the body' : `\`${e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.')}\``;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const prop = String(params.additionalProperty ?? params.unevaluatedProperty);
      const known = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
      return `${where} has unknown property "${prop}"${known.length ? ` (allowed: ${known.join(', ')})` : ' (it allows none)'}`;
    }
    case 'required':
      return `${where} is missing required property "${String(params.missingProperty)}"`;
    case 'const':
      return `${where} must be ${JSON.stringify(params.allowedValue)}`;
    case 'enum':
      return `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `${where} must be ${String(params.type)}`;
    default:
      return `${where} ${e.message ?? e.keyword}`;
  }
}

function errorOffset(e: ErrorObject, plain: PlainValue, fallback: number): number {
  const params = e.params as Record<string, unknown>;
  const prop = params.additionalProperty ?? params.unevaluatedProperty;
  if (prop !== undefined) {
    const key = plain.keyOffsetOf.get(`${e.instancePath}/${String(prop).replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (key !== undefined) return key;
  }
  return plain.offsetOf.get(e.instancePath) ?? fallback;
}
