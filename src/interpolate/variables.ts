/** compose-go template.ExtractVariables (template/variables.go): the variables a model uses, for `config --variables`. */
import type { Tree } from '../yaml/located.js';
import { TEMPLATE_SOURCE, firstBraceClosingIndex } from './template.js';

/** Go zero values kept: '' means no default / no presence value. */
export interface TemplateVariable {
  name: string;
  defaultValue: string;
  presenceValue: string;
  required: boolean;
}

const ALL = new RegExp(TEMPLATE_SOURCE, 'giu');

/** Variables used in every string value (not keys) of `tree`; a later use of a name wins. */
export function extractVariables(tree: Tree): Record<string, TemplateVariable> {
  const out: Record<string, TemplateVariable> = Object.create(null);
  const walk = (node: Tree): void => {
    if (typeof node === 'string') for (const v of extractFromString(node)) out[v.name] = v;
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') for (const k of Object.keys(node)) walk(node[k]);
  };
  walk(tree);
  return out;
}

/** The variables of one string, in compose-go's order (a braced expression's tail comes before it). */
export function extractFromString(value: string): TemplateVariable[] {
  const values: TemplateVariable[] = [];
  for (const m of value.matchAll(ALL)) {
    if (m[1]) continue;
    let val = m[2] || '';
    if (val === '') {
      val = m[3] || '';
      const s = m[0];
      const i = firstBraceClosingIndex(s);
      if (i > 0) {
        val = s.slice(2, i);
        values.push(...extractFromString(s.slice(i + 1)));
      }
    }
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
    values.push({ name, defaultValue, presenceValue, required });
    if (defaultValue !== '') values.push(...extractFromString(defaultValue));
    if (presenceValue !== '') values.push(...extractFromString(presenceValue));
  }
  return values;
}
