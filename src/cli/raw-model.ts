/**
 * `config --no-interpolate`: docker compose prints the raw model there, not the project
 * (cmd/compose/config.go runConfigNoInterpolate: ToModel -> compose-go ProjectOptions.LoadModel ->
 * loader.LoadModelWithContext, never ModelToProject). So: no profiles, no service selection, no
 * env_file reading, values as written (no Go types), and the model is a `map[string]any`, printed by
 * yaml.Encoder / json.MarshalIndent with every map key sorted (and, as json.Marshal does, `<`, `>`,
 * `&`, U+2028 and U+2029 escaped in strings: the same writer as Project.MarshalJSON's). A timestamp
 * go-yaml read (resolver.go parseTimestamp) is a time.Time wherever it is in that map: nothing of
 * LoadModel's makes it a string (loader/loader.go processRawYaml, normalize.go resolve and
 * transform/canonical.go keep a value that is no string as it is; the Go types' fmt.Sprint, which
 * `config` shows, is Transform's), so it prints RFC 3339 (compat/go-time.ts), in any field.
 */
import { goJson, jsonWithInts, toGoYaml, yamlFloat64, yamlTime } from '../report/config.js';
import { isObject, setOwn, valueLoc, type Tree, type TreeObject } from '../yaml/located.js';
import type { Location } from '../diagnostics.js';
import { exactInt, readAsFloat } from '../compat/go-int.js';
import { timeText } from '../compat/go-time.js';

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => /\p{Nd}/u.test(c);

/**
 * go-yaml's keyList.Less for two string keys (yaml.v3 sorter.go, go.yaml.in/yaml/v4 representer):
 * letters by code point; a letter sorts after a non-letter, unless the previous rune was a digit;
 * digit runs compare as numbers. E.g. `a_b` < `aB` (byte order: the reverse), `x1y` < `x1_y`, `a2` < `a10`.
 */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return digits ? al : bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].codePointAt(0)! - 48);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].codePointAt(0)! - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

const byGoYaml = (a: string, b: string) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0);
/** encoding/json sorts map keys by their bytes (UTF-8) */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * A copy with every map's keys sorted; with `ints`, an integer past the safe range read (or cast)
 * as one is the bigint of its digits (compat/go-int.ts), which go-yaml and encoding/json print, and
 * a timestamp its time.Time's RFC 3339 text.
 */
function sortedCopy(v: Tree, cmp: (a: string, b: string) => number, ints: Ints): Tree {
  if (Array.isArray(v)) return v.map((x, i) => exact(x, valueLoc(v, i), ints) ?? sortedCopy(x, cmp, ints));
  return isObject(v) ? sortedObject(v, cmp, ints) : v;
}

function sortedObject(v: TreeObject, cmp: (a: string, b: string) => number, ints: Ints): TreeObject {
  const out: TreeObject = {};
  for (const k of Object.keys(v).sort(cmp))
    setOwn(out, k, exact(v[k], valueLoc(v, k), ints) ?? sortedCopy(v[k], cmp, ints));
  return out;
}

/** `yaml`: the YAML is written (a float read with an integral value from 1e6 on prints as one, `1e+06`) */
type Ints = { found: boolean; yaml?: boolean };

function exact(x: Tree, at: Location | undefined, ints: Ints): Tree | undefined {
  if (typeof x === 'string') {
    const rfc3339 = timeText(x, at);
    return rfc3339 === undefined ? undefined : ints.yaml ? yamlTime(rfc3339) : rfc3339;
  }
  if (typeof x !== 'number' || (Number.isSafeInteger(x) && x < 1e6 && x > -1e6)) return undefined;
  if (ints.yaml && (!Number.isInteger(x) || readAsFloat(x, at))) return yamlFloat64(x);
  const big = exactInt(x, at);
  if (big === undefined) return undefined;
  ints.found = true;
  return big as unknown as Tree;
}

/** formatModel: the raw model as YAML or JSON, map keys sorted, `$` printed as is. */
export function renderRawModel(model: TreeObject, format: 'yaml' | 'json'): string {
  const ints = { found: false };
  if (format === 'json') {
    const doc = sortedCopy(model, byBytes, ints);
    return ints.found ? jsonWithInts(doc) : goJson(doc);
  }
  return toGoYaml(sortedObject(model, byGoYaml, { found: false, yaml: true }));
}
