/**
 * Findings as the audit groups them: one entry per rule and source location (the audit's `groups[]`
 * where the service answers them, else the findings grouped here the same way), with severity,
 * place (a click opens the source), the rule, and the fix with a copy button.
 */
import { useContext, useMemo, useState } from 'preact/hooks';
import { SEVERITY_RANK } from '../../../src/diagnostics.js';
import { allDiagnostics, type Analysis } from '../analysis.js';
import { Page } from '../context.js';
import { place, plural, serviceOf } from '../format.js';
import { useRenderMark } from '../perf.js';
import { docsHref, ruleAnchor, ruleHref } from '../rules.js';
import type { Diagnostic, Finding, FindingGroupAnswer, Severity } from '../types.js';
import { copyText } from './copy.js';
import { CountChips } from './header.js';
import { Text } from './text.js';

export interface Group {
  key: string;
  rule: string;
  severity: Severity;
  message: string;
  file?: string;
  line?: number;
  services: string[];
  environments: string[];
  fix?: { description?: string; yaml?: string };
  hint?: string;
  findings: Finding[];
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
/** Above this many places, the rules' sections start collapsed. */
const OPEN_UP_TO = 50;
const union = (lists: (string[] | undefined)[]) => [...new Set(lists.flatMap((l) => l ?? []))];

const placeKey = (rule: string | undefined, file: string | undefined, line: number | undefined) =>
  `${rule}\0${file}\0${line}`;

function fromAnswer(g: FindingGroupAnswer, i: number, byPlace: Map<string, Finding[]>): Group {
  const rule = g.rule ?? g.code ?? 'rule';
  const findings = g.findings ?? byPlace.get(placeKey(rule, g.file, g.line)) ?? [];
  const first = findings[0];
  return {
    key: `g${i}`,
    rule,
    severity: g.severity ?? first?.severity ?? 'info',
    message: g.message ?? first?.message ?? '',
    ...((g.file ?? first?.file) ? { file: g.file ?? first?.file, line: g.line ?? first?.line } : {}),
    services: g.services ?? union(findings.map((f) => [serviceOf(f.path) ?? ''].filter(Boolean))),
    environments:
      g.environments ?? union(findings.map((f) => f.environments ?? (f.environment ? [f.environment] : []))),
    ...((g.fix ?? first?.fix) ? { fix: g.fix ?? first?.fix } : {}),
    ...((g.hint ?? first?.hint) ? { hint: g.hint ?? first?.hint } : {}),
    findings,
  };
}

/** One group per rule and source location, most severe first, then by file and line. */
export function groupsOf(a: Analysis): Group[] {
  if (!a.audit.ok) return [];
  const { findings, groups } = a.audit.value;
  let out: Group[];
  if (Array.isArray(groups)) {
    // the findings of each group's place, indexed once (not one scan of every finding per group)
    const byPlace = new Map<string, Finding[]>();
    for (const f of findings) {
      const key = placeKey(f.rule ?? f.code, f.file, f.line);
      const list = byPlace.get(key);
      if (list) list.push(f);
      else byPlace.set(key, [f]);
    }
    out = groups.map((g, i) => fromAnswer(g, i, byPlace));
  } else {
    const byKey = new Map<string, Finding[]>();
    for (const f of findings) {
      const key = `${f.rule ?? f.code}\0${f.file}\0${f.line}`;
      const list = byKey.get(key);
      if (list) list.push(f);
      else byKey.set(key, [f]);
    }
    out = [...byKey.values()].map((list, i) => {
      const worst = list.reduce((w, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[w.severity] ? f : w), list[0]);
      return {
        key: `f${i}`,
        rule: worst.rule ?? worst.code,
        severity: worst.severity,
        message: worst.message,
        file: worst.file,
        line: worst.line,
        services: union(list.map((f) => [serviceOf(f.path) ?? ''].filter(Boolean))),
        environments: union(list.map((f) => f.environments ?? (f.environment ? [f.environment] : []))),
        ...(list.find((f) => f.fix) ? { fix: list.find((f) => f.fix)!.fix } : {}),
        ...(worst.hint ? { hint: worst.hint } : {}),
        findings: list,
      };
    });
  }
  return out.sort(
    (x, y) =>
      SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] ||
      (x.file ?? '').localeCompare(y.file ?? '') ||
      (x.line ?? 0) - (y.line ?? 0) ||
      x.rule.localeCompare(y.rule),
  );
}

export function Place({ file, line }: { file?: string; line?: number }) {
  const { openSource } = useContext(Page);
  if (!file || !line) return <span class="muted">project</span>;
  return (
    <button type="button" class="loc" data-loc={place({ file, line })} onClick={() => openSource({ file, line })}>
      {place({ file, line })}
    </button>
  );
}

export function DiagnosticList({ diagnostics }: { diagnostics: Diagnostic[] }) {
  return (
    <ul class="diagnostics">
      {diagnostics.map((d) => (
        <li class={`sev-${d.severity}`}>
          <span class={`badge sev-${d.severity}`}>{d.severity}</span> <code>{d.code}</code> {d.message}{' '}
          <Place file={d.file} line={d.line} />
          {d.hint ? (
            <span class="muted">
              {' '}
              · <Text text={d.hint} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState('');
  return (
    <span class="copy">
      <button
        type="button"
        class="small"
        onClick={async () => setState((await copyText(text)) ? 'Copied' : 'Copy failed: select the text')}
      >
        Copy<span class="sr-only"> {label}</span>
      </button>
      <span role="status" class="muted">
        {state}
      </span>
    </span>
  );
}

function GroupCard({ group }: { group: Group }) {
  const messages = [...new Set(group.findings.map((f) => f.message))];
  return (
    <article class={`finding sev-${group.severity}`} data-rule={group.rule}>
      <h3>
        <span class={`badge sev-${group.severity}`}>{group.severity}</span>{' '}
        <a class="rule" href={ruleHref(group.rule)}>
          {group.rule}
        </a>
      </h3>
      {messages.length > 1 ? (
        <ul class="messages">
          {messages.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      ) : (
        <p class="msg">{group.message}</p>
      )}
      <p class="where">
        <Place file={group.file} line={group.line} />
        {group.services.length ? (
          <span>
            {' '}
            · {plural(group.services.length, 'service')}: {group.services.join(', ')}
          </span>
        ) : null}
        {group.environments.length ? <span> · {group.environments.join(', ')}</span> : null}
      </p>
      {group.fix?.yaml ? (
        <details class="fix">
          <summary>
            <strong>Fix:</strong> <Text text={group.fix.description ?? group.hint ?? ''} />
          </summary>
          <pre>
            <code>{group.fix.yaml}</code>
          </pre>
          <CopyButton text={group.fix.yaml} label={`the fix for ${group.rule} at ${group.file}:${group.line}`} />
        </details>
      ) : group.hint || group.fix?.description ? (
        <p class="hint">
          <strong>Fix:</strong> <Text text={group.fix?.description ?? group.hint ?? ''} />
        </p>
      ) : null}
    </article>
  );
}

export function FindingsView({ analysis, groups }: { analysis: Analysis; groups: Group[] }) {
  const [severities, setSeverities] = useState<Set<Severity>>(new Set(SEVERITIES));
  const [env, setEnv] = useState('');
  const diagnostics = allDiagnostics(analysis);
  const titles = new Map(analysis.rules.map((r) => [r.id, r]));
  const shown = groups.filter(
    (g) => severities.has(g.severity) && (!env || g.environments.length === 0 || g.environments.includes(env)),
  );
  const audit = analysis.audit;
  const ruleIds = [...new Set(groups.map((g) => g.rule))].sort();
  // one section per rule, most severe first (groups come sorted); all open unless the list is long
  const byRule = useMemo(() => {
    const out = new Map<string, Group[]>();
    for (const g of shown) {
      const list = out.get(g.rule);
      if (list) list.push(g);
      else out.set(g.rule, [g]);
    }
    return out;
  }, [groups, severities, env]);
  const initial = useMemo(() => new Set(shown.length > OPEN_UP_TO ? [] : byRule.keys()), [byRule]);
  const [state, setState] = useState<{ of: unknown; open: Set<string> }>();
  const open = state && state.of === byRule ? state.open : initial;
  const setOpen = (next: Set<string>) => setState({ of: byRule, open: next });
  useRenderMark('findings', open);
  return (
    <div class="findings">
      <div class="toolbar">
        {audit.ok ? <CountChips counts={audit.value.counts} /> : null}
        <span class="muted">
          {plural(groups.length, 'place')} from {plural(audit.ok ? audit.value.findings.length : 0, 'finding')}
        </span>
        <fieldset class="seg">
          <legend class="sr-only">Severities shown</legend>
          {SEVERITIES.map((s) => (
            <label>
              <input
                type="checkbox"
                checked={severities.has(s)}
                onChange={(e) => {
                  const next = new Set(severities);
                  if ((e.currentTarget as HTMLInputElement).checked) next.add(s);
                  else next.delete(s);
                  setSeverities(next);
                }}
              />{' '}
              {s}
            </label>
          ))}
        </fieldset>
        <label class="end">
          Environment{' '}
          <select value={env} onChange={(e) => setEnv((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">all</option>
            {Object.keys(analysis.environments).map((n) => (
              <option value={n}>{n}</option>
            ))}
          </select>
        </label>
      </div>
      {!audit.ok ? (
        <p class="alert" role="alert">
          No audit: {audit.problem.detail ?? `HTTP ${audit.status}`}
        </p>
      ) : null}
      {diagnostics.length ? (
        <section aria-labelledby="diag-title">
          <h2 id="diag-title">Validation ({plural(diagnostics.length, 'diagnostic')})</h2>
          <DiagnosticList diagnostics={diagnostics} />
        </section>
      ) : null}
      <section aria-labelledby="groups-title">
        <h2 id="groups-title">
          Findings <span class="muted">({shown.length} shown)</span>
          {shown.length ? (
            <>
              {' '}
              <button type="button" class="small" onClick={() => setOpen(new Set(byRule.keys()))}>
                Expand all
              </button>{' '}
              <button type="button" class="small" onClick={() => setOpen(new Set())}>
                Collapse all
              </button>
            </>
          ) : null}
        </h2>
        {audit.ok && !groups.length ? <p class="notice">No findings.</p> : null}
        {[...byRule].map(([rule, list]) => (
          <details
            class={`rule-section sev-${list[0].severity}`}
            open={open.has(rule)}
            data-rule={rule}
            onToggle={(e) => {
              const o = (e.currentTarget as HTMLDetailsElement).open;
              if (o === open.has(rule)) return;
              const next = new Set(open);
              if (o) next.add(rule);
              else next.delete(rule);
              setOpen(next);
            }}
          >
            <summary>
              <span class={`badge sev-${list[0].severity}`}>{list[0].severity}</span> <code>{rule}</code>{' '}
              {titles.get(rule)?.title ?? ''}{' '}
              <span class="muted">
                · {plural(list.length, 'place')} · {plural(new Set(list.flatMap((g) => g.services)).size, 'service')}
              </span>
            </summary>
            {open.has(rule) && docsHref(titles.get(rule)) ? (
              <p class="rule-docs">
                <a href={docsHref(titles.get(rule))} target="_blank" rel="noopener">
                  The rule's page
                </a>
                : what it checks, why it matters, how to fix it or turn it off.
              </p>
            ) : null}
            {open.has(rule) ? list.map((g) => <GroupCard group={g} />) : null}
          </details>
        ))}
      </section>
      {audit.ok && audit.value.suppressed.length ? (
        <details class="suppressed">
          <summary>{plural(audit.value.suppressed.length, 'suppressed finding')}</summary>
          <ul>
            {audit.value.suppressed.map((f) => (
              <li>
                <code>{f.rule ?? f.code}</code> {f.message} <Place file={f.file} line={f.line} />
                {f.suppressed?.reason ? <span class="muted"> · {f.suppressed.reason}</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {ruleIds.length ? (
        <section aria-labelledby="rules-title" class="rules">
          <h2 id="rules-title">Rules</h2>
          <dl>
            {ruleIds.map((id) => {
              const r = titles.get(id);
              return (
                <>
                  <dt id={ruleAnchor(id)}>
                    <code>{id}</code> {r ? r.title : null}
                  </dt>
                  <dd>
                    {r ? (
                      <>
                        <p>
                          <Text text={r.description} />
                        </p>
                        <p>
                          <strong>Fix:</strong> <Text text={r.fix} />
                        </p>
                      </>
                    ) : (
                      <p class="muted">not in GET /v1/rules</p>
                    )}
                  </dd>
                </>
              );
            })}
          </dl>
        </section>
      ) : null}
    </div>
  );
}
