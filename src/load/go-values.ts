/**
 * The values of compose-go's Go types as `docker compose config` prints them (src/load/shape.ts
 * applies them where the model holds each type): fmt.Sprint of scalars in mappings, types.Mapping,
 * MultiOptions, DeviceCount and HostsList. Each rewrites a value in place or returns its new form,
 * keeping the locations of what it keeps.
 */
import { isObject, setOwn, valueLoc, setLoc, type Tree, type TreeObject } from '../yaml/located.js';
import { NormalizeError } from '../normalize/errors.js';
import { quoting, type Location } from '../diagnostics.js';
import { goType, goV } from '../compat/go.js';
import { exactInt } from '../compat/go-int.js';
import { timeText } from '../compat/go-time.js';
import { jsonQuote } from '../utf8.js';

/** MappingWithEquals / Labels values: fmt.Sprint of a scalar (`true`, `8080`, `0.00001` is `1e-05`), null kept. */
export const stringValues = (v: Tree): Tree => {
  if (!isObject(v)) return v;
  for (const k of Object.keys(v)) if (v[k] !== null && typeof v[k] !== 'object') v[k] = goV(v[k], valueLoc(v, k));
  return v;
};
/**
 * types.Mapping and types.Options: a map whose null values are "" and others fmt.Sprint; a Mapping
 * may also be a `key=value` list, a bare key meaning "".
 */
export const goMapping = (v: Tree): Tree => {
  if (Array.isArray(v)) {
    const out: TreeObject = {};
    v.forEach((item, i) => {
      const s = goV(item, valueLoc(v, i));
      const eq = s.indexOf('=');
      setOwn(out, eq < 0 ? s : s.slice(0, eq), eq < 0 ? '' : s.slice(eq + 1));
      setLoc(out, eq < 0 ? s : s.slice(0, eq), valueLoc(v, i));
    });
    return out;
  }
  if (!isObject(v)) return v;
  for (const k of Object.keys(v))
    if (v[k] === null || typeof v[k] !== 'object') v[k] = v[k] === null ? '' : goV(v[k], valueLoc(v, k));
  return v;
};
/**
 * A map[string]string without a decoder (types/types.go StorageOpt, FileObjectConfig.DriverOpts):
 * mapstructure v2.4.0 decodeString (mapstructure.go 643-694) takes a string, compose-go's `cast`
 * hook (loader/mapstructure.go 58-79) an int as its digits, a nil leaves the value's zero, "";
 * the rest (no WeaklyTypedInput) it refuses, a timestamp's time.Time too: `refuse` gets each such key and its Go type.
 */
export const stringMap = (v: Tree, refuse: (key: string, type: string) => void): Tree => {
  if (!isObject(v)) return v;
  for (const k of Object.keys(v)) {
    const e = v[k];
    if (e === null) v[k] = '';
    else if (typeof e === 'string') {
      if (timeText(e, valueLoc(v, k)) !== undefined) refuse(k, 'time.Time');
    } else {
      const type = goType(e, valueLoc(v, k));
      if (type === 'int') v[k] = goV(e, valueLoc(v, k));
      else refuse(k, type);
    }
  }
  return v;
};
/** types.MultiOptions: every value a list of fmt.Sprint strings. */
export const multiOptions = (v: Tree): Tree => {
  if (!isObject(v)) return v;
  for (const k of Object.keys(v)) {
    const e = v[k];
    v[k] = Array.isArray(e) ? e.map((x, i) => goV(x, valueLoc(e, i))) : [goV(e, valueLoc(v, k))];
    if (!Array.isArray(e)) setLoc(v[k], 0, valueLoc(v, k));
  }
  return v;
};
/** Each item its string (types.go Expose is a StringOrNumberList), each keeping its own location. */
export const stringItems = (v: Tree): Tree => {
  if (!Array.isArray(v)) return v;
  const out = v.map((x, i) => (x !== null && typeof x !== 'object' ? String(exactInt(x, valueLoc(v, i)) ?? x) : x));
  out.forEach((_, i) => setLoc(out, i, valueLoc(v, i)));
  return out;
};
export const stringList = (v: Tree): Tree => (typeof v === 'string' ? [v] : v);
/** types.DeviceCount: `all` in any case is -1, else a base-10 int64 (strconv.ParseInt) */
export const deviceCount = (v: Tree): Tree => {
  if (typeof v !== 'string') return v;
  if (v.toLowerCase() === 'all') return -1;
  if (/^[+-]?\d+$/.test(v) && Number.isSafeInteger(Number(v))) return Number(v);
  throw new NormalizeError(
    `invalid value ${jsonQuote(v)}, the only value allowed is 'all' or a number`,
    'normalize-invalid',
  );
};
/**
 * types.HostsList (types/hostList.go): list items cut at `=`, else `:`, their addresses split on `,`
 * (map values are not split); a host needs an address and no separator in its name; `[::1]` loses
 * its brackets; printed sorted as `host=ip`. Each entry keeps the location of the item (or map
 * value) that set it, and an error is placed at the item it is about (its index or key in `path`).
 */
export const hostsList = (v: Tree): Tree => {
  // per host: its addresses, where each was set, the first item that named the host and (a list
  // item, `host:ip`) the text its name was cut from, whose piece a message quotes
  const list = new Map<
    string,
    { ips: string[]; locs: (Location | undefined)[]; path: (string | number)[]; cutFrom?: string }
  >();
  const host = (name: string, path: (string | number)[], cutFrom?: string) => {
    let h = list.get(name);
    if (!h) list.set(name, (h = { ips: [], locs: [], path, ...(cutFrom === undefined ? {} : { cutFrom }) }));
    return h;
  };
  if (isObject(v)) {
    for (const [name, e] of Object.entries(v)) {
      const h = host(name, [name]);
      if (e === null || typeof e === 'string') {
        h.ips.push(e ?? '');
        h.locs.push(valueLoc(v, name));
      } else if (Array.isArray(e))
        e.forEach((x, j) => {
          h.ips.push(String(x));
          h.locs.push(valueLoc(e, j) ?? valueLoc(v, name));
        });
      // hostList.go:102 prints the type of the whole value (`value`), not the entry's: at the value
      else
        throw new NormalizeError(
          'unexpected value type map[string]interface {} for extra_hosts entry',
          'normalize-invalid',
        );
    }
  } else if (Array.isArray(v)) {
    v.forEach((item, i) => {
      const s = String(item);
      const sep = s.includes('=') ? '=' : s.includes(':') ? ':' : undefined;
      if (sep === undefined)
        throw new NormalizeError(`invalid additional host, missing IP: ${s}`, 'normalize-invalid', [i], valueLoc(v, i));
      const h = host(s.slice(0, s.indexOf(sep)), [i], s);
      for (const ip of s.slice(s.indexOf(sep) + 1).split(',')) {
        h.ips.push(ip);
        h.locs.push(valueLoc(v, i));
      }
    });
  } else return v;
  const entries: { text: string; loc: Location | undefined }[] = [];
  for (const [name, { ips, locs, path, cutFrom }] of list) {
    if (name === '' || /[:=]/.test(name)) {
      const error = new NormalizeError(`bad host name '${name}'`, 'normalize-invalid', path, valueLoc(v, path[0]));
      throw quoting(error, cutFrom === undefined ? [] : [{ part: name, of: cutFrom }]);
    }
    ips.forEach((ip, j) =>
      entries.push({
        text: `${name}=${ip.length > 2 && ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip}`,
        loc: locs[j],
      }),
    );
  }
  // sort.Strings: byte order
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.text), Buffer.from(b.text)));
  const out = entries.map((e) => e.text);
  entries.forEach((e, i) => setLoc(out, i, e.loc));
  return out;
};
