/**
 * The consistency checks compose-go makes after the schema (loader/validate.go checkConsistency,
 * validation/*.go, graph/cycle.go, types/project.go CheckContainerNameUnicity, format/volume.go),
 * on a located model: raw (short syntax) or canonical (long syntax) shapes are both accepted.
 * compose-go stops at the first error; we report every one, each at the key or value to fix.
 *
 * With `{ partial: true }` (one override file on its own) only checks whose inputs all sit in the
 * fragment run: nothing that needs a definition another file may provide. With
 * `{ consistency: false }` (compose-go's SkipConsistencyCheck) only what compose-go checks on every
 * load runs: short syntax, bind sources, extends, external volumes, secret/config sources, devices.
 *
 * | code                         | meaning                                                                   |
 * |------------------------------|---------------------------------------------------------------------------|
 * | obsolete-version (warning)   | top-level `version` is obsolete and ignored                               |
 * | missing-image-or-build       | service has neither `image` nor `build` (nor `provider`)                  |
 * | extends-not-found            | `extends` names a service this file does not define                       |
 * | undefined-network            | service uses a network not declared under top-level `networks`            |
 * | undefined-volume             | service mounts a named volume not declared under top-level `volumes`      |
 * | undefined-secret             | service (or its build) uses a secret not declared under `secrets`         |
 * | undefined-config             | service uses a config not declared under `configs`                        |
 * | undefined-model              | service uses a model not declared under `models`                          |
 * | undefined-dependency         | `depends_on` names an unknown service                                     |
 * | undefined-link               | `links` names an unknown service (compose-go: "depends on undefined")     |
 * | undefined-volumes-from       | `volumes_from` names an unknown service (idem)                            |
 * | undefined-namespace-service  | `network_mode`/`ipc`/`pid`/`uts`/`cgroup: service:x` names unknown x (idem) |
 * | undefined-additional-context | `build.additional_contexts` `service:x` unknown or not buildable          |
 * | dependency-cycle             | services depend on each other in a cycle                                  |
 * | network-mode-conflict        | `network_mode` and `networks` both set                                    |
 * | dockerfile-conflict          | `build.dockerfile` and `build.dockerfile_inline` both set                 |
 * | platform-mismatch            | `build.platforms` does not include the service `platform`                 |
 * | invalid-healthcheck-test     | `healthcheck.test` list does not start with CMD, CMD-SHELL or NONE        |
 * | scale-replicas-conflict      | `scale` and `deploy.replicas` set to different values                     |
 * | negative-scale               | `scale` or `deploy.replicas` below 0                                      |
 * | resource-conflict            | `cpus`/`mem_limit`/`mem_reservation`/`pids_limit` differ from `deploy.resources` |
 * | container-name-scale         | `container_name` with more than one replica                               |
 * | duplicate-container-name     | two services use the same `container_name`                                |
 * | watch-target-required        | `develop.watch` sync entry without `target`                               |
 * | watch-path-blank             | `develop.watch` entry with an empty `path`                                |
 * | duplicate-mount-target       | two tmpfs/volume mounts on the same container path                        |
 * | source-conflict              | secret/config sets several of `file`, `environment`, `content`            |
 * | source-missing               | secret/config sets none of `file`, `environment` (`content`), not external |
 * | external-conflict            | external volume also sets driver, driver_opts, labels...                  |
 * | device-request-conflict      | device request sets both `count` and `device_ids`                         |
 * | invalid-port                 | port spec that does not parse (`80/xyz`, bad host ip, non-numeric target) |
 * | invalid-volume               | volume spec that does not parse (`a:b:ro:x`), bind mount without source   |
 */
import type { Diagnostic, Location, Severity } from '../diagnostics.js';
import { diagnostic, formatPath, sortDiagnostics } from '../diagnostics.js';
import { isObject, keyLoc, locate, valueLoc } from '../yaml/located.js';
import type { Tree, TreeObject } from '../yaml/located.js';
import { isIP } from '../normalize/ports.js';
import { cleanPath } from '../normalize/volumes.js';
import { parseVolumeSpec, portSpecError } from './syntax.js';
import { didYouMean } from './suggest.js';
import { goQuote } from '../compat/go-strconv.js';
import { treePathOf as goTreePath } from '../yaml/treepath.js';

export interface SemanticOptions {
  /** the model is one fragment (an override file): skip checks that need the other files */
  partial?: boolean;
  /**
   * false: only what compose-go checks on every load (validation/*.go, short syntax, extends,
   * `version`), not loader/validate.go checkConsistency + the dependency graph (`SkipConsistencyCheck`)
   */
  consistency?: boolean;
  /**
   * services a profile leaves out: compose-go applies profiles before checkConsistency, so these get
   * only the every-load checks, and another service may depend on them only with `required: false`
   */
  disabled?: ReadonlyMap<string, readonly string[]>;
  /**
   * false: only loader/validate.go checkConsistency (+ the graph), without compose-go's validation
   * package and the other every-load checks: what a call of checkConsistency on its own reports
   */
  validation?: boolean;
  /**
   * whether compose-go has normalized the model before checkConsistency, as a load does unless
   * SkipNormalization (default true): loader/normalize.go adds links, volumes_from and `service:`
   * namespaces to depends_on, so compose-go says "depends on undefined service" for them all
   */
  normalized?: boolean;
}

/** errdefs.ErrInvalid, which compose-go wraps most consistency errors in. */
const INVALID = ': invalid compose project';

type Segment = string | number;

/** One reference a service makes, with where it is written. */
interface Ref {
  name: string;
  segs: Segment[];
  /** the key to point at (map entries) rather than the value (list items) */
  key?: boolean;
}

class Checker {
  readonly out: Diagnostic[] = [];
  readonly services: TreeObject;
  constructor(
    readonly model: TreeObject,
    readonly partial: boolean,
    readonly consistency: boolean,
    readonly validation = true,
    readonly normalized = true,
  ) {
    this.services = isObject(model.services) ? model.services : {};
  }
  loc(segs: readonly Segment[], key = false): Location | undefined {
    if (segs.length === 0) return undefined;
    const parent = get(this.model, segs.slice(0, -1));
    const last = segs[segs.length - 1];
    return (
      (key && typeof last === 'string' ? keyLoc(parent, last) : valueLoc(parent, last)) ?? locate(this.model, segs)
    );
  }
  report(
    code: string,
    message: string,
    segs: Segment[],
    opts: { key?: boolean; hint?: string; severity?: Severity; compose?: string } = {},
  ): void {
    this.out.push(
      diagnostic(
        code,
        opts.severity ?? 'error',
        message,
        this.loc(segs, opts.key),
        formatPath(segs),
        opts.hint,
        opts.compose,
      ),
    );
  }
  defined(section: string, name: string): boolean {
    const s = this.model[section];
    return isObject(s) && Object.hasOwn(s, name);
  }
}

function get(node: unknown, segs: readonly Segment[]): unknown {
  for (const s of segs) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[s as string];
  }
  return node;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const hasVar = (s: string): boolean => s.includes('${') || /\$[A-Za-z_]/.test(s);

/** Integer value of a number or numeric string (`"3"`), undefined otherwise (e.g. unresolved `${N}`). */
function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^[-+]?\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
/** Bytes of `512M`, `1.5gb`, `1024` (docker/go-units RAMInBytes: binary multipliers). */
function bytes(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$/i.exec(v) : null;
  return m ? Math.trunc(Number(m[1]) * UNITS[(m[2] || 'b').toLowerCase()]) : undefined;
}
function float(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Names in a list (`[a, b]`) or a mapping (`{a: ..., b: ...}`), with where each is written. */
function names(v: Tree | undefined, at: Segment[], fromItem: (item: Tree) => string | undefined = str): Ref[] {
  if (Array.isArray(v))
    return v.flatMap((item, i) => {
      const n = fromItem(item);
      // long syntax `{source: x}`: point at the source itself
      return n === undefined
        ? []
        : [{ name: n, segs: isObject(item) && item.source !== undefined ? [...at, i, 'source'] : [...at, i] }];
    });
  if (isObject(v)) return Object.keys(v).map((k) => ({ name: k, segs: [...at, k], key: true }));
  return [];
}
/** `secrets: [a, {source: b}]` */
const sourceOf = (item: Tree): string | undefined =>
  typeof item === 'string' ? item : isObject(item) ? str(item.source) : undefined;

type ServiceCheck = (c: Checker, name: string, s: TreeObject, at: Segment[]) => void;

/**
 * What compose-go checks on every load (validation/*.go, paths/resolve.go, the short-syntax parsers,
 * extends): these run even when the consistency check is skipped, and on fragments.
 */
const VALIDATION_CHECKS: ServiceCheck[] = [
  function extendsInFile(c, name, s, at) {
    const ext = s.extends;
    const ref = typeof ext === 'string' ? ext : isObject(ext) && ext.file === undefined ? str(ext.service) : undefined;
    if (ref === undefined || Object.hasOwn(c.services, ref)) return;
    const segs = typeof ext === 'string' ? [...at, 'extends'] : [...at, 'extends', 'service'];
    const file = c.loc(segs)?.file;
    c.report(
      'extends-not-found',
      `cannot extend service ${JSON.stringify(name)}: service ${JSON.stringify(ref)} not found`,
      segs,
      {
        hint: hintName(ref, Object.keys(c.services)),
        ...(file
          ? { compose: `cannot extend service ${goQuote(name)} in ${file}: service ${goQuote(ref)} not found` }
          : {}),
      },
    );
  },
  function ports(c, _name, s, at) {
    if (!Array.isArray(s.ports)) return;
    s.ports.forEach((p, i) => {
      const segs = [...at, 'ports', i];
      if (typeof p === 'string' && !hasVar(p)) {
        const err = portSpecError(p);
        if (err)
          c.report('invalid-port', err, segs, {
            hint: 'write [[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. "127.0.0.1:8080:80/tcp"',
            compose: err,
          });
      } else if (typeof p === 'number' && !(Number.isInteger(p) && p >= 0 && p <= 65535))
        c.report('invalid-port', `Invalid containerPort: ${p}`, segs, { compose: `Invalid containerPort: ${p}` });
      else if (isObject(p)) {
        const t = p.target;
        if (
          typeof t === 'string'
            ? !hasVar(t) && !/^\d+$/.test(t)
            : typeof t === 'number' && !(Number.isInteger(t) && t >= 0 && t <= 65535)
        )
          c.report('invalid-port', `Invalid containerPort: ${String(t)}`, [...segs, 'target'], {
            hint: 'target is the container port, a number',
            compose: `Invalid containerPort: ${String(t)}`,
          });
        const ip = p.host_ip;
        // validation/validation.go checkIPAddress, whose path names a list item `[]`
        if (typeof ip === 'string' && !hasVar(ip) && !isIP(ip))
          c.report('invalid-port', `invalid ip address: ${ip}`, [...segs, 'host_ip'], {
            compose: `${goTreePath(at)}.ports.[]: invalid ip address: ${ip}`,
          });
      }
    });
  },
  function volumeSyntax(c, _name, s, at) {
    if (!Array.isArray(s.volumes)) return;
    s.volumes.forEach((v, i) => {
      const segs = [...at, 'volumes', i];
      if (typeof v === 'string' && !hasVar(v)) {
        const spec = parseVolumeSpec(v);
        if (typeof spec === 'string')
          c.report('invalid-volume', spec, segs, {
            hint: 'write [SOURCE:]TARGET[:MODE], e.g. "./data:/var/lib/data:ro"',
            compose: spec,
          });
      } else if (isObject(v) && v.type === 'bind' && (v.source === undefined || v.source === ''))
        // paths/resolve.go
        c.report('invalid-volume', 'invalid mount config for type "bind": field Source must not be empty', segs, {
          hint: 'add source: the host path to mount',
          compose: 'invalid mount config for type "bind": field Source must not be empty',
        });
    });
  },
  function watchPath(c, name, s, at) {
    const w = isObject(s.develop) ? s.develop.watch : undefined;
    if (Array.isArray(w))
      w.forEach((entry, i) => {
        if (isObject(entry) && entry.path === '')
          c.report(
            'watch-path-blank',
            `services.${name}.develop.watch[${i}].path: value can't be blank`,
            [...at, 'develop', 'watch', i, 'path'],
            { compose: `${goTreePath(at)}.develop.watch.[].path: value can't be blank` },
          );
      });
  },
  function devices(c, _name, s, at) {
    const res =
      isObject(s.deploy) && isObject(s.deploy.resources) && isObject(s.deploy.resources.reservations)
        ? s.deploy.resources.reservations
        : undefined;
    const lists: [Tree | undefined, Segment[]][] = [
      [res?.devices, [...at, 'deploy', 'resources', 'reservations', 'devices']],
      [s.gpus, [...at, 'gpus']],
    ];
    // validation/validation.go checkDeviceRequest: the item's path is `...devices.[]`
    for (const [list, segs] of lists) {
      if (!Array.isArray(list)) continue;
      list.forEach((d, i) => {
        if (isObject(d) && d.count !== undefined && d.device_ids !== undefined)
          c.report(
            'device-request-conflict',
            `${formatPath([...segs, i])}: "count" and "device_ids" attributes are exclusive`,
            [...segs, i, 'device_ids'],
            { key: true, compose: `${goTreePath(segs)}.[]: "count" and "device_ids" attributes are exclusive` },
          );
      });
    }
  },
];

/** checkConsistency checks that need only what this service writes: they run on fragments too. */
const LOCAL_CHECKS: ServiceCheck[] = [
  function watchTarget(c, name, s, at) {
    const w = isObject(s.develop) ? s.develop.watch : undefined;
    if (Array.isArray(w))
      w.forEach((entry, i) => {
        if (
          isObject(entry) &&
          (entry.target === undefined || entry.target === '') &&
          entry.action !== 'rebuild' &&
          entry.action !== 'restart'
        )
          c.report(
            'watch-target-required',
            `services.${name}.develop.watch: target is required for non-rebuild actions`,
            [...at, 'develop', 'watch', i],
            {
              hint: 'add target: the path in the container to sync to',
              compose: `services.${name}.develop.watch: target is required for non-rebuild actions${INVALID}`,
            },
          );
      });
  },
  function mountTargets(c, name, s, at) {
    const mounts = new Map<string, string>();
    const mount = (target: string | undefined, where: string, segs: Segment[]): void => {
      if (target === undefined || target === '') return;
      const prev = mounts.get(target);
      if (prev !== undefined)
        c.report('duplicate-mount-target', `${where}: target ${target} already mounted as ${prev}`, segs, {
          compose: `${where}: target ${target} already mounted as ${prev}`,
        });
      else mounts.set(target, where);
    };
    const tmpfs = typeof s.tmpfs === 'string' ? [s.tmpfs] : Array.isArray(s.tmpfs) ? s.tmpfs : [];
    tmpfs.forEach((t, i) => {
      if (typeof t === 'string')
        mount(
          t.split(':')[0],
          `services.${name}.tmpfs[${i}]`,
          typeof s.tmpfs === 'string' ? [...at, 'tmpfs'] : [...at, 'tmpfs', i],
        );
    });
    if (!Array.isArray(s.volumes)) return;
    // Compose keeps the last of several volumes written with the same target (override/uncity.go);
    // targets that differ only until normalize's path.Clean (`/data`, `/data/`) do clash
    const seen = new Set<string>();
    s.volumes.forEach((v, i) => {
      const spec = typeof v === 'string' && !hasVar(v) ? parseVolumeSpec(v) : undefined;
      const target = typeof spec === 'object' ? spec.target : isObject(v) ? str(v.target) : undefined;
      if (target === undefined || seen.has(target)) return;
      seen.add(target);
      mount(target === '' || hasVar(target) ? target : cleanPath(target), `services.${name}.volumes[${i}]`, [
        ...at,
        'volumes',
        i,
      ]);
    });
  },
  function networkMode(c, name, s, at) {
    if (
      s.network_mode !== undefined &&
      s.networks !== undefined &&
      !(isObject(s.networks) && Object.keys(s.networks).length === 0)
    )
      c.report(
        'network-mode-conflict',
        `service ${name} declares mutually exclusive \`network_mode\` and \`networks\``,
        [...at, 'networks'],
        {
          key: true,
          hint: 'remove one of them',
          compose: `service ${name} declares mutually exclusive \`network_mode\` and \`networks\`${INVALID}`,
        },
      );
  },
  function build(c, name, s, at) {
    const b = s.build;
    if (!isObject(b)) return;
    if (b.dockerfile !== undefined && b.dockerfile_inline !== undefined)
      c.report(
        'dockerfile-conflict',
        `service ${JSON.stringify(name)} declares mutually exclusive dockerfile and dockerfile_inline`,
        [...at, 'build', 'dockerfile_inline'],
        // (compose-go's spelling)
        {
          key: true,
          compose: `service ${goQuote(name)} declares mutualy exclusive dockerfile and dockerfile_inline${INVALID}`,
        },
      );
    const platform = str(s.platform);
    if (platform && Array.isArray(b.platforms) && b.platforms.length > 0 && !b.platforms.includes(platform))
      c.report(
        'platform-mismatch',
        `service.build.platforms MUST include service.platform ${JSON.stringify(platform)}`,
        [...at, 'build', 'platforms'],
        { key: true, compose: `service.build.platforms MUST include service.platform ${goQuote(platform)}${INVALID}` },
      );
  },
  function healthcheck(c, _name, s, at) {
    const test = isObject(s.healthcheck) ? s.healthcheck.test : undefined;
    if (Array.isArray(test) && test.length > 0 && !['CMD', 'CMD-SHELL', 'NONE'].includes(String(test[0])))
      c.report(
        'invalid-healthcheck-test',
        'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"',
        [...at, 'healthcheck', 'test', 0],
        {
          hint: `write [CMD, ${JSON.stringify(String(test[0]))}, ...] to run it directly, or [CMD-SHELL, "..."] to run it in a shell`,
          compose: 'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"',
        },
      );
  },
  function scale(c, name, s, at) {
    const deploy = isObject(s.deploy) ? s.deploy : undefined;
    const scale = int(s.scale);
    const replicas = int(deploy?.replicas);
    if (scale !== undefined && replicas !== undefined && scale !== replicas)
      c.report(
        'scale-replicas-conflict',
        `services.${name}: can't set distinct values on 'scale' and 'deploy.replicas'`,
        [...at, 'scale'],
        {
          key: true,
          compose: `services.${name}: can't set distinct values on 'scale' and 'deploy.replicas'${INVALID}`,
        },
      );
    if (scale !== undefined && scale < 0)
      c.report('negative-scale', `services.${name}.scale: must be greater than or equal to 0`, [...at, 'scale'], {
        compose: `services.${name}.scale: must be greater than or equal to 0`,
      });
    if (replicas !== undefined && replicas < 0)
      c.report(
        'negative-scale',
        `services.${name}.deploy.replicas: must be greater than or equal to 0`,
        [...at, 'deploy', 'replicas'],
        { compose: `services.${name}.deploy.replicas: must be greater than or equal to 0` },
      );
    const effective = scale ?? replicas ?? 1;
    const attr = scale !== undefined ? 'scale' : 'deploy.replicas';
    if (effective > 1 && s.container_name !== undefined)
      c.report(
        'container-name-scale',
        `services.${name}: can't set container_name and ${attr} as container name must be unique`,
        [...at, 'container_name'],
        {
          key: true,
          hint: 'remove container_name: Compose names each replica itself',
          // compose-go passes the attribute and the service name to its format the other way round
          compose: `services.${attr}: can't set container_name and ${name} as container name must be unique${INVALID}`,
        },
      );
  },
  function resources(c, name, s, at) {
    const res = isObject(s.deploy) && isObject(s.deploy.resources) ? s.deploy.resources : undefined;
    if (!res) return;
    const pairs: [string, 'limits' | 'reservations', string, (v: unknown) => number | undefined][] = [
      ['cpus', 'limits', 'cpus', float],
      ['mem_limit', 'limits', 'memory', bytes],
      ['mem_reservation', 'reservations', 'memory', bytes],
      ['pids_limit', 'limits', 'pids', int],
    ];
    for (const [attr, group, key, value] of pairs) {
      const section = res[group];
      if (s[attr] === undefined || !isObject(section) || section[key] === undefined) continue;
      const a = value(s[attr]);
      const b = value(section[key]);
      if (a !== undefined && b !== undefined && a !== b)
        c.report(
          'resource-conflict',
          `services.${name}: can't set distinct values on '${attr}' and 'deploy.resources.${group}.${key}'`,
          [...at, attr],
          {
            key: true,
            hint: `keep only deploy.resources.${group}.${key}`,
            compose: `services.${name}: can't set distinct values on '${attr}' and 'deploy.resources.${group}.${key}'${INVALID}`,
          },
        );
    }
  },
];

/** checkConsistency checks that need the whole project: a definition may come from another file. */
const PROJECT_CHECKS: ServiceCheck[] = [
  function imageOrBuild(c, name, s, at) {
    if (
      (s.image === undefined || s.image === '') &&
      s.build === undefined &&
      s.provider === undefined &&
      s.extends === undefined
    )
      c.report(
        'missing-image-or-build',
        `service ${JSON.stringify(name)} has neither an image nor a build context specified`,
        at,
        {
          key: true,
          hint: 'add image: or build:',
          compose: `service ${goQuote(name)} has neither an image nor a build context specified${INVALID}`,
        },
      );
  },
  function references(c, name, s, at) {
    const q = JSON.stringify(name);
    const undef = (code: string, section: string, what: string, refs: Ref[]): void => {
      for (const r of refs)
        if (!c.defined(section, r.name))
          c.report(code, `service ${q} refers to undefined ${what} ${r.name}`, r.segs, {
            key: r.key,
            hint: hintName(r.name, Object.keys(isObject(c.model[section]) ? c.model[section] : {}), section),
            compose: `service ${goQuote(name)} refers to undefined ${what} ${r.name}${INVALID}`,
          });
    };
    undef(
      'undefined-network',
      'networks',
      'network',
      names(s.networks, [...at, 'networks']).filter((r) => r.name !== 'default'),
    );
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
    undef('undefined-secret', 'secrets', 'secret', names(s.secrets, [...at, 'secrets'], sourceOf));
    if (isObject(s.build))
      undef(
        'undefined-secret',
        'secrets',
        'build secret',
        names(s.build.secrets, [...at, 'build', 'secrets'], sourceOf),
      );
    undef('undefined-config', 'configs', 'config', names(s.configs, [...at, 'configs'], sourceOf));
    undef('undefined-model', 'models', 'model', names(s.models, [...at, 'models']));
    // build.additional_contexts: `name: service:x` must name a buildable service
    const ctx = isObject(s.build) ? s.build.additional_contexts : undefined;
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
          `service ${q} declares unknown service ${JSON.stringify(target)} as additional contexts ${k}`,
          segs,
          {
            compose: `service ${goQuote(name)} declares unknown service ${goQuote(target)} as additional contexts ${k}`,
          },
        );
      else if (t.build === undefined)
        c.report(
          'undefined-additional-context',
          `service ${q} declares non-buildable service ${JSON.stringify(target)} as additional contexts ${k}`,
          segs,
          {
            compose: `service ${goQuote(name)} declares non-buildable service ${goQuote(target)} as additional contexts ${k}`,
          },
        );
    }
  },
];

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
function dependencies(s: TreeObject, at: Segment[]): Dependency[] {
  const out: Dependency[] = [];
  const long = isObject(s.depends_on) ? s.depends_on : undefined;
  for (const ref of names(s.depends_on, [...at, 'depends_on'])) {
    const entry = long?.[ref.name];
    out.push({
      ref,
      optional: isObject(entry) && entry.required === false,
      code: 'undefined-dependency',
      message: (from) => `service ${JSON.stringify(from)} depends on undefined service ${JSON.stringify(ref.name)}`,
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
            `service ${JSON.stringify(from)} depends on undefined service ${JSON.stringify(name)} (through links)`,
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
            `service ${JSON.stringify(from)} depends on undefined service ${JSON.stringify(name)} (through volumes_from)`,
          compose: (from, normalized) => (normalized ? dependsOnUndefined(from, name) : undefined),
        });
      }
    });
  for (const ns of ['network_mode', 'ipc', 'pid', 'uts', 'cgroup']) {
    const v = s[ns];
    if (typeof v === 'string' && v.startsWith('service:')) {
      const name = v.slice('service:'.length);
      out.push({
        ref: { name, segs: [...at, ns] },
        code: 'undefined-namespace-service',
        message: (from) =>
          `service ${JSON.stringify(from)} depends on undefined service ${JSON.stringify(name)} (through ${ns}: service:${name})`,
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

function hintName(name: string, known: string[], section = 'services'): string {
  const close = didYouMean(name, known);
  if (close) return `did you mean ${JSON.stringify(close)}?`;
  if (section !== 'services') return `declare it under top-level ${section}:`;
  return known.length > 0 && known.length <= 12
    ? `defined services: ${known.join(', ')}`
    : 'no service of that name is defined';
}

export function validateSemantics(model: TreeObject, opts: SemanticOptions = {}): Diagnostic[] {
  const c = new Checker(
    model,
    opts.partial === true,
    opts.consistency !== false,
    opts.validation !== false,
    opts.normalized !== false,
  );
  const disabled = opts.disabled ?? new Map<string, readonly string[]>();
  if (model.version !== undefined)
    c.report(
      'obsolete-version',
      'the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion',
      ['version'],
      { key: true, severity: 'warning', hint: 'delete the `version:` line' },
    );
  const validation = c.validation ? VALIDATION_CHECKS : [];
  const checks = [
    ...validation,
    ...(c.consistency ? LOCAL_CHECKS : []),
    ...(c.consistency && !c.partial ? PROJECT_CHECKS : []),
  ];
  const edges = new Map<string, Map<string, Ref>>();
  const containerNames = new Map<string, string>();
  for (const name of Object.keys(c.services)) {
    const s = c.services[name];
    if (!isObject(s)) continue;
    const at: Segment[] = ['services', name];
    const off = disabled.has(name);
    for (const check of off ? validation : checks) check(c, name, s, at);
    if (!c.consistency || off) continue;
    const deps = new Map<string, Ref>();
    for (const d of dependencies(s, at)) {
      if (deps.has(d.ref.name)) continue; // one report per (service, dependency), the first way it is written
      deps.set(d.ref.name, d.ref);
      if (c.partial) continue;
      const profiles = disabled.get(d.ref.name);
      const compose = d.compose(name, c.normalized);
      if (!Object.hasOwn(c.services, d.ref.name))
        c.report(d.code, d.message(name), d.ref.segs, {
          key: d.ref.key,
          hint: hintName(d.ref.name, Object.keys(c.services)),
          compose,
        });
      else if (profiles && !d.optional) {
        const enable = profiles.map((p) => `--profile ${p}`).join(' or ');
        const or = d.code === 'undefined-dependency' ? ', or depend on it with required: false' : '';
        c.report(d.code, d.message(name), d.ref.segs, {
          key: d.ref.key,
          hint: `${JSON.stringify(d.ref.name)} is only enabled by ${enable}; enable it${or}`,
          compose,
        });
      }
    }
    for (const dep of deps.keys()) if (disabled.has(dep)) deps.delete(dep); // the graph holds enabled services only
    edges.set(name, deps);
    const cn = str(s.container_name);
    if (cn !== undefined) {
      const prev = containerNames.get(cn);
      if (prev !== undefined)
        c.report(
          'duplicate-container-name',
          `services.${name}: container name ${JSON.stringify(cn)} is already in use by service ${prev}`,
          [...at, 'container_name'],
          {
            hint: 'container names must be unique: rename one or remove container_name',
            // types/project.go CheckContainerNameUnicity prints the empty struct its set holds, and a stray quote
            compose: `services.${name}: container name ${goQuote(cn)} is already in use by service {}"`,
          },
        );
      else containerNames.set(cn, name);
    }
  }
  for (const cycle of c.consistency ? cycles(edges) : []) {
    const ref = edges.get(cycle[0])?.get(cycle[1]);
    c.report(
      'dependency-cycle',
      `dependency cycle detected: ${cycle.join(' -> ')}`,
      ref?.segs ?? ['services', cycle[0]],
      { key: ref?.key ?? true, compose: `dependency cycle detected: ${cycle.join(' -> ')}` },
    );
  }
  topLevelChecks(c);
  return sortDiagnostics(c.out);
}

/**
 * One cycle per strongly connected component (Tarjan, iterative: a long chain must not overflow the
 * stack), printed like compose-go graph/cycle.go: from the component's first name in sorted order,
 * following the first dependency (sorted) that stays in the component, until a name repeats.
 */
function cycles(edges: Map<string, Map<string, Ref>>): string[][] {
  const next = (n: string): string[] => [...(edges.get(n)?.keys() ?? [])].filter((m) => edges.has(m)).sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const root of [...edges.keys()].sort()) {
    if (index.has(root)) continue;
    const work: [string, string[], number][] = [];
    const open = (n: string): void => {
      index.set(n, index.size);
      low.set(n, index.get(n) as number);
      stack.push(n);
      onStack.add(n);
      work.push([n, next(n), 0]);
    };
    open(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const [n, children] = frame;
      if (frame[2] < children.length) {
        const m = children[frame[2]++];
        if (!index.has(m)) open(m);
        else if (onStack.has(m)) low.set(n, Math.min(low.get(n) as number, index.get(m) as number));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent) as number, low.get(n) as number));
      }
      if (low.get(n) === index.get(n)) {
        const comp: string[] = [];
        let m: string;
        do {
          m = stack.pop() as string;
          onStack.delete(m);
          comp.push(m);
        } while (m !== n);
        if (comp.length > 1 || edges.get(n)?.has(n)) components.push(comp);
      }
    }
  }
  return components
    .map((comp) => {
      const inComp = new Set(comp);
      const path = [comp.reduce((a, b) => (b < a ? b : a))];
      for (;;) {
        const m = next(path[path.length - 1]).find((x) => inComp.has(x)) as string;
        const i = path.indexOf(m);
        if (i >= 0) return [...path.slice(i), m];
        path.push(m);
      }
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function topLevelChecks(c: Checker): void {
  const objects: [string, string[]][] = [
    ['secrets', ['file', 'environment']],
    ['configs', ['file', 'environment', 'content']],
  ];
  for (const [section, keys] of objects) {
    const all = c.model[section];
    if (!isObject(all)) continue;
    for (const [name, obj] of Object.entries(all)) {
      if (!isObject(obj)) continue;
      const set = keys.filter((k) => obj[k] !== undefined);
      const at = [section, name];
      const external = obj.external === true || obj.external === 'true';
      const hint = `add ${keys.map((k) => `${k}:`).join(' or ')}, or external: true`;
      // validation/validation.go checkFileObject: a custom driver may provide the content (an
      // `external` key, even false, waives it there)
      const conflict = `${section}.${name}: ${keys.join('|')} attributes are mutually exclusive`;
      const missing = `${section}.${name}: one of ${keys.join('|')} must be set`;
      if (c.validation && set.length > 1)
        c.report('source-conflict', conflict, [...at, set[1]], { key: true, compose: conflict });
      else if (c.validation && set.length === 0 && !c.partial && obj.external === undefined && obj.driver === undefined)
        c.report('source-missing', missing, at, { key: true, hint, compose: missing });
      // loader/validate.go: a secret needs file or environment even with a driver
      else if (
        set.length === 0 &&
        !c.partial &&
        !external &&
        section === 'secrets' &&
        c.consistency &&
        obj.file === undefined &&
        obj.environment === undefined
      )
        c.report(
          'source-missing',
          `secret ${JSON.stringify(name)} must declare either \`file\` or \`environment\``,
          at,
          {
            key: true,
            hint,
            compose: `secret ${goQuote(name)} must declare either \`file\` or \`environment\`${INVALID}`,
          },
        );
    }
  }
  // validation/external.go: an external volume is only a name
  if (c.validation && isObject(c.model.volumes))
    for (const [name, v] of Object.entries(c.model.volumes)) {
      if (!isObject(v) || (v.external !== true && v.external !== 'true')) continue;
      for (const k of Object.keys(v))
        if (k !== 'name' && k !== 'external' && !k.startsWith('x-'))
          c.report(
            'external-conflict',
            `volumes.${name}: conflicting parameters "external" and ${JSON.stringify(k)} specified`,
            ['volumes', name, k],
            {
              key: true,
              hint: 'an external volume is created outside Compose: keep only name and external',
              compose: `volumes.${name}: conflicting parameters "external" and ${goQuote(k)} specified`,
            },
          );
    }
}
