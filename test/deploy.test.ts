// The deployment files: the Kubernetes manifests of deploy/kubernetes and the compose example of
// examples/replicas. Every Kubernetes object is checked offline against the Kubernetes schemas of
// kubernetes-models (types, enums, required fields), and against its TypeScript types for fields the
// API does not know (kubectl's strict field validation refuses them; the JSON schemas allow them).
// The kustomizations are rendered here (resources, components, images: the fields they use; any other
// field fails the test) and, where kubectl is installed, compared with `kubectl kustomize`.
import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import ts from 'typescript';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { main } from '../src/cli/main.js';
import { loadConfig } from '../src/api/config.js';
import { poolShape, shutdownRuleViolation } from '../src/api/shape.js';

const REPO = join(import.meta.dirname, '..');
const K8S = join(REPO, 'deploy', 'kubernetes');

/** apiVersion/kind -> the model that validates it and the module of its TypeScript type. */
const MODELS: Record<string, { model: new (data: never) => { validate(): void }; module: string; type: string }> = {
  'v1/ConfigMap': { model: ConfigMap, module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  'v1/Service': { model: Service, module: 'kubernetes-models/v1/Service', type: 'IService' },
  'apps/v1/Deployment': { model: Deployment, module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' },
  'policy/v1/PodDisruptionBudget': {
    model: PodDisruptionBudget,
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    type: 'IPodDisruptionBudget',
  },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler,
    module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    type: 'IHorizontalPodAutoscaler',
  },
  'networking.k8s.io/v1/NetworkPolicy': {
    model: NetworkPolicy,
    module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    type: 'INetworkPolicy',
  },
};

// ---- a kustomize build of the fields our kustomizations use -------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML, checked field by field
type Obj = Record<string, any>;
interface Resource extends Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
}
interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

const KUSTOMIZATION_KEYS = new Set(['apiVersion', 'kind', 'resources', 'components', 'images']);

function readKustomization(dir: string, kind: 'Kustomization' | 'Component'): Obj {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Obj;
  const api = kind === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1';
  if (k.apiVersion !== api || k.kind !== kind) throw new Error(`${dir}: not a ${api} ${kind}`);
  for (const key of Object.keys(k))
    if (!KUSTOMIZATION_KEYS.has(key)) throw new Error(`${dir}: field ${key} is not rendered by this test`);
  return k;
}

function setImages(objects: Resource[], rules: ImageRule[] | undefined): void {
  for (const rule of rules ?? [])
    for (const o of objects)
      for (const c of [
        ...(o.spec?.template?.spec?.containers ?? []),
        ...(o.spec?.template?.spec?.initContainers ?? []),
      ]) {
        const name = String(c.image)
          .split('@')[0]
          .replace(/:[^:/]*$/, '');
        if (name !== rule.name) continue;
        c.image = (rule.newName ?? name) + (rule.digest ? `@${rule.digest}` : rule.newTag ? `:${rule.newTag}` : '');
      }
}

/** Renders a kustomization directory; `used` collects every file it read. */
function build(dir: string, used: Set<string>, kind: 'Kustomization' | 'Component' = 'Kustomization'): Resource[] {
  const k = readKustomization(dir, kind);
  used.add(join(dir, 'kustomization.yaml'));
  const objects: Resource[] = [];
  for (const r of (k.resources ?? []) as string[]) {
    const path = resolve(dir, r);
    if (!existsSync(path)) throw new Error(`${dir}: resource ${r} does not exist`);
    if (statSync(path).isDirectory()) objects.push(...build(path, used));
    else {
      used.add(path);
      for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
        if (doc.errors.length) throw new Error(`${path}: ${doc.errors[0].message}`);
        objects.push(doc.toJS() as Resource);
      }
    }
  }
  for (const c of (k.components ?? []) as string[]) {
    const path = resolve(dir, c);
    if (!existsSync(join(path, 'kustomization.yaml'))) throw new Error(`${dir}: component ${c} does not exist`);
    objects.push(...build(path, used, 'Component'));
  }
  setImages(objects, k.images as ImageRule[] | undefined);
  return objects;
}

// ---- checks --------------------------------------------------------------------------------

/** Fields unknown to the API, and wrong types, as TypeScript sees each object as its model's type. */
function unknownFields(objects: Resource[]): string[] {
  const file = join(REPO, 'test', '__k8s_manifests__.ts');
  const lines: string[] = [];
  objects.forEach((o, i) => {
    const m = MODELS[`${o.apiVersion}/${o.kind}`];
    lines.push(`import type { ${m.type} as T${i} } from '${m.module}';`);
    lines.push(`export const o${i}: T${i} = ${JSON.stringify(o)};`);
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const o = objects[Math.floor(line / 2)];
    return `${o ? `${o.kind}/${o.metadata.name}` : '?'}: ${text}`;
  });
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);
const find = (objects: Resource[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const envOf = (c: Obj, name: string): string | undefined => c.env?.find((e: Obj) => e.name === name)?.value;
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );

function checkObjects(t: Test, objects: Resource[]): void {
  for (const o of objects) {
    const m = MODELS[`${o.apiVersion}/${o.kind}`];
    t.ok(m, `${o.kind}/${o.metadata?.name}: ${o.apiVersion} ${o.kind} is a known model`);
    if (!m) continue;
    t.doesNotThrow(() => new m.model(o as never).validate(), `${o.kind}/${o.metadata.name} is valid`);
  }
  const keys = objects.map((o) => `${o.kind}/${o.metadata.name}`);
  t.same(keys.length, new Set(keys).size, 'no two objects of a kind share a name');
  t.same(unknownFields(objects), [], 'no field the API does not know');
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const pod = d.spec.template.spec;
    const where = `Deployment/${d.metadata.name}`;
    t.ok(matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels), `${where}: selector matches its pods`);
    t.equal(pod.automountServiceAccountToken, false, `${where}: no service account token`);
    t.equal(pod.securityContext?.runAsNonRoot, true, `${where}: pod runAsNonRoot`);
    t.equal(pod.securityContext?.seccompProfile?.type, 'RuntimeDefault', `${where}: pod seccomp RuntimeDefault`);
    for (const c of pod.containers) {
      const s = c.securityContext ?? {};
      t.equal(s.allowPrivilegeEscalation, false, `${where}/${c.name}: no privilege escalation`);
      t.equal(s.readOnlyRootFilesystem, true, `${where}/${c.name}: read-only root filesystem`);
      t.equal(s.runAsNonRoot, true, `${where}/${c.name}: runAsNonRoot`);
      t.same(s.capabilities?.drop, ['ALL'], `${where}/${c.name}: all capabilities dropped`);
      t.equal(s.seccompProfile?.type, 'RuntimeDefault', `${where}/${c.name}: seccomp RuntimeDefault`);
      for (const kind of ['requests', 'limits'])
        t.ok(c.resources?.[kind]?.cpu && c.resources?.[kind]?.memory, `${where}/${c.name}: cpu and memory ${kind}`);
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'])
        t.ok(c[probe], `${where}/${c.name}: ${probe}`);
      for (const probe of [c.startupProbe, c.livenessProbe, c.readinessProbe]) {
        const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
        if (typeof port === 'string')
          t.ok(
            c.ports?.some((p: Obj) => p.name === port),
            `${where}/${c.name}: probe port ${port} is a port of the container`,
          );
      }
    }
  }
  for (const s of objects.filter((o) => o.kind === 'Service')) {
    const d = objects.find((o) => o.kind === 'Deployment' && matches(s.spec.selector, o.spec.template.metadata.labels));
    t.ok(d, `Service/${s.metadata.name} selects a Deployment's pods`);
    for (const p of s.spec.ports)
      t.ok(
        d?.spec.template.spec.containers.some((c: Obj) =>
          c.ports?.some((cp: Obj) => cp.name === p.targetPort || cp.containerPort === p.targetPort),
        ),
        `Service/${s.metadata.name}: targetPort ${p.targetPort} is a container port`,
      );
  }
  for (const n of objects.filter((o) => o.kind === 'NetworkPolicy'))
    t.ok(
      objects.some(
        (o) => o.kind === 'Deployment' && matches(n.spec.podSelector.matchLabels, o.spec.template.metadata.labels),
      ),
      `NetworkPolicy/${n.metadata.name} selects a Deployment's pods`,
    );
}

const used = new Set<string>();
const base = build(K8S, used);
const shared = build(join(K8S, 'overlays', 'shared-limits'), used);

t.test('every file of deploy/kubernetes is part of a kustomization', async (t) => {
  t.same(
    files(K8S)
      .filter((f) => !used.has(f))
      .map((f) => relative(K8S, f)),
    [],
  );
});

t.test('the base: valid objects, hardened, one image reference', async (t) => {
  t.same(base.map((o) => `${o.kind}/${o.metadata.name}`).sort(), [
    'Deployment/compose-review',
    'HorizontalPodAutoscaler/compose-review',
    'PodDisruptionBudget/compose-review',
    'Service/compose-review',
  ]);
  checkObjects(t, base);
  const d = find(base, 'Deployment', 'compose-review')!;
  const c = d.spec.template.spec.containers[0];
  const raw = parse(readFileSync(join(K8S, 'base', 'deployment.yaml'), 'utf8')) as Obj;
  t.equal(raw.spec.template.spec.containers[0].image, 'compose-review', 'the Deployment names the image, no tag');
  const images = (parse(readFileSync(join(K8S, 'base', 'kustomization.yaml'), 'utf8')) as Obj).images;
  t.equal(c.image, `${images[0].newName}:${images[0].newTag}`, 'the tag comes from base/kustomization.yaml alone');
  const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version;
  t.equal(images[0].newTag, version, 'the tag is the package version');
  t.match(
    readFileSync(join(REPO, 'Dockerfile'), 'utf8'),
    new RegExp(`^ARG VERSION=${version}$`, 'm'),
    'so is the image label',
  );

  // the image's user (Dockerfile USER) is the pod's user
  const user = /^USER (\d+):(\d+)$/m.exec(readFileSync(join(REPO, 'Dockerfile'), 'utf8'));
  t.equal(String(d.spec.template.spec.securityContext.runAsUser), user?.[1], 'runAsUser = the Dockerfile USER');
  t.equal(String(d.spec.template.spec.securityContext.runAsGroup), user?.[2], 'runAsGroup = the Dockerfile group');

  const http = c.ports.find((p: Obj) => p.name === 'http');
  t.equal(String(http?.containerPort), envOf(c, 'PORT'), 'the named port is PORT');
  t.equal(c.startupProbe.httpGet.path, '/healthz');
  t.equal(c.livenessProbe.httpGet.path, '/healthz');
  t.equal(c.readinessProbe.httpGet.path, '/readyz');

  const delay = Number(envOf(c, 'COMPOSE_REVIEW_SHUTDOWN_DELAY_MS'));
  const timeout = Number(envOf(c, 'COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS'));
  t.ok(delay >= 1000, 'a shutdown delay for endpoints to drop the pod');
  t.ok(
    d.spec.template.spec.terminationGracePeriodSeconds * 1000 > delay + timeout,
    'the grace period outlasts the shutdown delay and timeout: the process exits before SIGKILL',
  );
  // the service refuses to start when its queue cannot drain within the shutdown timeout (src/api/pool.ts):
  // the pod's settings, on the CPU and memory of its limits, must satisfy that rule
  const env = Object.fromEntries((c.env as Obj[]).map((e: Obj) => [e.name, e.value]));
  const config = loadConfig(env);
  const shape = poolShape({ cpus: Number(c.resources.limits.cpu), memoryBytes: 512 * 2 ** 20 }, config);
  t.equal(c.resources.limits.memory, '512Mi');
  t.equal(shutdownRuleViolation(shape, config.shutdownTimeoutMs, config.requestTimeoutMs), undefined, 'the pod starts');

  t.notOk('replicas' in d.spec, 'the HorizontalPodAutoscaler owns the replica count');
  const hpa = find(base, 'HorizontalPodAutoscaler', 'compose-review')!;
  t.same(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'compose-review' });
  t.ok(hpa.spec.minReplicas >= 2, 'at least two replicas');
  const pdb = find(base, 'PodDisruptionBudget', 'compose-review')!;
  t.ok(matches(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels), 'the budget covers the pods');
  t.ok(pdb.spec.maxUnavailable < hpa.spec.minReplicas, 'a drain leaves replicas running');
});

t.test('the shared-limits overlay: Redis for the rate limit, network policies', async (t) => {
  checkObjects(t, shared);
  t.equal(shared.length, base.length + 5, 'the base, a Redis Deployment, Service and ConfigMap, two policies');
  const d = find(shared, 'Deployment', 'compose-review')!;
  const c = d.spec.template.spec.containers[0];
  const cm = find(shared, 'ConfigMap', c.envFrom?.[0]?.configMapRef?.name);
  t.ok(cm, "the service's envFrom ConfigMap exists");
  const url = new URL(cm?.data.COMPOSE_REVIEW_REDIS_URL);
  t.equal(url.protocol, 'redis:');
  const svc = find(shared, 'Service', url.hostname);
  t.ok(svc, 'COMPOSE_REVIEW_REDIS_URL names the Redis Service');
  t.ok(
    svc?.spec.ports.some((p: Obj) => String(p.port) === url.port),
    'on its port',
  );
  const redis = find(shared, 'Deployment', 'compose-review-redis')!;
  t.match(redis.spec.template.spec.containers[0].image, /^redis:\d/, 'a pinned Redis tag');
  t.ok(matches(svc?.spec.selector, redis.spec.template.metadata.labels), 'the Redis Service selects Redis');

  const apiPolicy = find(shared, 'NetworkPolicy', 'compose-review')!;
  t.ok(matches(apiPolicy.spec.podSelector.matchLabels, d.spec.template.metadata.labels));
  t.ok(
    apiPolicy.spec.egress.some(
      (e: Obj) =>
        e.to?.some((p: Obj) => matches(p.podSelector?.matchLabels, redis.spec.template.metadata.labels)) &&
        e.ports?.some((p: Obj) => String(p.port) === url.port),
    ),
    'the service may reach Redis',
  );
  const redisPolicy = find(shared, 'NetworkPolicy', 'compose-review-redis')!;
  t.ok(
    redisPolicy.spec.ingress.every((i: Obj) =>
      i.from.every((p: Obj) => matches(p.podSelector?.matchLabels, d.spec.template.metadata.labels)),
    ),
    'only the service reaches Redis',
  );
});

t.test('the objects the schemas refuse are refused (the checks can fail)', async (t) => {
  const d = structuredClone(find(base, 'Deployment', 'compose-review')!);
  d.spec.template.spec.containers[0].securityContext.runAsNonRoot = 'yes';
  t.throws(() => new Deployment(d as never).validate(), 'a wrong type');
  const typo = structuredClone(find(base, 'Deployment', 'compose-review')!);
  typo.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem = true;
  t.match(unknownFields([typo]).join('\n'), /readOnlyRootFileSystem/, 'an unknown field');
});

t.test('kubectl kustomize renders the same objects', async (t) => {
  let kubectl = true;
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  } catch {
    kubectl = false;
  }
  if (!kubectl) return t.skip('kubectl is not installed: the rendering above is this test’s own');
  for (const [dir, ours] of [
    [K8S, base],
    [join(K8S, 'overlays', 'shared-limits'), shared],
  ] as const) {
    const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    const theirs = parseAllDocuments(out).map((d) => d.toJS() as Resource);
    const key = (o: Resource) => `${o.kind}/${o.metadata.name}`;
    const sorted = (list: Resource[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    t.same(sorted(theirs), sorted(ours), relative(REPO, dir) || '.');
  }
});

// ---- the compose example ---------------------------------------------------------------------

async function cli(argv: string[]) {
  let stdout = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stdout += s), env: {}, cwd: REPO });
  return { code, stdout };
}

t.test('examples/replicas/compose.yaml: three replicas behind a proxy, clean in our own audit', async (t) => {
  const file = 'examples/replicas/compose.yaml';
  const v = await cli(['validate', '-f', file]);
  t.equal(v.code, 0, v.stdout);
  const a = await cli(['audit', '-f', file, '--env', 'production', '--fail-on', 'warning']);
  t.equal(a.code, 0, a.stdout);
  t.match(a.stdout, /0 errors, 0 warnings/);
  const model = parse(readFileSync(join(REPO, file), 'utf8')) as Obj;
  const replicas = model.services['compose-review'].deploy.replicas;
  t.equal(replicas, 3);
  t.notOk(model.services['compose-review'].ports, 'the replicas publish no host port');
  // the proxy's upstreams are the replicas by name: <project>-<service>-<n>, one for each
  const caddyfile: string = model.configs.caddyfile.content;
  const upstreams = [...caddyfile.matchAll(/\b([a-z0-9-]+)-(\d+):8080\b/g)];
  t.same(
    upstreams.map((m) => m[0]),
    Array.from({ length: replicas }, (_, i) => `${model.name}-compose-review-${i + 1}:8080`),
  );
  t.match(caddyfile, /health_uri \/readyz/, 'the proxy drops a replica whose /readyz says 503');
  const env = model.services['compose-review'].environment;
  t.ok(Number(env.COMPOSE_REVIEW_SHUTDOWN_DELAY_MS) > 2000, 'a delay longer than the proxy health interval (2 s)');
  t.match(env.COMPOSE_REVIEW_REDIS_URL, /^redis:\/\/redis:6379$/, 'one rate-limit store for the replicas');
  const grace = /^(\d+)s$/.exec(model.services['compose-review'].stop_grace_period)?.[1];
  t.ok(
    Number(grace) * 1000 >
      Number(env.COMPOSE_REVIEW_SHUTDOWN_DELAY_MS) + Number(env.COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS),
    'stop_grace_period outlasts the shutdown delay and timeout',
  );
  // the replica's settings on its limits (cpus 1.0, 512M) satisfy the shutdown rule: it starts (src/api/pool.ts)
  const limits = model.services['compose-review'].deploy.resources.limits;
  const config = loadConfig(env);
  const mb = Number(/^(\d+)M$/.exec(limits.memory)?.[1]);
  t.ok(mb > 0, `memory ${limits.memory} in MiB`);
  const shape = poolShape({ cpus: Number(limits.cpus), memoryBytes: mb * 2 ** 20 }, config);
  t.equal(shutdownRuleViolation(shape, config.shutdownTimeoutMs, config.requestTimeoutMs), undefined, 'a replica starts');
});
