/**
 * Test helpers for the audit rules: canonical-model YAML snippets parsed with the project's parser
 * (so locations are real), and an ESLint-RuleTester-like table runner for valid/invalid cases.
 */
import t from 'tap';
import { parseYaml } from '../../src/yaml/parse.js';
import type { TreeObject } from '../../src/yaml/located.js';
import type { Severity } from '../../src/diagnostics.js';
import { auditModel } from '../../src/audit/run.js';
import type { AuditContext, AuditPolicy, Finding, Role, Rule } from '../../src/audit/types.js';

/** Strips the common indentation of a template literal, so snippets can be indented in tests. */
export function y(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function model(text: string, file = 'compose.yaml'): TreeObject {
  const parsed = parseYaml(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error'))
    throw new Error(`bad test YAML: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  return (parsed.documents[0]?.tree ?? {}) as TreeObject;
}

export interface CaseOptions {
  role?: Role;
  environment?: string;
  /** raw files; defaults to the snippet itself as compose.yaml */
  files?: Record<string, string>;
  development?: string;
  workingDir?: string;
  policy?: AuditPolicy;
}

export function context(text: string, o: CaseOptions = {}): AuditContext {
  const ctx: AuditContext = {
    environment: o.environment ?? 'prod',
    role: o.role ?? 'production',
    model: model(text),
    files: o.files ?? { 'compose.yaml': text },
  };
  if (o.development) ctx.development = { environment: 'dev', model: model(o.development, 'compose.dev.yaml') };
  if (o.workingDir !== undefined) ctx.workingDir = o.workingDir;
  return ctx;
}

/** Runs one rule (turned on even when off by default). */
export function run(rule: Rule, text: string, o: CaseOptions = {}): { findings: Finding[]; suppressed: Finding[] } {
  // only default-off rules get a policy level: a level would flatten per-finding severities
  const policy: AuditPolicy = rule.meta.defaultOff
    ? { ...o.policy, rules: { [rule.meta.id]: rule.meta.severity, ...o.policy?.rules } }
    : { ...o.policy };
  return auditModel(context(text, o), { rules: [rule], policy });
}

export interface Expected {
  line: number;
  /** the column the finding points at: the key of a mapping entry, the item of a sequence, the start
   * of the nearest node that exists when the rule is about a missing key */
  column: number;
  severity?: Severity;
  message?: RegExp;
  path?: string;
}

export interface Invalid extends CaseOptions {
  name?: string;
  code: string;
  errors: Expected[];
}

export interface Valid extends CaseOptions {
  name?: string;
  code: string;
}

/** ESLint's RuleTester shape: every valid case has no finding, every invalid case exactly the expected ones. */
export function ruleTester(rule: Rule, cases: { valid: (string | Valid)[]; invalid: Invalid[] }): void {
  t.test(rule.meta.id, async (t) => {
    t.match(
      rule.meta,
      { id: String, title: String, severity: String, description: String, fix: String },
      'meta is complete',
    );
    cases.valid.forEach((c, i) => {
      const v = typeof c === 'string' ? { code: c } : c;
      const { findings } = run(rule, v.code, v);
      t.same(
        findings.map((f) => `${f.line}: ${f.message}`),
        [],
        `valid #${i + 1}${v.name ? ` (${v.name})` : ''}`,
      );
    });
    cases.invalid.forEach((c, i) => {
      const { findings } = run(rule, c.code, c);
      const label = `invalid #${i + 1}${c.name ? ` (${c.name})` : ''}`;
      t.equal(
        findings.length,
        c.errors.length,
        `${label}: ${c.errors.length} finding(s), got ${findings.map((f) => `L${f.line} ${f.message}`).join(' | ') || 'none'}`,
      );
      c.errors.forEach((e, j) => {
        const f = findings[j];
        if (!f) return;
        t.equal(f.rule, rule.meta.id, `${label}[${j}] rule`);
        t.ok(f.messageId !== undefined && Object.hasOwn(rule.meta.messages, f.messageId), `${label}[${j}] messageId`);
        t.notMatch(f.message, /\{\{\w+\}\}/, `${label}[${j}] every placeholder filled`);
        t.equal(f.line, e.line, `${label}[${j}] line (${f.message})`);
        t.equal(f.column, e.column, `${label}[${j}] column (${f.message})`);
        t.equal(f.file, 'compose.yaml', `${label}[${j}] file`);
        if (e.severity) t.equal(f.severity, e.severity, `${label}[${j}] severity`);
        if (e.message) t.match(f.message, e.message, `${label}[${j}] message`);
        if (e.path) t.equal(f.path, e.path, `${label}[${j}] path`);
      });
    });
  });
}
