/**
 * The semantic checks of one service's own values (compose-go validation/*.go, the short-syntax
 * parsers, loader/validate.go checkConsistency's checks of one service) and of the top-level
 * secrets, configs and external volumes.
 */
import { formatPath } from '../diagnostics.js';
import { isObject } from '../yaml/located.js';
import type { Tree } from '../yaml/located.js';
import { isIP } from '../syntax/ports.js';
import { cleanPath } from '../syntax/volumes.js';
import { parseVolumeSpec, portSpecFailure } from './syntax.js';
import { goQuote } from '../compat/go.js';
import { treePathOf as goTreePath } from '../yaml/treepath.js';
import { bytes, float, hasVar, int, INVALID, str, type Checker, type Segment, type ServiceCheck } from './checker.js';
import { jsonQuote } from '../utf8.js';
import { quotedParts } from '../diagnostics.js';

/**
 * What compose-go checks on every load (validation/*.go, paths/resolve.go, the short-syntax parsers,
 * extends): these run even when the consistency check is skipped, and on fragments.
 */
export const VALIDATION_CHECKS: ServiceCheck[] = [
  function extendsInFile(c, name, s, at) {
    const ext = s.extends;
    const ref = typeof ext === 'string' ? ext : isObject(ext) && ext.file === undefined ? str(ext.service) : undefined;
    if (ref === undefined || Object.hasOwn(c.services, ref)) return;
    const segs = typeof ext === 'string' ? [...at, 'extends'] : [...at, 'extends', 'service'];
    const file = c.loc(segs)?.file;
    c.report(
      'extends-not-found',
      `cannot extend service ${jsonQuote(name)}: service ${jsonQuote(ref)} not found`,
      segs,
      {
        hint: c.hint(ref),
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
        const err = portSpecFailure(p);
        if (err)
          c.report('invalid-port', err.message, segs, {
            hint: 'write [[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. "127.0.0.1:8080:80/tcp"',
            compose: err.message,
            quotes: quotedParts(err),
          });
      } else if (typeof p === 'number' && !(Number.isInteger(p) && p >= 0 && p <= 65535))
        c.report('invalid-port', `Invalid containerPort: ${p}`, segs, { compose: `Invalid containerPort: ${p}` });
      else if (isObject(p)) {
        // a number is compose-go's uint32 (types.go ServicePortConfig.Target, decoded in src/load/shape.ts):
        // Compose loads 70000 as it is; the audit's container-port-invalid says the engine refuses it
        const t = p.target;
        if (typeof t === 'string' && !hasVar(t) && !/^\d+$/.test(t))
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
    if (!Array.isArray(res?.devices) && !Array.isArray(s.gpus)) return;
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
export const LOCAL_CHECKS: ServiceCheck[] = [
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
    // most services mount nothing: no map and closure made for them (validateSemantics allocated
    // enough on 10,000 services to spend a third of its time collecting garbage)
    if (s.tmpfs === undefined && !Array.isArray(s.volumes)) return;
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
        `service ${jsonQuote(name)} declares mutually exclusive dockerfile and dockerfile_inline`,
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
        `service.build.platforms MUST include service.platform ${jsonQuote(platform)}`,
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
          hint: `write [CMD, ${jsonQuote(String(test[0]))}, ...] to run it directly, or [CMD-SHELL, "..."] to run it in a shell`,
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

/** The top-level resources: secret and config sources, external volumes. */
export function topLevelChecks(c: Checker): void {
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
        c.report('source-missing', missing, at, { key: true, lacking: true, hint, compose: missing });
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
        c.report('source-missing', `secret ${jsonQuote(name)} must declare either \`file\` or \`environment\``, at, {
          key: true,
          lacking: true,
          hint,
          compose: `secret ${goQuote(name)} must declare either \`file\` or \`environment\`${INVALID}`,
        });
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
            `volumes.${name}: conflicting parameters "external" and ${jsonQuote(k)} specified`,
            ['volumes', name, k],
            {
              key: true,
              hint: 'an external volume is created outside Compose: keep only name and external',
              compose: `volumes.${name}: conflicting parameters "external" and ${goQuote(k)} specified`,
            },
          );
    }
}
