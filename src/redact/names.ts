/**
 * The names and paths a bundle defines, which every answer shows: the project's name, the names of
 * its services, networks, volumes, secrets, configs and models (as keys and as `name:`), and of a
 * service its image, container name, hostname, build context and Dockerfile, env files and volume
 * sources and targets; the bundle's file paths. A secret value equal to one of them, or to a word of
 * one (a run of `[A-Za-z0-9_]`, what the masker's whole-token match sees as a token), is no secret to
 * whoever reads the answer, and masking it wherever it appears would hide those names
 * (`KEYCLOAK_PASSWORD=keycloak` masked the service `keycloak`, the image `quay.io/keycloak/keycloak`
 * and the volume `keycloak-data`): such a value is masked only where it stands under its secret name,
 * as short values and public default passwords are (src/redact/secrets.ts isStrongSecret).
 */
import { isObject, type Tree } from '../yaml/located.js';

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'];
/** a service's fields that name or locate something (strings, lists of strings, `{path}`, `{source, target}`, `{context, dockerfile}`) */
const SERVICE_FIELDS = ['image', 'container_name', 'hostname', 'build', 'env_file', 'volumes'];
const NESTED_FIELDS = ['path', 'source', 'target', 'context', 'dockerfile'];
/** Shorter words never reach the masker's values (isStrongSecret: at least 6 characters). */
const MIN_WORD = 6;
const WORD_BREAKS = /[^A-Za-z0-9_]+/;

/** `name` and its words of at least MIN_WORD characters into `out`. */
export function addNameWords(name: string, out: Set<string>): void {
  if (name.length < MIN_WORD) return;
  out.add(name);
  if (WORD_BREAKS.test(name)) for (const w of name.split(WORD_BREAKS)) if (w.length >= MIN_WORD) out.add(w);
}

/** The names and paths a Compose tree (a file as parsed, or a loaded model) defines, and their words, into `out`. */
export function addDefinedNames(tree: Tree | undefined, out: Set<string>): void {
  if (!isObject(tree)) return;
  if (typeof tree.name === 'string') addNameWords(tree.name, out);
  for (const section of SECTIONS) {
    const defs = tree[section];
    if (!isObject(defs)) continue;
    for (const [key, def] of Object.entries(defs)) {
      addNameWords(key, out);
      if (!isObject(def)) continue;
      if (typeof def.name === 'string') addNameWords(def.name, out);
      if (section === 'services') for (const f of SERVICE_FIELDS) fieldNames(def[f], out, 0);
    }
  }
}

function fieldNames(v: Tree | undefined, out: Set<string>, depth: number): void {
  if (typeof v === 'string') addNameWords(v, out);
  else if (Array.isArray(v)) {
    if (depth === 0) for (const item of v) fieldNames(item, out, 1);
  } else if (isObject(v) && depth < 2) for (const f of NESTED_FIELDS) fieldNames(v[f], out, 2);
}
