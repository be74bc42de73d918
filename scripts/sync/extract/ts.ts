import { createRequire } from 'node:module';
import type * as TS from 'typescript';

/**
 * The TypeScript compiler API, loaded with require(): importing the 9 MB CommonJS file from an ES
 * module makes Node scan it for export names first (~0.8 s of the extractor's run). Types come from
 * `import type * as TS from 'typescript'`.
 */
const ts = createRequire(import.meta.url)('typescript') as typeof TS;
export default ts;
