/**
 * A tiny Prometheus registry (text exposition format 0.0.4). Process-wide like prom-client's default
 * registry, so any route can count without a handle on the app: `countFinding(rule, severity)`.
 */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const requests = new Map<string, number>();
const durations = new Map<string, { buckets: number[]; sum: number; count: number }>();
const findings = new Map<string, number>();

// label sets are joined with NUL: it cannot occur in a method, route pattern, status or rule id
const key = (...labels: string[]) => labels.join('\0');

/** Counts audit findings; call once per finding (or with `n`). */
export function countFinding(rule: string, severity: string, n = 1): void {
  const k = key(rule, severity);
  findings.set(k, (findings.get(k) ?? 0) + n);
}

/** Records one answered HTTP request; `route` is the route pattern (bounded cardinality), never the raw URL. */
export function observeRequest(method: string, route: string, status: number, seconds: number): void {
  const k = key(method, route, String(status));
  requests.set(k, (requests.get(k) ?? 0) + 1);
  const hk = key(route, String(status));
  let h = durations.get(hk);
  if (!h) durations.set(hk, (h = { buckets: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 }));
  DURATION_BUCKETS.forEach((le, i) => {
    if (seconds <= le) h.buckets[i]++;
  });
  h.sum += seconds;
  h.count++;
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (names: string[], k: string, extra = '') =>
  `{${k
    .split('\0')
    .map((v, i) => `${names[i]}="${escape(v)}"`)
    .concat(extra ? [extra] : [])
    .join(',')}}`;

/** The whole registry in Prometheus text format. */
export function renderMetrics(): string {
  const out: string[] = [];
  out.push(
    '# HELP http_requests_total HTTP requests answered, by method, route pattern and status.',
    '# TYPE http_requests_total counter',
  );
  for (const [k, v] of requests) out.push(`http_requests_total${labels(['method', 'route', 'status'], k)} ${v}`);
  out.push(
    '# HELP http_request_duration_seconds Time to answer an HTTP request, by route pattern and status.',
    '# TYPE http_request_duration_seconds histogram',
  );
  for (const [k, h] of durations) {
    DURATION_BUCKETS.forEach((le, i) =>
      out.push(`http_request_duration_seconds_bucket${labels(['route', 'status'], k, `le="${le}"`)} ${h.buckets[i]}`),
    );
    out.push(`http_request_duration_seconds_bucket${labels(['route', 'status'], k, 'le="+Inf"')} ${h.count}`);
    out.push(`http_request_duration_seconds_sum${labels(['route', 'status'], k)} ${h.sum}`);
    out.push(`http_request_duration_seconds_count${labels(['route', 'status'], k)} ${h.count}`);
  }
  out.push(
    '# HELP compose_review_findings_total Audit findings reported, by rule and severity.',
    '# TYPE compose_review_findings_total counter',
  );
  for (const [k, v] of findings) out.push(`compose_review_findings_total${labels(['rule', 'severity'], k)} ${v}`);
  const cpu = process.cpuUsage();
  out.push(
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
    '# HELP process_cpu_seconds_total User and system CPU time spent in seconds.',
    '# TYPE process_cpu_seconds_total counter',
    `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
    '# HELP process_start_time_seconds Start time of the process since the Unix epoch in seconds.',
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${Math.round(Date.now() / 1000 - process.uptime())}`,
  );
  return out.join('\n') + '\n';
}
