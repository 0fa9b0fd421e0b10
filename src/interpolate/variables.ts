/** compose-go template.ExtractVariables (template/variables.go): the variables a model uses, for `config --variables`. */
import type { Tree } from '../yaml/located.js';
import { Scanner, firstBraceClosingIndex } from './template.js';
import { emptyRecord } from '../records.js';

/** Go zero values kept: '' means no default / no presence value. */
export interface TemplateVariable {
  name: string;
  defaultValue: string;
  presenceValue: string;
  required: boolean;
}

/** Variables used in every string value (not keys) of `tree`; a later use of a name wins. */
export function extractVariables(tree: Tree): Record<string, TemplateVariable> {
  const out: Record<string, TemplateVariable> = emptyRecord();
  const walk = (node: Tree): void => {
    if (typeof node === 'string') for (const v of extractFromString(node)) out[v.name] = v;
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') for (const k of Object.keys(node)) walk(node[k]);
  };
  walk(tree);
  return out;
}

/** Depth of defaults inside defaults followed (compose-go has no limit; real files never come near). */
const MAX_DEPTH = 100;

/**
 * The variables of one string, in compose-go's order (later entries win): the tail of a braced
 * expression (the text after its closing `}`, up to the line's last `}`) comes before the expression.
 * compose-go recurses into each tail; tails of one line all end where the outer match ends, so they are
 * scanned in place and the expressions waiting for their tail are kept on a stack.
 */
export function extractFromString(value: string, depth = 0): TemplateVariable[] {
  const values: TemplateVariable[] = [];
  const waiting: { end: number; vars: TemplateVariable[] }[] = [];
  const scanner = new Scanner(value);
  let m = scanner.next(0);
  while (m) {
    let next = m.end;
    if (!m.escaped) {
      let val = m.named;
      if (val === '') {
        val = m.braced;
        const i = firstBraceClosingIndex(value, m.start, m.end);
        if (i > m.start) [val, next] = [value.slice(m.start + 2, i), i + 1];
      }
      const vars = variableOf(val, depth);
      if (next < m.end) waiting.push({ end: m.end, vars });
      else values.push(...vars);
    }
    m = scanner.next(next);
    while (waiting.length > 0 && (!m || m.start >= waiting[waiting.length - 1].end))
      values.push(...waiting.pop()!.vars);
  }
  return values;
}

/** One expression's variable, then those of its default or presence value. */
function variableOf(val: string, depth: number): TemplateVariable[] {
  let name = val;
  let defaultValue = '';
  let presenceValue = '';
  let required = false;
  const i = val.search(/[^A-Za-z0-9_]/);
  if (i > 0) {
    name = val.slice(0, i);
    const rest = val.slice(i);
    if (rest.startsWith(':?') || rest.startsWith('?')) required = true;
    else if (rest.startsWith(':-')) defaultValue = rest.slice(2);
    else if (rest.startsWith('-')) defaultValue = rest.slice(1);
    else if (rest.startsWith(':+')) presenceValue = rest.slice(2);
    else if (rest.startsWith('+')) presenceValue = rest.slice(1);
  }
  const out = [{ name, defaultValue, presenceValue, required }];
  if (depth < MAX_DEPTH) {
    if (defaultValue !== '') out.push(...extractFromString(defaultValue, depth + 1));
    if (presenceValue !== '') out.push(...extractFromString(presenceValue, depth + 1));
  }
  return out;
}
