// ports_short_syntax.json, volumes_short_syntax.json, transforms.json, normalize.json, unit_bytes.json:
// compose-go's short-syntax parsers, canonical transforms, defaults, Normalize and UnitBytes.
import { parse } from 'yaml';
import { type Adapter, type Vector, type VectorResult, deepEqual, expectEqual, fail, pass, skip } from '../types.js';
import type { Tree, TreeObject } from '../../../src/yaml/located.js';
import { NormalizeError } from '../../../src/normalize/errors.js';
import { parsePortConfig, PortSpecError } from '../../../src/syntax/ports.js';
import { parseVolumeSpec } from '../../../src/syntax/volumes.js';
import { parseVolume } from '../../../src/normalize/volumes.js';
import { transformFunctions } from '../../../src/normalize/canonical.js';
import { walkAt } from '../../../src/normalize/walk.js';
import { normalize } from '../../../src/normalize/normalize.js';
import { parseUnitBytes } from '../../../src/normalize/units.js';

/** Runs `fn`; an expected error passes when the message matches (substring unless `exact`). */
function check(v: Vector, fn: () => unknown, compare: (got: unknown) => VectorResult): VectorResult {
  let got: unknown;
  try {
    got = fn();
  } catch (e) {
    if (!(e instanceof NormalizeError || e instanceof PortSpecError)) throw e;
    if (!('error' in v)) return fail(`unexpected error: ${e.message}`);
    if (v.error === true) return pass();
    const ok = v.error_match === 'exact' ? e.message === v.error : e.message.includes(v.error);
    return ok ? pass() : fail(`expected error ${JSON.stringify(v.error)}, got ${JSON.stringify(e.message)}`);
  }
  if ('error' in v) return fail(`expected error ${JSON.stringify(v.error)}, got ${JSON.stringify(got)}`);
  return compare(got);
}

/** Test checks length + membership, in any order. */
function sameMembers(got: unknown, v: Vector): VectorResult {
  const list = got as unknown[];
  const want = v.expected as unknown[];
  if (list.length !== (v.expected_len ?? want.length))
    return fail(`expected ${want.length} ports, got ${JSON.stringify(list)}`);
  const missing = want.filter((w) => !list.some((g) => deepEqual(g, w)));
  return missing.length ? fail(`missing ${JSON.stringify(missing)} in ${JSON.stringify(list)}`) : pass();
}

function ports(v: Vector): VectorResult {
  const fn = String(v.function);
  if (fn === 'types.ParsePortConfig')
    return check(
      v,
      () => parsePortConfig(v.input),
      (got) => sameMembers(got, v),
    );
  return transform(v);
}

function transform(v: Vector): VectorResult {
  const name = String(v.function).replace(/^transform\./, '');
  const fn = Object.hasOwn(transformFunctions, name) ? transformFunctions[name] : undefined;
  if (!fn) return skip(`unknown function ${v.function}`);
  // the vector's JSON is a fresh copy: transformers may work in place
  return check(
    v,
    () => fn(v.input as Tree, walkAt(String(v.path ?? '')), { ignoreParseError: v.ignore_parse_error === true }),
    (got) => expectEqual(got, v.expected),
  );
}

function volumes(v: Vector): VectorResult {
  if ('source_nonempty' in v) {
    // the Go test ignores errors and looks at the source parsed so far
    const { volume } = parseVolumeSpec(v.input);
    return ((volume.source ?? '') !== '') === v.source_nonempty
      ? pass()
      : fail(`source ${JSON.stringify(volume.source)}, want non-empty=${v.source_nonempty}`);
  }
  return check(
    v,
    () => parseVolume(v.input),
    (got) => ('expected' in v ? expectEqual(got, v.expected) : v.ok ? pass() : skip('nothing to check')),
  );
}

function normalizeVector(v: Vector): VectorResult {
  const input = parse(v.input) as TreeObject;
  const expected = parse(v.expected) as TreeObject;
  return check(
    v,
    () => normalize(input, v.env ?? {}),
    (got) => expectEqual(got, expected),
  );
}

/** types.UnitBytes Unmarshal{JSON,YAML}: an integer as is, else a string through parseString. */
function unitBytes(v: Vector): VectorResult {
  const decoded: unknown = v.format === 'json' ? JSON.parse(v.input) : parse(v.input);
  return check(
    v,
    () => {
      if (typeof decoded === 'number' && Number.isInteger(decoded)) return decoded;
      if (typeof decoded === 'string') return parseUnitBytes(decoded);
      throw new NormalizeError(`cannot unmarshal ${JSON.stringify(decoded)} into UnitBytes`);
    },
    (got) => expectEqual(got, v.expected),
  );
}

const adapter: Adapter = {
  files: [
    'ports_short_syntax.json',
    'volumes_short_syntax.json',
    'transforms.json',
    'normalize.json',
    'unit_bytes.json',
  ],
  run(v, file) {
    switch (file) {
      case 'ports_short_syntax.json':
        return ports(v);
      case 'volumes_short_syntax.json':
        return volumes(v);
      case 'transforms.json':
        return transform(v);
      case 'normalize.json':
        return normalizeVector(v);
      case 'unit_bytes.json':
        return unitBytes(v);
      default:
        return skip(`no adapter for ${file}`);
    }
  },
};

export default adapter;
