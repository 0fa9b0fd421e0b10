/**
 * The healthcheck `test` the healthcheck-missing fix suggests for a service: for the official images
 * whose healthy state a tool inside the image tells, that tool as the image's documentation or its
 * maintainers' own examples call it (a `wget` of `:8080/health` means nothing to PostgreSQL or
 * Redis); for any other image an HTTP probe of the first container port the service publishes or
 * exposes (8080 when none is known), which the reader adapts.
 */
import type { TreeObject } from '../yaml/located.js';
import { list, parseImage, str } from './model.js';
import { portRange, ports } from './ports.js';
import { addOwnPhrases, bundleText } from './vocabulary.js';

const PG_ISREADY = '["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]';

/**
 * By repository name as Docker Hub names it (`library/` and the registry dropped). The `$$` is
 * Compose's escape of `$`: the shell in the container expands the variable, not Compose.
 */
const BY_IMAGE: ReadonlyMap<string, string> = new Map([
  // the postgres image's clients; pg_isready exits 0 once the server accepts connections
  ['postgres', PG_ISREADY],
  ['postgis/postgis', PG_ISREADY],
  ['timescale/timescaledb', PG_ISREADY],
  ['mysql', '["CMD", "mysqladmin", "ping", "-h", "localhost"]'],
  // the mariadb image ships healthcheck.sh for this (its README, "Health check")
  ['mariadb', '["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]'],
  ['redis', '["CMD", "redis-cli", "ping"]'],
  ['valkey/valkey', '["CMD", "valkey-cli", "ping"]'],
  ['mongo', '["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand(\'ping\')"]'],
  ['rabbitmq', '["CMD", "rabbitmq-diagnostics", "-q", "ping"]'],
]);
addOwnPhrases(BY_IMAGE.values());

/** `docker.io/library/postgres:16` → `postgres`; `ghcr.io/x/y` stays as it is. */
export function hubRepository(image: string): string {
  let name = parseImage(image.trim()).name.toLowerCase();
  for (const registry of ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/'])
    if (name.startsWith(registry)) name = name.slice(registry.length);
  return name.startsWith('library/') ? name.slice('library/'.length) : name;
}

/** A single container port, 1 to 65535 (not a range), as the port rules read one (ports.ts portRange). */
const portNumber = (s: string | undefined): string | undefined => {
  const r = portRange(s);
  return r && r[0] === r[1] && r[0] >= 1 ? String(r[0]) : undefined;
};

/** The `test` of the healthcheck to suggest for `svc`, as a YAML flow sequence. */
export function suggestedHealthTest(svc: TreeObject): string {
  const image = str(svc.image);
  const known = image === undefined ? undefined : BY_IMAGE.get(hubRepository(image));
  if (known) return known;
  const port =
    ports(svc)
      .map((p) => (p.protocol === 'tcp' ? portNumber(p.target) : undefined))
      .find((p) => p !== undefined) ??
    list(svc.expose)
      .map((e) => (/^\s*\d+\s*(\/tcp)?\s*$/i.test(String(e)) ? portNumber(String(e).replace(/\/tcp/i, '')) : undefined))
      .find((p) => p !== undefined);
  return `["CMD", "wget", "-q", "--spider", "http://localhost:${port === undefined ? '8080' : bundleText(port)}/health"]`;
}
