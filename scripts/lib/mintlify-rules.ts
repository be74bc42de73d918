import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Mintlify's own rules for which files of a docs folder are ignored, pages or snippets (and a page's default title), called
 * rather than re-implemented. They are loaded from their modules inside @mintlify/common (pinned
 * with mintlify) because the package's index imports all of Mintlify's MDX and OpenAPI tooling
 * (~1.3 s of start-up) while these three modules import next to nothing.
 */
const require = createRequire(import.meta.url);
const distDir = path.dirname(require.resolve('@mintlify/common'));
const load = (file: string) => import(pathToFileURL(path.join(distDir, file)).href);

const [ignoreRules, categoryRules, importRules, titleRules] = await Promise.all([load('mintIgnore.js'), load('getFileCategory.js'), load('mdx/snippets/resolveImportPath.js'), load('slug/slugToTitle.js')]);

export interface MintIgnoreMatcher {
  ignores(p: string): boolean;
}

/** Mintlify's default ignores (node_modules, .git, README.md, ...) plus a `.mintignore`'s lines. */
export const createMintIgnoreMatcher: (globs: string[]) => MintIgnoreMatcher = ignoreRules.createMintIgnoreMatcher;
export const processMintIgnoreString: (text: string) => string[] = ignoreRules.processMintIgnoreString;
export const isMintIgnoredBy: (filePath: string, matcher: MintIgnoreMatcher, isDirectory?: boolean) => boolean = ignoreRules.isMintIgnoredBy;

/** 'page', 'snippet', 'snippet-v2', 'mintConfig', 'docsConfig', ... or null (a README.md, say). */
export const getFileCategory: (filePath: string, options?: { importedFiles?: Set<string> }) => string | null = categoryRules.getFileCategory;

/** An MDX import source resolved against the importing file ('/snippets/x.mdx'), or null for a package. */
export const resolveImportPath: (source: string, importingFilePath: string) => string | null = importRules.resolveImportPath;

/** The title Mintlify gives a page without one: its file name, dashes and underscores as spaces, first letter capitalised. */
export const slugToTitle: (slug: string) => string = titleRules.slugToTitle;
