/**
 * The source view: each file of the bundle as the user gave it, with the diagnostics, findings and
 * drift risks of each line below it, like an editor's problems view. Other views open it at a line.
 */
import { useContext, useEffect, useMemo } from 'preact/hooks';
import { allDiagnostics, type Analysis } from '../analysis.js';
import { Page } from '../context.js';
import { plural } from '../format.js';
import { useRenderMark } from '../perf.js';
import { ruleHref } from '../rules.js';
import type { Severity } from '../types.js';
import type { Group } from './findings.js';

interface Mark {
  severity: Severity;
  code: string;
  message: string;
  /** a rule's id: linked to the rule */
  rule?: string;
  detail?: string;
}

function marksOf(analysis: Analysis, groups: Group[]): Map<string, Map<number, Mark[]>> {
  const out = new Map<string, Map<number, Mark[]>>();
  const add = (file: string | undefined, line: number | undefined, mark: Mark) => {
    if (!file || !line) return;
    let lines = out.get(file);
    if (!lines) out.set(file, (lines = new Map()));
    const list = lines.get(line);
    if (list) list.push(mark);
    else lines.set(line, [mark]);
  };
  for (const d of allDiagnostics(analysis))
    add(d.file, d.line, {
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.hint ? { detail: d.hint } : {}),
    });
  for (const g of groups)
    add(g.file, g.line, {
      severity: g.severity,
      code: g.rule,
      rule: g.rule,
      message: g.message,
      ...(g.environments.length ? { detail: g.environments.join(', ') } : {}),
    });
  const diff = analysis.diff?.ok ? analysis.diff.value : undefined;
  for (const d of diff?.drift ?? []) {
    const mark = {
      severity: d.severity,
      code: d.rule ?? d.code,
      message: d.message,
      detail: `drift ${diff!.from} → ${diff!.to}`,
    };
    add(d.file, d.line, mark);
    if (d.development && (d.development.file !== d.file || d.development.line !== d.line))
      add(d.development.file, d.development.line, mark);
  }
  return out;
}

/** The environments' Compose files first (base first, as `-f` lists them), then the rest by name. */
function filesInOrder(analysis: Analysis, files: Record<string, string>): string[] {
  const first = new Set<string>();
  for (const e of Object.values(analysis.environments))
    for (const f of e.files) if (Object.hasOwn(files, f)) first.add(f);
  return [
    ...first,
    ...Object.keys(files)
      .sort()
      .filter((f) => !first.has(f)),
  ];
}

const ICON: Record<Severity, string> = { error: '✖', warning: '▲', info: 'ℹ' };

export function SourceView({
  analysis,
  groups,
  at,
  onAt,
}: {
  analysis: Analysis;
  groups: Group[];
  at?: { file: string; line: number };
  onAt: (at: { file: string; line: number }) => void;
}) {
  const { files } = useContext(Page);
  const paths = useMemo(() => filesInOrder(analysis, files), [analysis, files]);
  const marks = useMemo(() => marksOf(analysis, groups), [analysis, groups]);
  const file = at && Object.hasOwn(files, at.file) ? at.file : paths[0];
  const lines = useMemo(() => (files[file] ?? '').replace(/\n$/, '').split('\n'), [files, file]);
  const fileMarks = marks.get(file);
  useRenderMark('source', `${file}\0${analysis === undefined}`);
  useEffect(() => {
    if (!at || at.file !== file) return;
    const el = document.getElementById(`L${at.line}`);
    el?.scrollIntoView({ block: 'center' });
    el?.focus({ preventScroll: true });
  }, [at, file]);
  return (
    <div class="source">
      <nav class="file-list" aria-label="Files">
        <ul>
          {paths.map((p) => {
            const count = [...(marks.get(p)?.values() ?? [])].reduce((n, l) => n + l.length, 0);
            return (
              <li>
                <button
                  type="button"
                  aria-current={p === file ? 'true' : undefined}
                  onClick={() => onAt({ file: p, line: 1 })}
                >
                  <code>{p}</code>
                  {count ? <span class="count"> {count}</span> : null}
                  {count ? <span class="sr-only"> ({plural(count, 'marker')})</span> : null}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      <div class="code" aria-label={`${file}, ${plural(lines.length, 'line')}`} role="region" data-file={file}>
        <h2 class="file-name">
          <code>{file}</code>
        </h2>
        {lines.map((text, i) => {
          const n = i + 1;
          const here = fileMarks?.get(n);
          const target = at?.file === file && at.line === n;
          return (
            <div
              class={`line${target ? ' target' : ''}${here ? ' marked' : ''}`}
              id={`L${n}`}
              tabIndex={-1}
              data-line={n}
            >
              <div class="text">
                <span class="no">{n}</span>
                <span class="src">{text || ' '}</span>
              </div>
              {here ? (
                <ul class="marks">
                  {here.map((m) => (
                    <li class={`mark sev-${m.severity}`}>
                      <span aria-hidden="true">{ICON[m.severity]}</span> <span class="sr-only">{m.severity}: </span>
                      {m.rule ? <a href={ruleHref(m.rule)}>{m.code}</a> : <code>{m.code}</code>} {m.message}
                      {m.detail ? <span class="muted"> · {m.detail}</span> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          );
        })}
      </div>
    </div>
  );
}
