/**
 * Go functions that compose-go's tests hand to compose-go as callbacks (a default-value transformer,
 * a substitution function, an env-file format), ported by hand to TypeScript so that the vectors that
 * use them check compose-review's matching extension point (setDefaultValues' `defaultValues`, ...).
 * The extractor records each callback by its name and the SHA-256 of its body's Go source text
 * (scripts/extract-compose-go/apis.ts goCallback): a port is found by that hash, so a callback whose
 * Go source changed has no port and its vectors fail until it is ported again. Each port follows its
 * Go source statement by statement; the source is compose-go's (Apache-2.0, see
 * fixtures/compose-go/NOTICE), at the commit of fixtures/compose-go/source.json.
 */
import { isObject, type Tree, type TreeObject } from '../../src/yaml/located.js';
import { InvalidTemplateError, type DefaultReplacement, type Lookup } from '../../src/interpolate/template.js';
import { goQuote } from '../../src/compat/go.js';

/** An error a Go callback returns (`fmt.Errorf`), as the code under test passes it on. */
export class GoError extends Error {}

export interface GoCallback {
  name: string;
  sha256: string;
}

/** Go's `v.(int)` on a value decoded from YAML: an integer, not a float or a string. */
const goInt = (v: Tree | undefined): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : undefined;
const goString = (v: Tree | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** transform/defaults_test.go exampleEnhancedPortDefaults */
function exampleEnhancedPortDefaults(data: Tree): Tree {
  if (!isObject(data)) return data;
  const v: TreeObject = data;
  if (!Object.hasOwn(v, 'protocol')) v.protocol = 'tcp';
  if (!Object.hasOwn(v, 'mode')) v.mode = 'ingress';
  const protocol = goString(v.protocol) ?? '';
  if (protocol === 'http' && !Object.hasOwn(v, 'app_protocol')) v.app_protocol = 'http1.1';
  if (protocol === 'https' && !Object.hasOwn(v, 'app_protocol')) v.app_protocol = 'http2';
  if (!Object.hasOwn(v, 'name')) {
    const target = goInt(v.target);
    if (target !== undefined) {
      const names: Record<number, string> = {
        80: 'http',
        443: 'https',
        3306: 'mysql',
        5432: 'postgres',
        6379: 'redis',
        27017: 'mongodb',
      };
      v.name = names[target] ?? `port-${target}`;
    }
  }
  const published = goString(v.published);
  if (published !== undefined && published.includes('.') && published.includes(':')) {
    const i = published.indexOf(':');
    v['x-published-domain'] = published.slice(0, i);
    v['x-published-port'] = published.slice(i + 1);
  }
  const hostIP = goString(v.host_ip);
  if (hostIP === 'localhost') v.host_ip = '127.0.0.1';
  else if (hostIP === '*') v.host_ip = '0.0.0.0';
  const target = goInt(v.target);
  if (target === 80 || target === 443 || target === 8080 || target === 8443) {
    v['x-metrics-enabled'] = true;
    v['x-metrics-path'] = '/metrics';
  } else if (target === 9090) {
    v['x-metrics-enabled'] = true;
    v['x-metrics-type'] = 'prometheus';
  }
  return v;
}

/** template/template_test.go TestSubstituteWithCustomFunc: errIsMissing */
function errIsMissing(substitution: string, mapping: Lookup): string | undefined {
  const value = mapping(substitution);
  if (value === undefined) throw new InvalidTemplateError(`required variable ${substitution} is missing a value`);
  return value;
}

/** template/template_test.go TestSubstituteWithReplacementFunc: the replacement function */
function replacementDefaultOrFoobar(s: string, _m: Lookup, defaults: DefaultReplacement): string {
  if (s === '${NOTHERE}') throw new GoError(`bad choice: ${goQuote(s)}`);
  let r: string | undefined;
  try {
    r = defaults(s).value; // DefaultReplacementFunc
  } catch {
    r = undefined;
  }
  return r !== undefined && r !== '' ? r : 'foobar';
}

/** template/template_test.go TestSubstituteWithReplacementAppliedFunc: the replacement function */
function replacementAppliedOrFoobar(s: string, _m: Lookup, defaults: DefaultReplacement): string {
  if (s === '${NOTHERE}') throw new GoError(`bad choice: ${goQuote(s)}`);
  try {
    const { value, applied } = defaults(s); // DefaultReplacementAppliedFunc
    if (applied) return value;
  } catch {
    // err != nil: foobar
  }
  return 'foobar';
}

/** dotenv/godotenv_test.go TestLoadWithFormat: the `custom` format, `KEY:VALUE` lines (bufio.Scanner lines) */
function colonFormat(text: string, _filename: string, vars: Record<string, string>, lookup: Lookup): void {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw; // ScanLines drops a trailing \r
    const i = line.indexOf(':');
    const key = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? lookup(key) : line.slice(i + 1);
    if (value === undefined) continue;
    vars[key] = value;
  }
}

/** The ports, by the SHA-256 of the Go body they were made from (`func`: a function literal). */
const PORTS: Record<string, { name: string; fn: unknown }> = {
  '741a818101ac8c908361d2fa5cfbe4906d36791e69efc61539ff0dd6b0ef7275': { name: 'func', fn: errIsMissing },
  '947386937293a57b790d18f2f2452af651cd1173ccb5dba9f0aea5494e759ebf': { name: 'func', fn: replacementDefaultOrFoobar },
  f6a41188be6683223b0a388d9a7e82f6d7655ef50eff347215668d113222777e: { name: 'func', fn: replacementAppliedOrFoobar },
  '5559db0b8a38b42bfdfb27d2119bae7888d251441eab8c8e906bcc3b6d3046b5': { name: 'func', fn: colonFormat },
  '92f6af932ed817735d3fd84634e6b52c6156fa8efbab8c373a9cc98b3ec49054': {
    name: 'exampleEnhancedPortDefaults',
    fn: exampleEnhancedPortDefaults,
  },
};

/** The port of a callback; throws when there is none for its Go source as it is now. */
export function goCallback<F>(cb: GoCallback): F {
  const port = PORTS[cb.sha256];
  if (!port || port.name !== cb.name)
    throw new Error(`no TypeScript port of the Go callback ${cb.name} (Go source ${cb.sha256.slice(0, 12)})`);
  return port.fn as F;
}
