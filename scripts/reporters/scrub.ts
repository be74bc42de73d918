import type { Finding } from '../lib/finding.js';

/**
 * What every printed string goes through (reporters/index.ts wraps every format with it, the CLI
 * its stderr lines): the run's detected secrets masked, wherever and however a check or a
 * reporter quotes them, and control characters escaped visibly. The tree is untrusted and the
 * report lands in public CI logs: a file name with ESC/OSC/BEL sequences would retitle or clear a
 * terminal, a CR or newline would forge log lines, and a secret quoted by any check (a link
 * target, a code frame) would be published.
 */

/** C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a reader sees. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `\x1b`, `\n`, `\u202e`: the character as its escape, so it is seen and does nothing. */
function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Every control character of `text` escaped (newlines and tabs too: one finding, one line). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, visible);
}

/**
 * A reporter's whole output, as a last pass: a raw control character left in it came from the tree
 * through a path no field scrub saw (a code frame, a future reporter); the reporter's own
 * newlines, tabs and colour codes (SGR, `ESC [ n m`) are kept.
 */
function escapeOutputControls(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m|[\n\t]|[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (m) => (m.length > 1 || m === '\n' || m === '\t' ? m : visible(m)));
}

export const MASK = '*';

/** A secret's masked form: as many stars as characters, at most 12 (its length is not the point). */
function masked(secret: string): string {
  return MASK.repeat(Math.min(secret.length, 12));
}

/** Secrets shorter than this would mask ordinary words all over a report. */
const MIN_SECRET = 8;

export class Scrubber {
  private readonly secrets: string[];

  /** `secrets`: every secret the run detected anywhere (see secretsOf). */
  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const s of secrets) {
      const t = s.trim();
      if (t.length < MIN_SECRET) continue;
      // As printed raw, inside a JSON string, percent-encoded (a URL, GitHub's workflow commands).
      forms.add(t);
      forms.add(JSON.stringify(t).slice(1, -1));
      forms.add(encodeURIComponent(t));
      forms.add(t.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
      // As a parser reads it (`\|` in a Markdown table is `|` in the link it makes), and its random
      // core alone: a quoting that keeps the core, however the rest is changed, is masked.
      forms.add(t.replace(/\\(.)/g, '$1'));
      for (const core of t.match(/[A-Za-z0-9+/=_-]{16,}/g) ?? []) forms.add(core);
    }
    this.secrets = [...forms].sort((a, b) => b.length - a.length);
  }

  /** One printed string (a message, a file name, a source line): secrets masked, controls escaped. */
  text(value: string): string {
    return escapeControls(this.mask(value));
  }

  private mask(value: string): string {
    let out = value;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(masked(s));
    return out;
  }

  /** A finding with every string a reporter prints scrubbed. */
  finding(f: Finding): Finding {
    const { check, rule, message, file } = f;
    const clean = { check: this.text(check), rule: this.text(rule), message: this.text(message), file: this.text(file) };
    return clean.check === check && clean.rule === rule && clean.message === message && clean.file === file ? f : { ...f, ...clean };
  }

  /** A reporter's whole output: the last pass, whatever the reporter put in it. */
  output(text: string): string {
    return escapeOutputControls(this.mask(text));
  }
}
