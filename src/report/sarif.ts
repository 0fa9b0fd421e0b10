/**
 * SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer). Audit findings become results of their
 * rule; plain diagnostics (validation, load errors) become results of a rule named by their code.
 * A finding reported by several environments is one result listing them in `properties.environments`.
 *
 * `partialFingerprints` hash rule + file + model path, not the line, so an alert survives lines moving
 * above it; results that would share a hash (file-level diagnostics) get an occurrence number.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '../diagnostics.js';
import type { Category, RuleMeta } from '../audit/types.js';
import { rules as allRules, ruleById } from '../audit/rules/index.js';
import type { EnvironmentInfo, ReportItem } from './findings.js';
import { compareItems, environmentsOf, mergeEnvironments, ruleOf } from './findings.js';
import { sarifText, textLine } from './escape.js';
import { packageInfo } from '../version.js';
import { emptyRecord } from '../records.js';
import { ruleDocUrl, ruleDocsIndex, ruleDocsTemplate } from './rule-links.js';
import { addMarkupLater, memberValues, quotedValues } from '../redact/markup.js';
import { DIAGNOSTIC_CODES, addOwnCodes } from '../redact/codes.js';
import { DRIFT_IDS } from '../diff/drift.js';

const TOOL = 'compose-review';
const COLUMN_KIND = 'utf16CodeUnits';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel; enabled?: boolean };
  properties: { tags: string[]; precision?: string; 'security-severity'?: string };
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: SarifRegion };
  logicalLocations?: { fullyQualifiedName: string }[];
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'inSource' | 'external'; status: 'accepted'; justification?: string }[];
  properties?: { environments?: string[]; fix?: { description: string; yaml?: string }; partial?: boolean };
}

export interface SarifRun {
  tool: {
    driver: {
      name: string;
      version: string;
      semanticVersion: string;
      informationUri?: string;
      rules: SarifReportingDescriptor[];
    };
  };
  automationDetails?: { id: string };
  originalUriBaseIds?: Record<string, { uri: string }>;
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
  /** the environments audited: role, why (`roleSource`, `roleReason`), whether they loaded */
  properties?: { environments: Record<string, Record<string, unknown>> };
}

/** A string of the bundle in a property bag (SARIF viewers show them): one safe line, as message texts. */
const lineOf = (v: unknown): unknown => (typeof v === 'string' ? textLine(v) : Array.isArray(v) ? v.map(lineOf) : v);

/**
 * An environment's name as a key of the bags: one safe line whose backslashes are doubled first, so
 * that two names stay two keys (textLine shows a line break as `\n`, which a name may also spell).
 */
const envKey = (name: string): string => textLine(name.replaceAll('\\', '\\\\'));

/** The run's environments (names, files, role reasons are the bundle's) as safe lines. */
function environmentsBag(envs: Record<string, EnvironmentInfo>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(envs).map(([name, info]) => [
      envKey(name),
      Object.fromEntries(Object.entries(info).map(([k, v]) => [k, lineOf(v)])),
    ]),
  );
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifOptions {
  /** defaults to package.json's version */
  version?: string;
  /** defaults to package.json's homepage or repository */
  informationUri?: string;
  /**
   * the rule pages' URL template (`{id}` for the rule id; src/report/rule-links.ts): each audit rule's
   * `helpUri`; default COMPOSE_REVIEW_RULE_DOCS_URL, else the package's repository; `false`: none
   */
  docsBase?: string | false;
  /** the rule metadata to describe results with (default: every audit rule) */
  rules?: readonly RuleMeta[];
  /** absolute `file://` or `https://` URI (ending in `/`) that `%SRCROOT%` stands for */
  srcRoot?: string;
  /**
   * where results without a file (project-level diagnostics) are placed, at 1:1: code scanning
   * rejects the whole upload for a result without a physical location. Default: the first file any
   * result names, else `compose.yaml`.
   */
  fallbackFile?: string;
  /** code scanning category (`automationDetails.id`), to upload several analyses per commit */
  category?: string;
  /** the environments and their roles, in the run's properties */
  environments?: Record<string, EnvironmentInfo>;
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };
memberValues(['level'], Object.values(LEVEL)); // ours in the rendered SARIF (src/redact/markup.ts)
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', info: '2.0' };
const SECURITY: ReadonlySet<Category> = new Set([
  'privileges',
  'isolation',
  'filesystem',
  'resources',
  'network',
  'secrets',
  'images',
]);
const FINGERPRINT = 'composeReview/v1';

function defaultInformationUri(): string | undefined {
  const { homepage, repositoryUrl } = packageInfo();
  const uri = homepage ?? repositoryUrl?.replace(/^git\+/, '').replace(/\.git$/, '');
  return uri && /^https?:\/\//.test(uri) ? uri : undefined;
}

const pascal = (id: string): string =>
  id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

// ours in the rendered SARIF (src/redact/markup.ts): the tool's name, the run's column kind, each
// rule's and each diagnostic code's name, and the tags the descriptors are given
// drift's ids are codes without rule metadata too (a review's SARIF lists its drift risks)
addOwnCodes(DRIFT_IDS);
memberValues(
  ['name'],
  [TOOL, ...allRules.map((r) => pascal(r.meta.id)), ...[...DIAGNOSTIC_CODES, ...DRIFT_IDS].map(pascal)],
);
memberValues(['columnKind'], [COLUMN_KIND]);
addMarkupLater(() => {
  const uri = defaultInformationUri();
  return uri ? [`"informationUri": ${JSON.stringify(uri)}`] : [];
});
quotedValues([...allRules.map((r) => r.meta.category), 'security', 'correctness']);
const sentence = (id: string): string => {
  const s = id.replace(/[-_]+/g, ' ').trim();
  return s[0].toUpperCase() + s.slice(1);
};
const plain = (md: string): string => md.replace(/`/g, '');

/** Bundle paths are relative and `/`-separated already; only the characters a URI cannot hold are encoded. */
export const artifactUri = (file: string): string =>
  file.replace(/\\/g, '/').replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/');

export function fingerprint(d: ReportItem): string {
  return createHash('sha256')
    .update(`${ruleOf(d)}\0${d.file}\0${d.path}`)
    .digest('hex')
    .slice(0, 32);
}

function references(m: RuleMeta, md: boolean): string[] {
  const r = m.references;
  const code = (s: string): string => (md ? `\`${s}\`` : s);
  const cwe = r.cwe && /^CWE-(\d+)$/.exec(r.cwe);
  const cweUri = cwe ? `https://cwe.mitre.org/data/definitions/${cwe[1]}.html` : '';
  return [
    r.cis && `CIS Docker Benchmark ${r.cis}`,
    ...(r.kics ?? []).map((k) => `KICS ${code(k)}`),
    r.semgrep && `Semgrep ${code(r.semgrep)}`,
    r.dclint && `dclint ${code(r.dclint)}`,
    cwe ? (md ? `[${r.cwe}](${cweUri})` : `${r.cwe} (${cweUri})`) : r.cwe,
  ].filter((s): s is string => typeof s === 'string' && s !== '');
}

function ruleDescriptor(
  m: RuleMeta,
  example: string | undefined,
  docsBase: string | false | undefined,
): SarifReportingDescriptor {
  const security = SECURITY.has(m.category) || m.references.cwe !== undefined;
  const help = (md: boolean): string => {
    const refs = references(m, md);
    const yaml = example?.replace(/\n$/, '');
    return [
      md ? `**${m.title}**` : m.title,
      md ? m.description : plain(m.description),
      md ? `**Fix:** ${m.fix}` : `Fix: ${plain(m.fix)}`,
      yaml && (md ? `For example:\n\n\`\`\`yaml\n${yaml}\n\`\`\`` : `For example:\n\n${yaml}`),
      refs.length ? `References: ${refs.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('\n\n');
  };
  const tags = [
    m.category,
    ...(security ? ['security'] : []),
    ...(m.references.cwe ? [`external/cwe/${m.references.cwe.toLowerCase()}`] : []),
  ];
  const d: SarifReportingDescriptor = {
    id: m.id,
    name: pascal(m.id),
    shortDescription: { text: m.title },
    fullDescription: { text: plain(m.description) },
    help: { text: help(false), markdown: help(true) },
    defaultConfiguration: { level: LEVEL[m.severity], ...(m.defaultOff ? { enabled: false } : {}) },
    properties: { tags, precision: 'high' },
  };
  // every rule of the registry has a page (docs/rules/); a library user's own rule has none
  const helpUri = ruleById(m.id) && ruleDocUrl(m.id, docsBase);
  if (helpUri) d.helpUri = helpUri;
  if (security) d.properties['security-severity'] = SECURITY_SEVERITY[m.severity];
  return d;
}

/** A diagnostic code without rule metadata (validation, load, policy errors). */
function codeDescriptor(code: string, severity: Severity, hint: string | undefined): SarifReportingDescriptor {
  const text = `${sentence(code)} (compose-review diagnostic \`${code}\`).`;
  const help = hint ? `${text}\n\n**Fix:** ${hint}` : text;
  return {
    id: code,
    name: pascal(code),
    shortDescription: { text: sentence(code) },
    fullDescription: { text: plain(text) },
    help: { text: plain(help), markdown: help },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: [code.split('-')[0], 'correctness'] },
  };
}

function location(d: ReportItem, fallbackFile: string): SarifLocation[] {
  const region: SarifRegion = {
    startLine: d.file ? Math.max(1, d.line) : 1,
    startColumn: d.file ? Math.max(1, d.column) : 1,
  };
  if (d.file && d.endLine !== undefined && d.endLine >= region.startLine) region.endLine = d.endLine;
  if (
    d.file &&
    d.endColumn !== undefined &&
    ((region.endLine ?? region.startLine) > region.startLine || d.endColumn > region.startColumn)
  )
    region.endColumn = d.endColumn;
  const loc: SarifLocation = {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(d.file || fallbackFile), uriBaseId: '%SRCROOT%' },
      region,
    },
  };
  // a model path holds bundle keys: one line, controls and bidirectional characters shown as escapes
  if (d.path) loc.logicalLocations = [{ fullyQualifiedName: textLine(d.path) }];
  return [loc];
}

/** The SARIF log (an object: `JSON.stringify` it, or use `formatSarifJson`). */
export function formatSarif(list: readonly ReportItem[], opts: SarifOptions = {}): SarifLog {
  const metas = new Map((opts.rules ?? allRules.map((r) => r.meta)).map((m) => [m.id, m]));
  const items = mergeEnvironments(list).sort(compareItems);
  const descriptors: SarifReportingDescriptor[] = [];
  const index = emptyRecord<number>();
  // audit rules in catalog order first, then diagnostic codes as they come
  const order = new Map([...metas.keys()].map((id, i) => [id, i]));
  const rank = (id: string): number => order.get(id) ?? metas.size;
  const firstOf = new Map<string, ReportItem>();
  for (const d of items) if (!firstOf.has(ruleOf(d))) firstOf.set(ruleOf(d), d);
  const ids = [...firstOf].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  // the rule pages' template read once a report, not once a rule (it reads the process environment)
  const docs = ruleDocsTemplate(opts.docsBase) ?? false;
  for (const [id, first] of ids) {
    const m = metas.get(id);
    index[id] = descriptors.length;
    descriptors.push(
      m
        ? ruleDescriptor(m, items.find((d) => ruleOf(d) === id && d.fix?.yaml)?.fix?.yaml, docs)
        : codeDescriptor(id, first.severity, first.hint),
    );
  }
  const fallbackFile = opts.fallbackFile ?? items.find((d) => d.file)?.file ?? 'compose.yaml';
  const seen = new Map<string, number>();
  const results = items.map((d): SarifResult => {
    const hash = fingerprint(d);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    const r: SarifResult = {
      ruleId: ruleOf(d),
      ruleIndex: index[ruleOf(d)],
      level: LEVEL[d.severity],
      message: { text: sarifText(d.message) },
      locations: location(d, fallbackFile),
      partialFingerprints: { [FINGERPRINT]: n === 1 ? hash : `${hash}:${n}` },
    };
    if (d.suppressed) {
      const { by, reason } = d.suppressed;
      r.suppressions = [
        {
          kind: by === 'config' || by === 'baseline' ? 'external' : 'inSource',
          status: 'accepted',
          ...(reason ? { justification: textLine(reason) } : {}),
        },
      ];
    }
    const envs = environmentsOf(d);
    const fix = d.fix ? { description: d.fix.description, ...(d.fix.yaml ? { yaml: d.fix.yaml } : {}) } : undefined;
    if (envs.length || fix || d.partial)
      r.properties = {
        ...(envs.length ? { environments: envs.map(envKey) } : {}),
        ...(fix ? { fix } : {}),
        ...(d.partial ? { partial: true } : {}),
      };
    return r;
  });
  const version = opts.version ?? packageInfo().version;
  const informationUri = opts.informationUri ?? ruleDocsIndex(opts.docsBase) ?? defaultInformationUri();
  const run: SarifRun = {
    tool: {
      driver: {
        name: TOOL,
        version,
        semanticVersion: version,
        ...(informationUri ? { informationUri } : {}),
        rules: descriptors,
      },
    },
    columnKind: COLUMN_KIND,
    results,
  };
  if (opts.category) run.automationDetails = { id: `${opts.category.replace(/\/$/, '')}/` };
  if (opts.environments) run.properties = { environments: environmentsBag(opts.environments) };
  if (opts.srcRoot)
    run.originalUriBaseIds = { '%SRCROOT%': { uri: opts.srcRoot.endsWith('/') ? opts.srcRoot : `${opts.srcRoot}/` } };
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
}

export const formatSarifJson = (list: readonly ReportItem[], opts: SarifOptions = {}): string =>
  JSON.stringify(formatSarif(list, opts), null, 2) + '\n';
