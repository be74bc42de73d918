import { pointerOf } from './locate.js';

export interface NavEntry {
  /** Route as written in mint.json, e.g. docs/quickstart */
  page: string;
  /** JSON pointer of the entry inside mint.json. */
  pointer: string;
  group?: string;
}

/** Every page route in mint.json's `navigation` (groups nest), with where it is written. */
export function navigationEntries(config: Record<string, unknown>): NavEntry[] {
  const out: NavEntry[] = [];
  const walk = (node: unknown, path: Array<string | number>, group?: string) => {
    if (typeof node === 'string') {
      out.push({ page: node.replace(/^\//, ''), pointer: pointerOf(...path), group });
    } else if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, [...path, i], group));
    } else if (node && typeof node === 'object' && Array.isArray((node as { pages?: unknown }).pages)) {
      const g = (node as { group?: unknown }).group;
      walk((node as { pages: unknown[] }).pages, [...path, 'pages'], typeof g === 'string' ? g : group);
    }
  };
  walk(config.navigation, ['navigation']);
  return out;
}
