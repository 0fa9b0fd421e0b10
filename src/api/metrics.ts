/**
 * The service's Prometheus metrics, with prom-client (its default registry, process-wide, so any
 * part of the service counts without a handle on the app). prom-client's default metrics give the
 * process and Node.js series (`process_resident_memory_bytes`, `process_cpu_seconds_total`,
 * `nodejs_eventloop_lag_*` ...); the rest is ours. Workers compute, the main thread counts: what a
 * worker found comes back with its reply (`Tally`) and is added here.
 */
import client from 'prom-client';
import type { Tally } from '../usecases/answer.js';

export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const registry = client.register;
client.collectDefaultMetrics({ register: registry });

const requests = new client.Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status.',
  labelNames: ['method', 'route', 'status'],
});
const durations = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by route pattern and status.',
  labelNames: ['route', 'status'],
  buckets: DURATION_BUCKETS,
});
/**
 * What the answers counted since /metrics was last read, by the tally's keys ("rule severity", a
 * diagnostic code): a few additions per answer on the event loop, added to prom-client's counters
 * when they are read, rather than prom-client's label hashing per key per answer (5.3 µs per seed
 * review, 14 keys; 0.4 µs this way). The keys are bounded: rules × severities, limit codes.
 */
const findingsSince = new Map<string, number>();
const budgetsSince = new Map<string, number>();
new client.Counter({
  name: 'compose_review_findings_total',
  help: 'Audit findings reported, by rule and severity.',
  labelNames: ['rule', 'severity'],
  collect() {
    for (const [k, n] of findingsSince) {
      const i = k.lastIndexOf(' ');
      this.inc({ rule: k.slice(0, i), severity: k.slice(i + 1) }, n);
    }
    findingsSince.clear();
  },
});
new client.Counter({
  name: 'compose_review_budget_exceeded_total',
  help: 'Work budgets exceeded (answered 200 with a *-limit diagnostic), by diagnostic code.',
  labelNames: ['code'],
  collect() {
    for (const [code, n] of budgetsSince) this.inc({ code }, n);
    budgetsSince.clear();
  },
});
const add = (counts: Map<string, number>, key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
export const workMetrics = {
  deadlineKills: new client.Counter({
    name: 'compose_review_work_deadline_exceeded_total',
    help: 'Tasks stopped at the work deadline (their worker terminated and replaced; answered 422).',
  }),
  queueFull: new client.Counter({
    name: 'compose_review_work_queue_full_total',
    help: 'Requests refused because the work queue was full (answered 503 with Retry-After).',
  }),
  abandoned: new client.Counter({
    name: 'compose_review_work_abandoned_total',
    help: 'Tasks dropped from the queue because their client closed the connection before a worker took them.',
  }),
  displaced: new client.Counter({
    name: 'compose_review_work_displaced_total',
    help: "Waiting tasks refused (503 with Retry-After) to make room for another client's: their client had the most waiting.",
  }),
  workerFailures: new client.Counter({
    name: 'compose_review_worker_failures_total',
    help: 'Tasks whose worker died (out of its heap limit, or crashed), and worker threads the system refused to start (start-refused), by reason.',
    labelNames: ['reason'],
  }),
  taskSeconds: new client.Histogram({
    name: 'compose_review_work_duration_seconds',
    help: 'Computing time of a task in a worker, by question.',
    labelNames: ['question'],
    buckets: DURATION_BUCKETS,
  }),
  waitSeconds: new client.Histogram({
    name: 'compose_review_work_wait_seconds',
    help: 'Time a task waited in the queue for a worker.',
    buckets: DURATION_BUCKETS,
  }),
  terminating: new client.Gauge({
    name: 'compose_review_workers_terminating',
    help: 'Workers stopped at the deadline whose thread still runs (inside a long native call, such as the JSON.parse of a large body, V8 cannot stop it): each still holds its memory and a CPU, and counts against the queue.',
  }),
  workerStartSeconds: new client.Histogram({
    name: 'compose_review_worker_start_seconds',
    help: 'Start-up of a worker thread, from its environment to the pipeline loaded (over 3 s, the allowance of the shutdown rule, is also logged).',
    buckets: [0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30],
  }),
};

/** What the live pools report (a test process may run several apps). */
export interface PoolGauges {
  workers: number;
  running: number;
  queued: number;
  utilization: number;
}
const pools = new Set<() => PoolGauges>();
export function watchPool(read: () => PoolGauges): () => void {
  pools.add(read);
  return () => void pools.delete(read);
}
const sum = (k: keyof PoolGauges) => [...pools].reduce((n, read) => n + read()[k], 0);
new client.Gauge({
  name: 'compose_review_workers',
  help: 'Worker threads in the pool, running or starting: fewer than configured while the system refuses their threads (a pids or process limit).',
  collect() {
    this.set(sum('workers'));
  },
});
new client.Gauge({
  name: 'compose_review_work_in_progress',
  help: 'Tasks being computed by a worker.',
  collect() {
    this.set(sum('running'));
  },
});
new client.Gauge({
  name: 'compose_review_work_queue_length',
  help: 'Tasks waiting for a worker.',
  collect() {
    this.set(sum('queued'));
  },
});
new client.Gauge({
  name: 'compose_review_pool_utilization',
  help: "The pool's utilization since it started: time spent computing over the time the workers had (0 to 1).",
  collect() {
    this.set(pools.size ? sum('utilization') / pools.size : 0);
  },
});

/** The intake's refusals (src/api/plugins/intake.ts), and the body bytes the live apps hold. */
const bodyHolders = new Set<() => number>();
new client.Gauge({
  name: 'compose_review_body_memory_bytes',
  help: 'Bytes of request bodies (as received, and archives as inflated) held until their answers are sent.',
  collect() {
    this.set([...bodyHolders].reduce((n, read) => n + read(), 0));
  },
});
export const intakeMetrics = {
  refused: new client.Counter({
    name: 'compose_review_intake_refused_total',
    help: 'Requests and connections refused at intake, by reason: body-memory (503 with Retry-After), body-rate (a body arriving below the minimum rate: 408), connections, connections-per-ip (closed as they opened).',
    labelNames: ['reason'],
  }),
  bodyBytes(read: () => number): () => void {
    bodyHolders.add(read);
    return () => void bodyHolders.delete(read);
  },
};

/** Counts audit findings; call once per finding (or with `n`). */
export function countFinding(rule: string, severity: string, n = 1): void {
  add(findingsSince, `${rule} ${severity}`, n);
}

/** Adds what a worker's answer counted. */
export function countTally(t: Tally): void {
  for (const k in t.findings) add(findingsSince, k, t.findings[k]);
  for (const code in t.limits) add(budgetsSince, code, t.limits[code]);
}

/** Records one answered HTTP request; `route` is the route pattern (bounded cardinality), never the raw URL. */
export function observeRequest(method: string, route: string, status: number, seconds: number): void {
  requests.inc({ method, route, status: String(status) });
  durations.observe({ route, status: String(status) }, seconds);
}

/** The whole registry in Prometheus text format. */
export function renderMetrics(): Promise<string> {
  return registry.metrics();
}
export const METRICS_CONTENT_TYPE = registry.contentType;
