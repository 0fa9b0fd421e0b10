/**
 * The merged view: an environment's `docker compose config` model as YAML, every value with its
 * origin (views/origin.tsx). Services are collapsed by default in large projects; a collapsed
 * service is not drawn at all, so 57 of them cost 57 lines.
 */
import { useMemo, useState } from 'preact/hooks';
import { formatPath } from '../../../src/diagnostics.js';
import type { Analysis } from '../analysis.js';
import { plural, scalarText } from '../format.js';
import { useRenderMark } from '../perf.js';
import type { ConfigEnvironment, Json, JsonObject } from '../types.js';
import { DiagnosticList } from './findings.js';
import { Origin } from './origin.js';

/** Above this many services, services start collapsed. */
export const COLLAPSE_ABOVE = 8;

type Segment = string | number;

interface TreeProps {
  env: ConfigEnvironment;
  earlier: Analysis['earlier'][string] | undefined;
  secrets: Set<string>;
}

const isEmpty = (v: Json) =>
  v === null || typeof v !== 'object' || (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

function Leaf({ value, path, ctx }: { value: Json; path: Segment[]; ctx: TreeProps }) {
  const p = formatPath(path);
  const text = Array.isArray(value) ? '[]' : value !== null && typeof value === 'object' ? '{}' : scalarText(value);
  const multiline = typeof value === 'string' && value.includes('\n');
  return (
    <Origin
      text={multiline ? (value as string) : text}
      block={multiline}
      location={ctx.env.provenance?.[p]}
      earlier={ctx.earlier?.[p]}
      secret={ctx.secrets.has(p)}
    />
  );
}

function Node({ value, path, ctx }: { value: Json; path: Segment[]; ctx: TreeProps }) {
  if (Array.isArray(value))
    return (
      <>
        {value.map((item, i) =>
          isEmpty(item) ? (
            <div class="ln">
              <span class="dash">- </span>
              <Leaf value={item} path={[...path, i]} ctx={ctx} />
            </div>
          ) : (
            <div class="item">
              <span class="dash" aria-hidden="true">
                -{' '}
              </span>
              <div class="item-body">
                <Node value={item} path={[...path, i]} ctx={ctx} />
              </div>
            </div>
          ),
        )}
      </>
    );
  const obj = value as JsonObject;
  return (
    <>
      {Object.keys(obj).map((k) =>
        isEmpty(obj[k]) ? (
          <div class="ln">
            <span class="k">{k}:</span> <Leaf value={obj[k]} path={[...path, k]} ctx={ctx} />
          </div>
        ) : (
          <div class="ln-block">
            <div class="ln">
              <span class="k">{k}:</span>
            </div>
            <div class="blk">
              <Node value={obj[k]} path={[...path, k]} ctx={ctx} />
            </div>
          </div>
        ),
      )}
    </>
  );
}

function Service({
  name,
  value,
  open,
  onToggle,
  ctx,
}: {
  name: string;
  value: Json;
  open: boolean;
  onToggle: (open: boolean) => void;
  ctx: TreeProps;
}) {
  const image = value && typeof value === 'object' && !Array.isArray(value) ? value.image : undefined;
  return (
    <details
      class="service"
      open={open}
      data-service={name}
      onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <span class="k">{name}:</span>
        {typeof image === 'string' ? <span class="muted"> {image}</span> : null}
      </summary>
      {open ? (
        <div class="blk">
          {isEmpty(value) ? (
            <Leaf value={value} path={['services', name]} ctx={ctx} />
          ) : (
            <Node value={value} path={['services', name]} ctx={ctx} />
          )}
        </div>
      ) : null}
    </details>
  );
}

function Model({
  env,
  ctx,
  open,
  setOpen,
}: {
  env: ConfigEnvironment;
  ctx: TreeProps;
  open: Set<string>;
  setOpen: (s: Set<string>) => void;
}) {
  const model = env.model;
  return (
    <div class="yaml">
      {Object.keys(model).map((k) =>
        k === 'services' && model.services && typeof model.services === 'object' && !Array.isArray(model.services) ? (
          <div class="ln-block">
            <div class="ln">
              <span class="k">services:</span>
            </div>
            <div class="blk">
              {Object.entries(model.services).map(([name, value]) => (
                <Service
                  name={name}
                  value={value}
                  open={open.has(name)}
                  ctx={ctx}
                  onToggle={(o) => {
                    if (o === open.has(name)) return;
                    const next = new Set(open);
                    if (o) next.add(name);
                    else next.delete(name);
                    setOpen(next);
                  }}
                />
              ))}
            </div>
          </div>
        ) : (
          <Node value={{ [k]: model[k] }} path={[]} ctx={ctx} />
        ),
      )}
    </div>
  );
}

export function MergedView({ analysis, env, onEnv }: { analysis: Analysis; env: string; onEnv: (e: string) => void }) {
  const names = Object.keys(analysis.environments);
  const config = analysis.configs[env];
  const summary = analysis.environments[env];
  const services = config?.ok ? Object.keys((config.value.model.services as JsonObject | undefined) ?? {}) : [];
  // which services are open, for the model shown (a new answer or environment starts from the default)
  const [state, setState] = useState<{ of: unknown; open: Set<string> }>();
  const open = state && state.of === config ? state.open : new Set(services.length > COLLAPSE_ABOVE ? [] : services);
  const setOpen = (next: Set<string>) => setState({ of: config, open: next });
  const ctx = useMemo<TreeProps | undefined>(
    () =>
      config?.ok ? { env: config.value, earlier: analysis.earlier[env], secrets: analysis.secretPaths } : undefined,
    [config, analysis, env],
  );
  // each model shown, and each expanding or collapsing, is a render measured
  useRenderMark('merged', open);
  return (
    <div class="merged">
      <div class="toolbar">
        <span id="env-label">Environment</span>
        <div class="seg" role="group" aria-labelledby="env-label">
          {names.map((n) => (
            <button type="button" aria-pressed={n === env} onClick={() => onEnv(n)}>
              {n}
            </button>
          ))}
        </div>
        {summary ? (
          <span class="muted">
            {summary.files.join(' + ')} · role {summary.role}
            {config?.ok ? ` · project ${config.value.projectName}` : ''}
          </span>
        ) : null}
        {services.length ? (
          <span class="end">
            {plural(services.length, 'service')}{' '}
            <button type="button" class="small" onClick={() => setOpen(new Set(services))}>
              Expand all
            </button>{' '}
            <button type="button" class="small" onClick={() => setOpen(new Set())}>
              Collapse all
            </button>
          </span>
        ) : null}
      </div>
      <p class="muted hint">
        Hover or focus a value to see the file and line that set it; Enter or a click opens that line.
      </p>
      {!config ? null : config.ok && ctx ? (
        <Model env={config.value} ctx={ctx} open={open} setOpen={setOpen} />
      ) : (
        <div>
          <p class="alert" role="alert">
            {config.ok ? '' : (config.problem.detail ?? `${env} cannot be loaded (HTTP ${config.status})`)}
          </p>
          {!config.ok && config.problem.diagnostics ? (
            <DiagnosticList diagnostics={config.problem.diagnostics} />
          ) : null}
        </div>
      )}
    </div>
  );
}
