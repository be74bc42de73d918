import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { copyToTemp, REPO } from './cli.js';

export const GOOD_SITE = path.join(REPO, 'test', 'fixtures', 'good-site');

/** A temp copy of the good fixture site with `edits` applied (file → new text, or a function of the old). */
export function siteWith(edits: Record<string, string | ((old: string) => string) | null> = {}): string {
  const dir = copyToTemp(GOOD_SITE);
  for (const [file, edit] of Object.entries(edits)) {
    const abs = path.join(dir, file);
    if (edit === null) {
      fs.rmSync(abs, { recursive: true, force: true });
      continue;
    }
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const old = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : '';
    const next = typeof edit === 'function' ? edit(old) : edit;
    if (next === old && typeof edit === 'function') throw new Error(`edit of ${file} changed nothing`);
    fs.writeFileSync(abs, next);
  }
  return dir;
}

/** 1-based line of the first occurrence of `needle` in a file of `dir`. */
export function lineOf(dir: string, file: string, needle: string): number {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not in ${file}`);
  return text.slice(0, at).split('\n').length;
}

/** Every .mdx file under the given folders (absolute paths). */
export function mdxFiles(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.mdx')) out.push(p);
    }
  };
  for (const d of dirs) walk(d);
  return out;
}

/** A throwaway tree from file → text. */
export function tempTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connvo-tree-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Temp folders of one test file, removed after its tests: `track(dir)`, or `site(edits)` (a tracked siteWith). */
export function tempDirs(): { track(dir: string): string; site(edits?: Parameters<typeof siteWith>[0]): string } {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const track = (dir: string) => (dirs.push(dir), dir);
  return { track, site: (edits = {}) => track(siteWith(edits)) };
}
