/**
 * The semantic checks of what a service refers to (loader/validate.go checkConsistency): networks,
 * volumes, secrets, configs, models and services defined elsewhere in the project.
 */
import { isObject } from '../yaml/located.js';
import type { TreeObject } from '../yaml/located.js';
import { parseVolumeSpec } from './syntax.js';
import { goQuote } from '../compat/go.js';
import {
  hasVar,
  INVALID,
  names,
  sourceOf,
  type Checker,
  type Ref,
  type Segment,
  type ServiceCheck,
} from './checker.js';
import { jsonQuote } from '../utf8.js';

/** checkConsistency checks that need the whole project: a definition may come from another file. */
export const PROJECT_CHECKS: ServiceCheck[] = [
  function imageOrBuild(c, name, s, at) {
    if (
      (s.image === undefined || s.image === '') &&
      s.build === undefined &&
      s.provider === undefined &&
      s.extends === undefined
    )
      c.report(
        'missing-image-or-build',
        `service ${jsonQuote(name)} has neither an image nor a build context specified`,
        at,
        {
          key: true,
          lacking: true,
          hint: 'add image: or build:',
          compose: `service ${goQuote(name)} has neither an image nor a build context specified${INVALID}`,
        },
      );
  },
  function references(c, name, s, at) {
    // a service's references are read only where it makes some: the paths of those it does not
    // make, built for nothing, were most of what this check allocated on 10,000 services
    const q = () => jsonQuote(name);
    const undef = (code: string, section: string, what: string, refs: Ref[]): void => {
      for (const r of refs)
        if (!c.defined(section, r.name))
          c.report(code, `service ${q()} refers to undefined ${what} ${r.name}`, r.segs, {
            key: r.key,
            hint: c.hint(r.name, section),
            compose: `service ${goQuote(name)} refers to undefined ${what} ${r.name}${INVALID}`,
          });
    };
    if (s.networks !== undefined) {
      const refs = names(s.networks, [...at, 'networks']).filter((r) => r.name !== 'default');
      const x = refs.filter((r) => r.name.startsWith('x-'));
      undef(
        'undefined-network',
        'networks',
        'network',
        refs.filter((r) => !r.name.startsWith('x-')),
      );
      if (x.length > 0) extensionsNetwork(c, name, x);
    }
    const named: Ref[] = [];
    if (Array.isArray(s.volumes))
      s.volumes.forEach((v, i) => {
        if (typeof v === 'string' && !hasVar(v)) {
          const spec = parseVolumeSpec(v);
          if (typeof spec !== 'string' && spec.type === 'volume' && spec.source !== '')
            named.push({ name: spec.source, segs: [...at, 'volumes', i] });
        } else if (
          isObject(v) &&
          v.type === 'volume' &&
          typeof v.source === 'string' &&
          v.source !== '' &&
          !hasVar(v.source)
        )
          named.push({ name: v.source, segs: [...at, 'volumes', i, 'source'] });
      });
    undef('undefined-volume', 'volumes', 'volume', named);
    if (s.secrets !== undefined)
      undef('undefined-secret', 'secrets', 'secret', names(s.secrets, [...at, 'secrets'], sourceOf));
    if (isObject(s.build))
      undef(
        'undefined-secret',
        'secrets',
        'build secret',
        names(s.build.secrets, [...at, 'build', 'secrets'], sourceOf),
      );
    if (s.configs !== undefined)
      undef('undefined-config', 'configs', 'config', names(s.configs, [...at, 'configs'], sourceOf));
    if (s.models !== undefined) undef('undefined-model', 'models', 'model', names(s.models, [...at, 'models']));
    // build.additional_contexts: `name: service:x` must name a buildable service
    const ctx = isObject(s.build) ? s.build.additional_contexts : undefined;
    if (ctx === undefined) return;
    const entries: [string, string, Segment[]][] = isObject(ctx)
      ? Object.entries(ctx).flatMap(([k, v]) =>
          typeof v === 'string'
            ? [[k, v, [...at, 'build', 'additional_contexts', k]] as [string, string, Segment[]]]
            : [],
        )
      : Array.isArray(ctx)
        ? ctx.flatMap((v, i) =>
            typeof v === 'string' && v.includes('=')
              ? [
                  [
                    v.slice(0, v.indexOf('=')),
                    v.slice(v.indexOf('=') + 1),
                    [...at, 'build', 'additional_contexts', i],
                  ] as [string, string, Segment[]],
                ]
              : [],
          )
        : [];
    for (const [k, v, segs] of entries) {
      if (!v.startsWith('service:')) continue;
      const target = v.slice('service:'.length);
      const t = c.services[target];
      if (!isObject(t))
        c.report(
          'undefined-additional-context',
          `service ${q()} declares unknown service ${jsonQuote(target)} as additional contexts ${k}`,
          segs,
          {
            compose: `service ${goQuote(name)} declares unknown service ${goQuote(target)} as additional contexts ${k}`,
          },
        );
      else if (t.build === undefined)
        c.report(
          'undefined-additional-context',
          `service ${q()} declares non-buildable service ${jsonQuote(target)} as additional contexts ${k}`,
          segs,
          {
            compose: `service ${goQuote(name)} declares non-buildable service ${goQuote(target)} as additional contexts ${k}`,
          },
        );
    }
  },
];

/**
 * The `x-` names of a service's networks (a list is made a map first, transform/canonical.go:41):
 * processExtensions moves them to one `#extensions` entry (loader/loader.go:776-779; userDefinedKeys,
 * 756-763, spares the names under top-level networks, not a service's), which Transform makes a
 * network of that name and checkConsistency finds undefined (loader/validate.go:70-73). One error,
 * at the first of them.
 */
function extensionsNetwork(c: Checker, name: string, x: Ref[]): void {
  const shown =
    x.length > 3
      ? `${x
          .slice(0, 3)
          .map((r) => r.name)
          .join(', ')}, …`
      : x.map((r) => r.name).join(', ');
  c.report(
    'undefined-network',
    `service ${jsonQuote(name)} refers to undefined network #extensions: Compose gathers the x- names of its networks (${shown}) into one "#extensions" entry, which it takes for a network`,
    x[0].segs,
    {
      key: x[0].key,
      hint: "keep x- keys out of a service's networks (top-level networks may name one x-…)",
      compose: `service ${goQuote(name)} refers to undefined network #extensions${INVALID}`,
    },
  );
}

/**
 * Every service another service needs started first. loader/normalize.go adds links, volumes_from
 * and `service:` namespaces to depends_on, so compose-go reports them all as "depends on".
 */
interface Dependency {
  ref: Ref;
  /** `depends_on` with `required: false`: a disabled service may be missing */
  optional?: boolean;
  code: string;
  message: (from: string) => string;
  /** compose-go's message, on a normalized model or not (undefined: compose-go does not check it) */
  compose: (from: string, normalized: boolean) => string | undefined;
}

/** The message of checkConsistency's depends_on check. */
const dependsOnUndefined = (from: string, name: string): string =>
  `service ${goQuote(from)} depends on undefined service ${goQuote(name)}${INVALID}`;
/** The namespaces a service may share with another (`service:name`). */
const NAMESPACES = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'];

const NO_DEPENDENCIES: readonly Dependency[] = Object.freeze([]);

function setsNamespace(s: TreeObject): boolean {
  for (const ns of NAMESPACES) if (typeof s[ns] === 'string') return true;
  return false;
}

export function dependencies(s: TreeObject, at: Segment[]): readonly Dependency[] {
  // most services name no other (nothing allocated for them: 10,000 services, 2.8 MB)
  if (s.depends_on === undefined && !Array.isArray(s.links) && !Array.isArray(s.volumes_from) && !setsNamespace(s))
    return NO_DEPENDENCIES;
  const out: Dependency[] = [];
  const long = isObject(s.depends_on) ? s.depends_on : undefined;
  for (const ref of names(s.depends_on, [...at, 'depends_on'])) {
    const entry = long?.[ref.name];
    out.push({
      ref,
      optional: isObject(entry) && entry.required === false,
      code: 'undefined-dependency',
      message: (from) => `service ${jsonQuote(from)} depends on undefined service ${jsonQuote(ref.name)}`,
      compose: (from) => dependsOnUndefined(from, ref.name),
    });
  }
  if (Array.isArray(s.links))
    s.links.forEach((l, i) => {
      if (typeof l === 'string') {
        const name = l.split(':').length === 2 ? l.split(':')[0] : l;
        out.push({
          ref: { name, segs: [...at, 'links', i] },
          code: 'undefined-link',
          message: (from) =>
            `service ${jsonQuote(from)} depends on undefined service ${jsonQuote(name)} (through links)`,
          compose: (from, normalized) => (normalized ? dependsOnUndefined(from, name) : undefined),
        });
      }
    });
  if (Array.isArray(s.volumes_from))
    s.volumes_from.forEach((v, i) => {
      if (typeof v === 'string' && !v.startsWith('container:')) {
        const name = v.split(':')[0];
        out.push({
          ref: { name, segs: [...at, 'volumes_from', i] },
          code: 'undefined-volumes-from',
          message: (from) =>
            `service ${jsonQuote(from)} depends on undefined service ${jsonQuote(name)} (through volumes_from)`,
          compose: (from, normalized) => (normalized ? dependsOnUndefined(from, name) : undefined),
        });
      }
    });
  for (const ns of NAMESPACES) {
    const v = s[ns];
    if (typeof v === 'string' && v.startsWith('service:')) {
      const name = v.slice('service:'.length);
      out.push({
        ref: { name, segs: [...at, ns] },
        code: 'undefined-namespace-service',
        message: (from) =>
          `service ${jsonQuote(from)} depends on undefined service ${jsonQuote(name)} (through ${ns}: service:${name})`,
        // on a model not normalized, only network_mode is checked, by a check of its own
        compose: (from, normalized) =>
          normalized
            ? dependsOnUndefined(from, name)
            : ns === 'network_mode'
              ? `service ${goQuote(name)} not found for network_mode 'service:${name}'`
              : undefined,
      });
    }
  }
  return out;
}
