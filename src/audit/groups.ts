/**
 * Findings as a reader wants them: one group per rule and source location, naming every service and
 * environment it covers (160 `depends_on` findings that come from 4 lines of one anchor are 4
 * groups), and one project-level group per rule that is about a setting every service should have
 * ("0 of 45 services drop capabilities"). `findings[]` keeps one entry per service and location
 * (CI consumers, fingerprints and baselines rely on it); text, markdown and the `groups[]` of the JSON
 * answers are made from these groups.
 */
import type { Diagnostic, Location, Severity } from '../diagnostics.js';
import { SEVERITY_RANK, lineColumn } from '../diagnostics.js';
import type { RuleMeta } from './types.js';
import { ruleById } from './rules/index.js';
import { nameList } from './model.js';
import { PendingFinding, snippetOf } from './pending.js';
import { capFindings } from '../limits.js';
import { serviceOf, servicePath } from './service-path.js';
import { emptyRecord } from '../records.js';
import {
  addEnvironments,
  addMember,
  environmentsOfMembers,
  envsOf,
  isSame,
  newMembers,
  sameFinding,
  type Members,
} from './members.js';

export { nameList, serviceOf, servicePath };

/** What grouping reads of a finding (a Finding, or one merged across environments). */
export interface GroupableFinding extends Location {
  rule?: string;
  code: string;
  severity: Severity;
  message: string;
  path: string;
  environment?: string;
  environments?: string[];
  fix?: { description: string; yaml?: string };
  hint?: string;
  related?: (Location & { message?: string })[];
  suppressed?: unknown;
  partial?: boolean;
}

export interface FindingGroup extends Location {
  rule: string;
  severity: Severity;
  /** the model path of the first finding (`services.web.environment.SECRET_KEY`) */
  path: string;
  message: string;
  /** `location`: one source location; `project`: a setting every service should have, over the project */
  scope: 'location' | 'project';
  services: string[];
  environments: string[];
  /** the entries of findings[] it covers */
  count: number;
  fix?: { description: string; yaml?: string };
  /** the first finding's second locations (an env file line, an alias) */
  related?: (Location & { message?: string })[];
  /** from files audited on their own because their environment did not load */
  partial?: boolean;
}

export interface GroupOptions {
  /**
   * the findings of several environments: those of one rule, place and path are one finding
   * counted once, as `mergeEnvironments` (src/report/findings.ts) makes them, without copying them
   */
  merge?: boolean;
  /** services per environment: "N of M services" (default: the services the findings name) */
  serviceCounts?: Record<string, number>;
  /** rule metadata by id (default: the registry) */
  meta?: (id: string) => RuleMeta | undefined;
}

const ruleOf = (f: GroupableFinding): string => f.rule ?? f.code;

/**
 * The service of a finding's path: a pending finding of a service rule knows it (its path is
 * `services.<service>...` as formatPath writes it, which serviceOf reads back), without a path made
 * for each of 100,000 findings grouped.
 */
const serviceOfFinding = (f: GroupableFinding): string | undefined =>
  f instanceof PendingFinding && f.service !== undefined ? f.service : serviceOf(f.path);

function projectMessage(meta: RuleMeta, g: FindingGroup, total: number): string {
  const done = Math.max(0, total - g.services.length);
  return done === 0
    ? `none of the ${total} services ${meta.summary}: ${nameList(g.services)}`
    : `${done} of ${total} services ${meta.summary}; not ${nameList(g.services)}`;
}

/** The first service's message (its path `path`), saying how many more it covers: `service "web" (and 31 more) …`. */
function locationMessage(first: GroupableFinding, path: string, services: readonly string[]): string {
  const message = first.message;
  if (services.length < 2) return message;
  const svc = serviceOf(path);
  if (svc === undefined) return message;
  const quoted = `service "${svc}"`;
  const i = message.indexOf(quoted);
  const more = ` (and ${services.length - 1} more)`;
  return i < 0
    ? `${message}${more}`
    : `${message.slice(0, i + quoted.length)}${more}${message.slice(i + quoted.length)}`;
}

/**
 * Active findings in groups, in report order (file, line, column, rule). Linear in the findings: a
 * group over n services (n services sharing one anchored problem) keeps its services and
 * environments in sets beside the lists it answers with.
 */
export function groupFindings(list: readonly GroupableFinding[], options: GroupOptions = {}): FindingGroup[] {
  return groupsOf(list, options).map((e) => {
    finish(e, options);
    return withSnippet(e);
  });
}

/**
 * A group's fix snippet, from its first finding: made for the groups an answer keeps only (a service
 * fix makes its YAML when read, and 10,000 privileged services are 10,000 groups of which an answer
 * keeps at most the `findings` budget). A project-wide group's fix is the description alone: the first
 * service's snippet would fix one service of many.
 */
function withSnippet({ group, first, summarized, varies }: Grouped): FindingGroup {
  const yaml = group.fix && !summarized && !varies ? first.fix?.yaml : undefined;
  if (group.fix && yaml) group.fix.yaml = yaml;
  return group;
}

/**
 * A group's path and message, from its first finding and what it covers: made for the groups an
 * answer keeps (10,000 services with a finding of their own each are 10,000 groups of a rule, and
 * each path and message made was a string of a group the budget drops).
 */
function finish(e: Grouped, options: GroupOptions): FindingGroup {
  const { group: g, first, summarized } = e;
  if (e.finished) return g;
  e.finished = true;
  g.path = e.firstPath ?? first.path;
  const m = summarized ? metaOf(options)(g.rule) : undefined;
  if (m) {
    let total = g.services.length;
    for (const env of g.environments) total = Math.max(total, options.serviceCounts?.[env] ?? 0);
    g.message = projectMessage(m, g, total);
  } else g.message = locationMessage(first, g.path, g.services);
  return g;
}

/** Rule metadata by id: the options' or the registry's. */
const metaOf = (options: GroupOptions): ((id: string) => RuleMeta | undefined) =>
  options.meta ?? ((id: string) => ruleById(id)?.meta);

/** A group, its first finding, and whether its message speaks for the whole project. */
interface Grouped {
  group: FindingGroup;
  first: GroupableFinding;
  summarized: boolean;
  /** its path and message are written (finish) */
  finished?: boolean;
  varies?: boolean; // its findings' snippets differ (another environment's ports): it shows none
  firstPath?: string; // the first finding's path, when grouping read it
}

/** The groups of one rule: its one project-wide group, or its groups by file, then line and column. */
interface RuleGroups<E> {
  scope: 'location' | 'project';
  project?: E;
  places?: Map<string, Map<number | string, E>>;
}

/** The groups of `list` in report order, each with its first finding, their fixes without a snippet yet. */
function groupsOf(list: readonly GroupableFinding[], options: GroupOptions): Grouped[] {
  const meta = metaOf(options);
  interface Entry {
    group: FindingGroup;
    first: GroupableFinding;
    // made when a list grows past SMALL: most groups are one place of one service (a Set each was
    // 20,000 Sets for 10,000 privileged services, 15 MB at once in a worker's heap)
    services?: Set<string>;
    environments?: Set<string>;
    /**
     * with `merge`, once a second finding joins the group: its findings by path, each with its own
     * environments (the group's are theirs in the order mergeEnvironments lists them)
     */
    members?: Members;
    varies?: boolean;
    firstPath?: string; // read once when merging needs it (a pending finding writes its path each time it is read)
  }
  const SMALL = 16;
  /** `item` pushed to `list` unless there; `set` indexes a list past SMALL items (returned, made when needed). */
  const addNew = (list: string[], set: Set<string> | undefined, item: string): Set<string> | undefined => {
    if (set) {
      if (!set.has(item)) {
        set.add(item);
        list.push(item);
      }
      return set;
    }
    if (list.includes(item)) return undefined;
    list.push(item);
    return list.length > SMALL ? new Set(list) : undefined;
  };
  /** `f`'s environments added to its group's (no list made for the one of a finding). */
  const addEnvironmentsOf = (entry: Entry, f: GroupableFinding): void => {
    const g = entry.group;
    if (f.environments)
      for (const e of f.environments) entry.environments = addNew(g.environments, entry.environments, e);
    else if (f.environment !== undefined)
      entry.environments = addNew(g.environments, entry.environments, f.environment);
  };
  const merge = options.merge === true;
  // by rule, then (for a rule about one place) by file and line and column as one number: no key
  // string joined for each of 100,000 findings
  const byRule = new Map<string, RuleGroups<Entry>>();
  const entries: Entry[] = [];
  for (const f of list) {
    if (f.suppressed) continue;
    const rule = ruleOf(f);
    let r = byRule.get(rule);
    if (!r) byRule.set(rule, (r = { scope: meta(rule)?.scope === 'project' ? 'project' : 'location' }));
    const scope = r.scope;
    let places: Map<number | string, Entry> | undefined;
    let at: number | string = 0;
    if (scope === 'location') {
      r.places ??= new Map();
      places = r.places.get(f.file);
      if (!places) r.places.set(f.file, (places = new Map<number | string, Entry>()));
      at = lineColumn(f);
    }
    let entry = places ? places.get(at) : r.project;
    if (!entry) {
      const service = serviceOfFinding(f);
      const group: FindingGroup = {
        rule,
        severity: f.severity,
        file: f.file,
        line: f.line,
        column: f.column,
        // the first finding's, written with the message for a group an answer keeps (finish): its place among the keys here
        path: '',
        // written when the group is complete (locationMessage, projectMessage): its place among the keys here
        message: '',
        scope,
        // made with their first item: `[]` pushed to takes room for 17 (for a group of one service, most of them)
        services: service === undefined ? [] : [service],
        environments: envsOf(f).slice(0, 1),
        count: 1,
      };
      if (f.endLine !== undefined) group.endLine = f.endLine;
      if (f.endColumn !== undefined) group.endColumn = f.endColumn;
      const fix = (f instanceof PendingFinding ? f.fixDescription() : f.fix?.description) ?? f.hint;
      // the snippet is added to the groups kept (withSnippet), in this same object: its place among the keys stays
      if (fix) group.fix = { description: fix };
      if (f.related?.length) group.related = f.related;
      if (f.partial) group.partial = true;
      entry = { group, first: f };
      if (places) places.set(at, entry);
      else r.project = entry;
      entries.push(entry);
      addEnvironmentsOf(entry, f);
      continue;
    }
    const g = entry.group;
    entry.varies ||= snippetOf(entry.first) !== snippetOf(f);
    // partial only while every finding of it comes from a file audited on its own
    if (g.partial && !f.partial) delete g.partial;
    if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[g.severity]) g.severity = f.severity;
    const path = merge ? f.path : ''; // read once
    if (merge) {
      // one finding of several environments (the same rule, place and path) is one entry of the group
      if (!entry.members && isSame(entry.first, (entry.firstPath ??= entry.first.path), f, path)) {
        addEnvironmentsOf(entry, f);
        continue;
      }
      const same = entry.members && sameFinding(entry.members, f, path);
      if (same) {
        addEnvironments(same.environments, f);
        continue;
      }
    }
    g.count++;
    const service = serviceOfFinding(f);
    if (service !== undefined) entry.services = addNew(g.services, entry.services, service);
    if (!merge) {
      addEnvironmentsOf(entry, f);
      continue;
    }
    entry.members ??= newMembers({
      f: entry.first,
      path: entry.firstPath ?? entry.first.path,
      environments: [...g.environments],
    });
    addMember(entry.members, { f, path, environments: addEnvironments([], f) });
  }
  const out: Grouped[] = [];
  for (const { group: g, first, members, varies, firstPath } of entries) {
    if (members) g.environments = environmentsOfMembers(members);
    const summarized = g.scope === 'project' && Boolean(meta(g.rule)?.summary);
    out.push({ group: g, first, summarized, varies, firstPath });
  }
  return out.sort((a, b) => compareGroups(a.group, b.group));
}

/** Report order: file, line, column, rule. */
export const compareGroups = (a: FindingGroup, b: FindingGroup): number =>
  (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
  a.line - b.line ||
  a.column - b.column ||
  (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);

/**
 * The groups a report shows: without `given`, every item of `list` grouped; with it (an answer's
 * groups, made before its findings were capped), those, and the plain diagnostics of `list` (no
 * rule) as groups of their own.
 */
export function reportGroups(
  list: readonly GroupableFinding[],
  given: readonly FindingGroup[] | undefined,
  options: GroupOptions = {},
): FindingGroup[] {
  if (!given) return groupFindings(list, options);
  const out = [...given];
  for (const g of groupFindings(
    list.filter((d) => d.rule === undefined),
    options,
  ))
    out.push(g);
  return out.sort(compareGroups);
}

/**
 * The groups of an answer: every active finding grouped, before the answer's `findings` cap (a group
 * names every service and environment it covers, and "N of M services" counts them all), then the
 * groups themselves capped to the same budget, the most severe kept, with a `finding-limit`
 * diagnostic for the groups left out. Text, markdown and the annotations are rendered from these.
 */
export function answerGroups(
  findings: readonly GroupableFinding[],
  max: number,
  options: GroupOptions = {},
): { groups: FindingGroup[]; limit?: Diagnostic } {
  const all = groupsOf(findings, options);
  const entries = new Map(all.map((e) => [e.group, e]));
  // the path of a group left out only for the `finding-limit` placed at the first of them
  const pathOf = (g: FindingGroup): string => {
    const e = entries.get(g);
    return e ? finish(e, options).path : g.path;
  };
  const capped = capFindings(
    all.map((e) => e.group),
    max,
    'finding groups',
    pathOf,
  );
  // the paths, messages and snippets of the groups kept (capping keeps the group objects themselves)
  for (const g of capped.kept) {
    const e = entries.get(g);
    if (!e) continue;
    finish(e, options);
    withSnippet(e);
  }
  return capped.limit ? { groups: capped.kept, limit: capped.limit } : { groups: capped.kept };
}

/** Services per environment of loaded models, for "N of M services". */
export function serviceCounts(
  environments: Record<string, { model?: { services?: unknown } }>,
): Record<string, number> {
  const out = emptyRecord<number>();
  for (const [name, e] of Object.entries(environments)) {
    const s = e.model?.services;
    if (typeof s === 'object' && s !== null && !Array.isArray(s)) out[name] = Object.keys(s).length;
  }
  return out;
}
