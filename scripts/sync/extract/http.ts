import type * as TS from 'typescript';
import ts from './ts.js';
import type { Evaluator } from './evaluate.js';
import type { ConvexModule } from './modules.js';
import type { Project } from './project.js';
import { describe, type Registered, type Value } from './values.js';

/**
 * HTTP routes: the deployment reads them from the default export of the root module `http.js`,
 * which must be an `httpRouter()` (`http_analyze` in get-convex/convex-backend
 * `crates/isolate/src/environment/analyze.rs`), through the router's `getRoutes()`: exact paths
 * sorted by path then method, then prefix routes as `<pathPrefix>*` (`src/server/router.ts` in
 * get-convex/convex-js). Here the routes are the `router.route({path | pathPrefix, method,
 * handler})` calls on that router in `http.ts`; a router handed to other code (which may add
 * routes) is reported.
 */

export interface Route {
  method: string;
  path: string;
  handler?: Registered;
}

type Warn = (node: TS.Node, message: string, fn?: string) => void;

export function extractRoutes(project: Project, evaluator: Evaluator, modules: ConvexModule[], warn: Warn): Route[] {
  const module = modules.find((m) => m.modulePath === 'http.js');
  const sf = module && project.sourceFile(module.file);
  if (!sf) return [];
  const router = evaluator.exportOf(sf, 'default');
  if (!router) {
    warn(sf, 'http.js has no default export: Convex requires it to export an httpRouter() as default');
    return [];
  }
  if (router.kind !== 'router') {
    warn(router.kind === 'unknown' ? router.node : sf, `the default export of http.js is ${describe(router)}, not an httpRouter() the extractor can read; its routes are not listed`);
    return [];
  }
  const exact: Route[] = [];
  const prefix: Route[] = [];
  const sameRouter = (v: Value) => v.kind === 'router' && v.node === router.node;
  const visit = (node: TS.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'route' && sameRouter(evaluator.evaluate(callee.expression))) {
        const route = readRoute(evaluator, node, warn);
        if (route) (route.path.endsWith('*') ? prefix : exact).push(route);
      } else if (node.arguments.some((a) => ts.isIdentifier(a) && sameRouter(evaluator.evaluate(a)))) {
        warn(node, 'the router is passed to a function here, which may add routes the extractor does not see');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(router.node.getSourceFile());
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  exact.sort((a, b) => cmp(a.path, b.path) || cmp(a.method, b.method));
  prefix.sort((a, b) => cmp(a.method, b.method) || cmp(a.path, b.path));
  return [...exact, ...prefix];
}

function readRoute(evaluator: Evaluator, call: TS.CallExpression, warn: Warn): Route | undefined {
  const spec = call.arguments[0] ? evaluator.evaluate(call.arguments[0]) : undefined;
  if (spec?.kind !== 'object') {
    warn(spec?.kind === 'unknown' ? spec.node : call, `route not read: its spec is ${spec ? describe(spec) : 'missing'}`);
    return undefined;
  }
  const text = (key: string): string | undefined => {
    const v = spec.entries[key];
    return v?.kind === 'primitive' && typeof v.value === 'string' ? v.value : undefined;
  };
  const method = text('method');
  const exactPath = text('path');
  const pathPrefix = text('pathPrefix');
  if (!method || (!exactPath && !pathPrefix)) {
    warn(call, 'route not read: its method and path (or pathPrefix) are not string constants');
    return undefined;
  }
  const handler = spec.entries.handler;
  const route: Route = { method, path: exactPath ?? `${pathPrefix}*` };
  if (handler?.kind === 'registered') route.handler = handler;
  else warn(call, `route ${route.method} ${route.path}: handler is ${handler ? describe(handler) : 'missing'}, not an httpAction the extractor can read`, `${route.method} ${route.path}`);
  return route;
}
