/**
 * Free names of JavaScript expressions in MDX (estree from remark-mdx's acorn parse): the
 * identifiers an expression reads that nothing inside it declares (arrow and function parameters,
 * their local declarations, catch parameters, class names). Also the names a page's ESM
 * (`import`/`export`) declares. Kept small and conservative: when in doubt a name counts as
 * declared, never as free.
 */

interface EsNode {
  type: string;
  [key: string]: unknown;
}

const isNode = (v: unknown): v is EsNode => Boolean(v) && typeof v === 'object' && typeof (v as EsNode).type === 'string';
const SKIP_KEYS = new Set(['type', 'loc', 'range', 'start', 'end', 'comments', 'position', 'raw', 'regex', 'bigint']);

export interface FreeName {
  name: string;
  line: number;
  /** 0-based, as acorn gives it. */
  column: number;
}

/** Names bound by a pattern (`a`, `{a, b: c}`, `[a, ...rest]`, `a = 1`). */
export function patternNames(pattern: unknown, out: string[] = []): string[] {
  if (!isNode(pattern)) return out;
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern.name as string);
      break;
    case 'ObjectPattern':
      for (const p of pattern.properties as EsNode[]) patternNames(p.type === 'RestElement' ? p.argument : p.value, out);
      break;
    case 'ArrayPattern':
      for (const e of pattern.elements as unknown[]) patternNames(e, out);
      break;
    case 'RestElement':
      patternNames(pattern.argument, out);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left, out);
      break;
  }
  return out;
}

/** Names declared in a function body or program, not crossing into nested functions. */
function declaredIn(node: unknown, out: Set<string>): void {
  if (!isNode(node)) return;
  if (node.type === 'VariableDeclaration') {
    for (const d of node.declarations as EsNode[]) for (const n of patternNames(d.id)) out.add(n);
  } else if ((node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration') && isNode(node.id)) {
    out.add(node.id.name as string);
    if (node.type === 'FunctionDeclaration') return;
  } else if (node.type === 'CatchClause') {
    for (const n of patternNames(node.param)) out.add(n);
  } else if (node.type === 'ImportDeclaration') {
    for (const s of node.specifiers as EsNode[]) out.add((s.local as EsNode).name as string);
    return;
  }
  if (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') return;
  for (const [key, value] of Object.entries(node)) {
    if (SKIP_KEYS.has(key)) continue;
    if (Array.isArray(value)) value.forEach((v) => declaredIn(v, out));
    else if (isNode(value)) declaredIn(value, out);
  }
}

/** The free names of an estree Program (an MDX expression), in source order. */
export function freeNames(program: unknown): FreeName[] {
  const out: FreeName[] = [];
  const scopes: Array<Set<string>> = [];
  const bound = (name: string) => scopes.some((s) => s.has(name));
  const top = new Set<string>();
  declaredIn(program, top);
  scopes.push(top);

  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isNode(node)) return;
    switch (node.type) {
      case 'Identifier': {
        const name = node.name as string;
        if (!bound(name)) {
          const loc = node.loc as { start: { line: number; column: number } } | undefined;
          out.push({ name, line: loc?.start.line ?? 1, column: loc?.start.column ?? 0 });
        }
        return;
      }
      case 'UnaryExpression':
        // `typeof x` does not throw for an undefined x.
        if (node.operator === 'typeof' && isNode(node.argument) && node.argument.type === 'Identifier') return;
        visit(node.argument);
        return;
      case 'MemberExpression':
        visit(node.object);
        if (node.computed) visit(node.property);
        return;
      case 'Property':
      case 'PropertyDefinition':
      case 'MethodDefinition':
        if (node.computed) visit(node.key);
        visit(node.value);
        return;
      case 'LabeledStatement':
        visit(node.body);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const scope = new Set<string>(['arguments']);
        if (isNode(node.id)) scope.add(node.id.name as string);
        for (const p of node.params as unknown[]) for (const n of patternNames(p)) scope.add(n);
        declaredIn(node.body, scope);
        scopes.push(scope);
        // Default values of parameters are expressions too.
        for (const p of node.params as unknown[]) visitPatternDefaults(p);
        visit(node.body);
        scopes.pop();
        return;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const scope = new Set<string>(isNode(node.id) ? [node.id.name as string] : []);
        scopes.push(scope);
        visit(node.superClass);
        visit(node.body);
        scopes.pop();
        return;
      }
      case 'CatchClause': {
        scopes.push(new Set(patternNames(node.param)));
        visit(node.body);
        scopes.pop();
        return;
      }
      case 'VariableDeclarator':
        visitPatternDefaults(node.id);
        visit(node.init);
        return;
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
        return;
      case 'ExportNamedDeclaration':
        if (node.declaration) visit(node.declaration);
        else if (!node.source) for (const s of node.specifiers as EsNode[]) visit(s.local);
        return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (SKIP_KEYS.has(key)) continue;
      visit(value);
    }
  };
  const visitPatternDefaults = (pattern: unknown): void => {
    if (!isNode(pattern)) return;
    if (pattern.type === 'AssignmentPattern') {
      visitPatternDefaults(pattern.left);
      visit(pattern.right);
    } else if (pattern.type === 'ObjectPattern') {
      for (const p of pattern.properties as EsNode[]) {
        if (p.type === 'RestElement') visitPatternDefaults(p.argument);
        else {
          if (p.computed) visit(p.key);
          visitPatternDefaults(p.value);
        }
      }
    } else if (pattern.type === 'ArrayPattern') (pattern.elements as unknown[]).forEach(visitPatternDefaults);
    else if (pattern.type === 'RestElement') visitPatternDefaults(pattern.argument);
  };
  visit((program as EsNode | undefined)?.body);
  return out;
}

/** Names a page's ESM declares at its top: imports, exports, top-level declarations. */
export function esmNames(program: unknown): string[] {
  const out = new Set<string>();
  for (const statement of ((program as EsNode | undefined)?.body as EsNode[] | undefined) ?? []) {
    if (statement.type === 'ImportDeclaration') declaredIn(statement, out);
    else if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') {
      const d = statement.declaration as EsNode | undefined;
      if (d) declaredIn(d, out);
      if (d && (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && isNode(d.id)) out.add(d.id.name as string);
      for (const s of (statement.specifiers as EsNode[] | undefined) ?? []) if (isNode(s.local)) out.add(s.local.name as string);
    } else declaredIn(statement, out);
  }
  return [...out];
}
