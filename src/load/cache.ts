/** The parse of a request's files, shared by all its environments, and the budgets a load works under. */
import { parseYaml, type ParsedYaml, type TagMark, type YamlLimits } from '../yaml/parse.js';
import { budgets as withDefaults, type Budgets } from '../limits.js';
import type { Bundle } from '../bundle/bundle.js';
import type { LoadOptions } from './types.js';

/** Parse each file of a request once, whatever the number of environments using it. */
export class ParseCache {
  private readonly parsed = new Map<string, ParsedYaml>();
  private readonly fileMarks = new Map<string, TagMark[]>();
  constructor(
    readonly bundle: Bundle,
    readonly limits: Partial<Budgets> | Partial<YamlLimits> = {},
  ) {}
  get(path: string): ParsedYaml | undefined {
    let p = this.parsed.get(path);
    if (!p && Object.hasOwn(this.bundle.files, path)) {
      p = parseYaml(this.bundle.files[path], path, this.limits);
      this.parsed.set(path, p);
    }
    return p;
  }
  /** All the !reset / !override marks of a file (one array per file, so that they are compiled once). */
  marks(path: string): TagMark[] {
    let m = this.fileMarks.get(path);
    if (!m) {
      m = this.get(path)?.documents.flatMap((d) => d.marks) ?? [];
      this.fileMarks.set(path, m);
    }
    return m;
  }
  files(): string[] {
    return [...this.parsed.keys()];
  }
  private readonly lineCounts = new Map<string, number>();
  /** Lines of a bundle file (env and label files are read once per service: their size is counted each time). */
  lines(path: string): number {
    let n = this.lineCounts.get(path);
    if (n === undefined) {
      const text = Object.hasOwn(this.bundle.files, path) ? this.bundle.files[path] : '';
      n = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
      this.lineCounts.set(path, n);
    }
    return n;
  }
}

/** The budgets a load works under: `budgets`, then the former `yamlLimits` names, then the defaults. */
export function loadBudgets(options: Pick<LoadOptions, 'budgets' | 'yamlLimits'>): Budgets {
  const y = options.yamlLimits;
  return withDefaults({
    ...(y
      ? {
          fileBytes: y.maxFileBytes,
          yamlDepth: y.maxDepth,
          yamlNodes: y.maxNodes,
          aliasNodes: y.maxNodes,
          yamlAliases: y.maxAliases,
        }
      : {}),
    ...options.budgets,
  });
}
