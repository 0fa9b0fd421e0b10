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
import type { Diagnostic, Location } from '../diagnostics.js';
import { sortDiagnostics } from '../diagnostics.js';
import { isObject } from '../yaml/located.js';
import type { TreeObject } from '../yaml/located.js';
import { Checker, str, type Ref, type Segment } from './checker.js';
import { LOCAL_CHECKS, topLevelChecks, VALIDATION_CHECKS } from './values.js';
import { dependencies, PROJECT_CHECKS } from './references.js';
import { cycles } from './graph.js';
import { goQuote } from '../compat/go.js';
import { jsonQuote } from '../utf8.js';

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
  /**
   * a merged model: where the last file that names each resource (`services.web`) names it. What a
   * resource lacks (an image or build, a secret's source) is reported there, where a user adds it
   */
  lastDefinitions?: Pick<ReadonlyMap<string, Location>, 'get'>;
}

const NO_DEPENDENCIES = new Map<string, Ref>();

export function validateSemantics(model: TreeObject, opts: SemanticOptions = {}): Diagnostic[] {
  const c = new Checker(
    model,
    opts.partial === true,
    opts.consistency !== false,
    opts.validation !== false,
    opts.normalized !== false,
    opts.lastDefinitions,
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
    // by index: an iterator per service was a third of what this loop allocated
    const run = off ? validation : checks;
    for (let i = 0; i < run.length; i++) run[i](c, name, s, at);
    if (!c.consistency || off) continue;
    const found = dependencies(s, at);
    // a service that depends on nothing shares one empty map (nothing is ever added to it)
    const deps = found.length ? new Map<string, Ref>() : NO_DEPENDENCIES;
    for (const d of found) {
      if (deps.has(d.ref.name)) continue; // one report per (service, dependency), the first way it is written
      deps.set(d.ref.name, d.ref);
      if (c.partial) continue;
      const profiles = disabled.get(d.ref.name);
      const compose = d.compose(name, c.normalized);
      if (!Object.hasOwn(c.services, d.ref.name))
        c.report(d.code, d.message(name), d.ref.segs, {
          key: d.ref.key,
          hint: c.hint(d.ref.name),
          compose,
        });
      else if (profiles && !d.optional) {
        const enable = profiles.map((p) => `--profile ${p}`).join(' or ');
        const or = d.code === 'undefined-dependency' ? ', or depend on it with required: false' : '';
        c.report(d.code, d.message(name), d.ref.segs, {
          key: d.ref.key,
          hint: `${jsonQuote(d.ref.name)} is only enabled by ${enable}; enable it${or}`,
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
          `services.${name}: container name ${jsonQuote(cn)} is already in use by service ${prev}`,
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
