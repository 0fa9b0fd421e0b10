/** The parse of a request's files, shared by all its environments, and the budgets a load works under. */
import { parseYaml, type ParsedYaml, type TagMark, type YamlLimits } from '../yaml/parse.js';
import { budgets as withDefaults, type Budgets } from '../limits.js';
import type { Bundle } from '../bundle/bundle.js';
import type { Diagnostic, Location } from '../diagnostics.js';
import type { TreeObject } from '../yaml/located.js';
import type { Definition } from './context.js';
import type { LoadOptions } from './types.js';

/**
 * What loading an environment's first file into the empty model made and did (see files.ts
 * sharedFirstFile): the model, never handed out (each use gets a copy), and what the load added to
 * the environment's diagnostics, versions, resource definitions and budgets.
 */
export interface FirstLoad {
  model: TreeObject;
  diagnostics: Diagnostic[];
  versions: Location[];
  definitions: Definition[];
  fileLoads: number;
  copiedNodes: number;
  ports: number;
  interpolation: number;
}

/** Parse each file of a request once, whatever the number of environments using it. */
export class ParseCache {
  /**
   * Nodes copied into the models of all the environments loading through this cache (one bundle's):
   * the copiedNodes budget bounds them together, as every environment's model is audited
   */
  copiedNodes = 0;
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
  /**
   * First-file loads by load options (the same object: loadBundle gives every environment one) and
   * by what else decides the load (files.ts firstLoadKey).
   */
  private readonly firstLoads = new Map<LoadOptions, Map<string, FirstLoad>>();
  /** The kept load; `last`: the caller takes its model (the load is forgotten). */
  firstLoad(options: LoadOptions, key: string, last: boolean): FirstLoad | undefined {
    const byKey = this.firstLoads.get(options);
    const load = byKey?.get(key);
    if (last) byKey?.delete(key);
    return load;
  }
  keepFirstLoad(options: LoadOptions, key: string, load: FirstLoad): void {
    let byKey = this.firstLoads.get(options);
    if (!byKey) this.firstLoads.set(options, (byKey = new Map<string, FirstLoad>()));
    byKey.set(key, load);
  }
  /** by file: how many environments are still to load it first (see expectFirstFiles) */
  private readonly firstUses = new Map<string, number>();
  /** Says which file each environment to load loads first (loadBundle), so a first-file load is kept only for a later one. */
  expectFirstFiles(files: readonly string[]): void {
    for (const f of files) this.firstUses.set(f, (this.firstUses.get(f) ?? 0) + 1);
  }
  /** One environment loads `file` first: how many expected ones are still to (negative when none was expected). */
  firstUse(file: string): number {
    const n = (this.firstUses.get(file) ?? 0) - 1;
    this.firstUses.set(file, n);
    return n;
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
