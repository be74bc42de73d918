import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeToken, POSITIVE_KINDS, Rng, type PositiveKind } from './corpus.js';

/**
 * Fixture templates for the token rules' snapshot tests. Templates hold `{{token:<kind>:<seed>}}`
 * (a fake token of that kind from the seeded generator), `{{json-token:<kind>:<seed>}}` (the same,
 * escaped for a JSON string) and `{{sample:<name>}}` (a published sample value). A test copies a
 * template tree to a temp dir with the values filled in; nothing real-looking is ever committed.
 */

const SAMPLES: Record<string, () => string> = {
  // jwt.io's sample token: HS256 with the debugger's published default secret.
  'jwt-io': () => {
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    const payload = Buffer.from('{"sub":"1234567890","name":"John Doe","iat":1516239022}').toString('base64url');
    return `${header}.${payload}.${createHmac('sha256', 'your-256-bit-secret').update(`${header}.${payload}`).digest('base64url')}`;
  },
  // AWS's documented example credentials.
  'aws-access-key-id': () => 'AKIA' + 'IOSFODNN7' + 'EXAMPLE',
  'aws-secret-access-key': () => 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCY' + 'EXAMPLEKEY',
  // An AWS secret access key ending in `/`: the shape the recommended preset misses.
  'aws-secret-slash': () => {
    const r = new Rng(7);
    let v = '';
    while (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/[0-9]/.test(v)) v = r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 39);
    return `${v}/`;
  },
  // A Stripe-format secret key (not a WorkOS key: its body is not base64 of `key_...`).
  'stripe-secret-key': () => {
    const r = new Rng(11);
    let v = '';
    while (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/[0-9]/.test(v)) v = r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 24);
    return `sk_${'live'}_${v}`;
  },
  'workos-client-id': () => `client_01${new Rng(3).chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 24)}`,
};

const TEMPLATE = /\{\{(token|json-token|sample):([a-z0-9-]+)(?::(\d+))?\}\}/g;

/** The value a template placeholder stands for. */
export function templateValue(kind: string, name: string, seed?: string): string {
  if (kind === 'sample') {
    const make = SAMPLES[name];
    if (!make) throw new Error(`unknown sample "${name}" (known: ${Object.keys(SAMPLES).join(', ')})`);
    return make();
  }
  if (!(name in POSITIVE_KINDS)) throw new Error(`unknown token kind "${name}"`);
  const value = makeToken(name as PositiveKind, Number(seed ?? 1));
  return kind === 'json-token' ? JSON.stringify(value).slice(1, -1) : value;
}

/** Fill every placeholder of a template text; returns the text and the values used. */
export function fillTemplate(text: string): { text: string; values: Map<string, string> } {
  const values = new Map<string, string>();
  const filled = text.replace(TEMPLATE, (whole, kind: string, name: string, seed?: string) => {
    const value = templateValue(kind, name, seed);
    values.set(whole, value);
    return value;
  });
  return { text: filled, values };
}

/** Replace every filled-in value by its placeholder again (strings nested anywhere in `data`). */
export function unfill<T>(data: T, values: Map<string, string>): T {
  const pairs = [...values].sort((a, b) => b[1].length - a[1].length);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return pairs.reduce((s, [placeholder, value]) => s.split(value).join(placeholder), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(data) as T;
}

/**
 * Copy a template tree to `dest`, filling placeholders in every file; `output.json` snapshots get
 * their string values filled. Returns the values used per written file.
 */
export function materialize(src: string, dest: string): Map<string, Map<string, string>> {
  const used = new Map<string, Map<string, string>>();
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    const from = path.join(src, entry.name);
    const to = path.join(dest, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(to, { recursive: true });
      for (const [k, v] of materialize(from, to)) used.set(k, v);
      continue;
    }
    const raw = fs.readFileSync(from, 'utf8');
    if (entry.name === 'output.json') {
      // Filled inside the parsed strings: values may hold quotes and newlines.
      const values = new Map<string, string>();
      const walk = (v: unknown): unknown => {
        if (typeof v === 'string') {
          const filled = fillTemplate(v);
          for (const [k, x] of filled.values) values.set(k, x);
          return filled.text;
        }
        if (Array.isArray(v)) return v.map(walk);
        if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        return v;
      };
      fs.writeFileSync(to, JSON.stringify(walk(JSON.parse(raw)), null, 4));
      used.set(to, values);
      continue;
    }
    const { text, values } = fillTemplate(raw);
    fs.writeFileSync(to, text);
    used.set(to, values);
  }
  return used;
}

/** Every placeholder's value in a directory's inputs (to turn a fresh snapshot back into a template). */
export function valuesIn(dir: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const f of fs.readdirSync(dir)) {
    if (f === 'output.json' || !fs.statSync(path.join(dir, f)).isFile()) continue;
    for (const [k, v] of fillTemplate(fs.readFileSync(path.join(dir, f), 'utf8')).values) all.set(k, v);
  }
  return all;
}
