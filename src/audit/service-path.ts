/**
 * The service a finding is about, read back from its model path as formatPath (src/diagnostics.ts)
 * writes it: `services.web.ports[0]`, or `services["my.svc"].ports[0]` for a name it quotes.
 */

/** `services.web` or, for a name formatPath quotes (`my.svc`, a name a partial audit reads), `services["my.svc"]`. */
const SERVICE_PATH = /^services(?:\.([A-Za-z0-9_-]+)|\[("(?:[^"\\]|\\.)*")\])/;

/** The service a finding is about and the rest of its path (`services.web.ports[0]` → web, `.ports[0]`). */
export function servicePath(path: string): { service: string; rest: string } | undefined {
  const service = plainService(path);
  if (service !== undefined) return { service, rest: path.slice(9 + service.length) };
  const m = SERVICE_PATH.exec(path);
  if (!m) return undefined;
  return { service: m[1] ?? String(JSON.parse(m[2])), rest: path.slice(m[0].length) };
}

/** The service a finding is about (`services.web.ports[0]` → web), from its model path. */
export function serviceOf(path: string): string | undefined {
  return plainService(path) ?? servicePath(path)?.service;
}

/**
 * SERVICE_PATH's first form (`services.web`) read without the regex, once for each finding grouped;
 * undefined for the others (a quoted name, no service).
 */
function plainService(path: string): string | undefined {
  if (!path.startsWith('services.')) return undefined;
  let end = 9;
  for (; end < path.length; end++) {
    const c = path.charCodeAt(end);
    // 0-9, A-Z, a-z, _ and -
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45)) break;
  }
  return end > 9 ? path.slice(9, end) : undefined;
}
