// Masking for every output of the project, not only the token check's: a line about to be printed
// (a request URL, a message quoting a page) has every secret in it replaced by its masked form.
import { detectAll } from './detect.js';
import { judge } from './judge.js';
import { isKnownNonSecret, looksRandom, mask } from './text.js';

// A run of token characters (base64 padding included); `/`, `.`, `=` and `&` end it so URL paths,
// host names and query parameters split into their values.
const RUN = /[A-Za-z0-9_\-+%~]{16,}={0,2}/g;

/**
 * `text` with every secret masked (`eyJhbG…(842 chars)`): what the project's rules detect and judge
 * a secret, and any other generated-looking run of 16 or more token characters (a key in a URL path,
 * a vendor token the recommended preset knows). Identifiers that are not secrets (UUIDs, Convex IDs,
 * hashes of known shapes) stay readable.
 * @param {string} text
 */
export function redact(text) {
  /** @type {Array<[number, number]>} */
  const spans = [];
  for (const d of detectAll(text)) {
    if (judge({ text, start: d.start, end: d.end, rule: `connvo/${d.rule}`, detail: d.detail }).secret) spans.push([d.start, d.end]);
  }
  for (const m of text.matchAll(RUN)) {
    const start = m.index;
    const end = start + m[0].length;
    if (spans.some(([s, e]) => s < end && start < e)) continue;
    let value = m[0];
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep as is
    }
    if (looksRandom(value, 16) && !isKnownNonSecret(value)) spans.push([start, end]);
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => b[0] - a[0]);
  let out = text;
  let last = Infinity;
  for (const [s, e] of spans) {
    if (e > last) continue; // overlapping: the later span is already masked
    out = out.slice(0, s) + mask(text.slice(s, e)) + out.slice(e);
    last = s;
  }
  return out;
}
