/**
 * Two environments side by side (development -> production by default): the service's diff, per
 * service and key, with drift risks marked. Values come masked from the service (`redact=true`);
 * a reveal shows what the page holds: the merged value of that environment, else the text of the
 * user's own file where it was set.
 */
import { useMemo } from 'preact/hooks';
import { MASK, valueAt, type Analysis } from '../analysis.js';
import { inlineText, plural } from '../format.js';
import { useRenderMark } from '../perf.js';
import type { DiffEntry, Finding, Json, Location } from '../types.js';
import { Place } from './findings.js';
import { Origin } from './origin.js';

const same = (a?: Pick<Location, 'file' | 'line'>, b?: Pick<Location, 'file' | 'line'>) =>
  !!a && !!b && a.file === b.file && a.line === b.line;

function driftOf(entry: DiffEntry, drift: Finding[]): Finding[] {
  return drift.filter(
    (d) =>
      d.path === entry.path ||
      entry.path.startsWith(`${d.path}.`) ||
      entry.path.startsWith(`${d.path}[`) ||
      same(d, entry.toLocation) ||
      (d.development && same(d.development, entry.fromLocation)),
  );
}

function Cell({
  value,
  location,
  held,
  env,
}: {
  value: Json | undefined;
  location?: Location;
  held?: Json;
  env: string;
}) {
  if (value === undefined)
    return (
      <td class="absent">
        <span aria-hidden="true">—</span>
        <span class="sr-only">not set in {env}</span>
      </td>
    );
  const text = inlineText(value);
  return (
    <td data-env={env}>
      <Origin
        text={text}
        location={location}
        {...(text.includes(MASK) && held !== undefined && !inlineText(held).includes(MASK)
          ? { reveal: inlineText(held) }
          : {})}
      />
    </td>
  );
}

function EnvSelect({
  label,
  names,
  value,
  onChange,
}: {
  label: string;
  names: string[];
  value: string;
  onChange: (name: string) => void;
}) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        {names.map((n) => (
          <option value={n}>{n}</option>
        ))}
      </select>
    </label>
  );
}

const KIND = (from: string, to: string): Record<DiffEntry['kind'], string> => ({
  added: `only in ${to}`,
  removed: `only in ${from}`,
  changed: 'changed',
});

export function DiffView({
  analysis,
  pair,
  onPair,
}: {
  analysis: Analysis;
  pair?: { from: string; to: string };
  onPair: (p: { from: string; to: string }) => void;
}) {
  const names = Object.keys(analysis.environments);
  const diff = analysis.diff;
  useRenderMark('diff', diff);
  const sections = useMemo(() => {
    const out = new Map<string, DiffEntry[]>();
    if (!diff?.ok) return out;
    for (const e of diff.value.entries) {
      const key = e.name ? `${e.section} › ${e.name}` : e.section;
      const list = out.get(key);
      if (list) list.push(e);
      else out.set(key, [e]);
    }
    return out;
  }, [diff]);
  if (!pair || names.length < 2)
    return <p class="notice">One environment only: there is nothing to compare. Add an override file to compare.</p>;
  const drift = diff?.ok ? (diff.value.drift ?? []) : [];
  const model = (env: string) => {
    const c = analysis.configs[env];
    return c?.ok ? c.value.model : undefined;
  };
  const kinds = KIND(pair.from, pair.to);
  return (
    <div class="diff">
      <div class="toolbar">
        <EnvSelect label="From" names={names} value={pair.from} onChange={(from) => onPair({ ...pair, from })} />
        <button type="button" class="small" onClick={() => onPair({ from: pair.to, to: pair.from })}>
          Swap
        </button>
        <EnvSelect label="To" names={names} value={pair.to} onChange={(to) => onPair({ ...pair, to })} />
        {diff?.ok ? (
          <span class="muted">
            {plural(diff.value.entries.length, 'difference')}: {diff.value.summary.added} only in {pair.to},{' '}
            {diff.value.summary.removed} only in {pair.from}, {diff.value.summary.changed} changed
            {diff.value.complete ? '' : ' (a side did not load: compared as empty)'}
          </span>
        ) : null}
      </div>
      {diff && !diff.ok ? (
        <p class="alert" role="alert">
          No diff: {diff.problem.detail ?? `HTTP ${diff.status}`}
        </p>
      ) : null}
      {drift.length ? (
        <section aria-labelledby="drift-title" class="drift">
          <h2 id="drift-title">Drift risks ({drift.length})</h2>
          <ul>
            {drift.map((d) => (
              <li class={`sev-${d.severity}`}>
                <span class={`badge sev-${d.severity}`}>{d.severity}</span> <code>{d.rule ?? d.code}</code> {d.message}{' '}
                <Place file={d.file} line={d.line} />
                {d.development ? (
                  <>
                    {' '}
                    <span class="muted">{pair.from}:</span>{' '}
                    <Place file={d.development.file} line={d.development.line} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {diff?.ok && diff.value.entries.length === 0 ? <p class="notice">No differences.</p> : null}
      {[...sections].map(([title, entries]) => (
        <table class="diff-table" data-section={title}>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">{pair.from}</th>
              <th scope="col">{pair.to}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const risks = driftOf(e, drift);
              return (
                <tr class={`kind-${e.kind}${risks.length ? ' drifting' : ''}`} data-path={e.path}>
                  <th scope="row">
                    <code>{e.field || e.name}</code> <span class={`kind kind-${e.kind}`}>{kinds[e.kind]}</span>
                    {risks.map((r) => (
                      <span class={`badge sev-${r.severity}`} title={r.message}>
                        drift: {r.rule ?? r.code}
                      </span>
                    ))}
                  </th>
                  <Cell
                    value={e.from}
                    location={e.fromLocation}
                    held={valueAt(model(pair.from), e.path)}
                    env={pair.from}
                  />
                  <Cell value={e.to} location={e.toLocation} held={valueAt(model(pair.to), e.path)} env={pair.to} />
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
      {diff?.ok && diff.value.entries.length ? (
        <p class="muted hint">
          Hover or focus a value to see the file and line that set it in that environment; a click opens that line.
        </p>
      ) : null}
    </div>
  );
}
