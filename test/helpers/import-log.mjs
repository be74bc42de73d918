// `node --import ./import-log.mjs ...` with IMPORT_LOG=FILE: appends every module the process
// loads to FILE, one URL or path a line (ES modules as they resolve, CommonJS and required ES
// modules from the require cache at exit). test/lazy-checks.test.ts reads it.
import fs from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.IMPORT_LOG;
if (log) {
  register(
    'data:text/javascript,' +
      encodeURIComponent(`
import fs from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  fs.appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');
  return resolved;
}`),
  );
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => fs.appendFileSync(log, Object.keys(cache).join('\n') + '\n'));
}
