import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/cli.js';

const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

describe('dependencies', () => {
  it('npm run lint:redocly and the check run one Redocly engine (the CLI bundles the openapi-core the check imports)', () => {
    const core = JSON.parse(read('node_modules/@redocly/openapi-core/package.json')).version;
    const bundled = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.js')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/"@redocly\/openapi-core":\s*"([^"]+)"/g)) bundled.add(m[1]);
      }
    };
    walk(path.join(REPO, 'node_modules/@redocly/cli/lib'));
    expect([...bundled]).toEqual([core]);
  });
});
