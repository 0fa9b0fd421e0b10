/**
 * A baseline's text checked for its shape before JSON.parse builds it, in one pass that allocates
 * nothing. JSON.parse spends memory by what the text holds, not by its size: 64 MiB of `{}` items
 * took 2.1 GB to parse, of nested `[` 3.2 GB. A baseline (formatBaseline, or the API's
 * `{findings: [{fingerprint}]}`) is an object of scalars and lists of entries, an entry an object of
 * at most a few scalars with a `fingerprint` of 32 hex digits: anything else is refused here, so
 * what JSON.parse then builds is some entries of at least 49 bytes of text each, a few scalars each.
 */
import { BundleError, escapePointer } from '../bundle/bundle.js';
import { closingQuote } from '../bundle/json.js';

/** The members an entry or the baseline itself may have (formatBaseline writes 5 an entry, 4 for the baseline). */
export const MAX_BASELINE_MEMBERS = 16;
/**
 * The member names a baseline's entries may use in all (formatBaseline writes 5: fingerprint, rule,
 * file, path, severity). JSON.parse spends memory by the names it has not seen: 16 MiB of entries of 15 names
 * never seen before took 545 MB and 2.6 s (a name is kept in V8's string table, and the objects of
 * every new name need new hidden classes), entries of the same 16 names in any order 97 MB.
 */
export const MAX_BASELINE_NAMES = 16;
/**
 * The names formatBaseline wrote first, the first of MAX_BASELINE_NAMES; its fifth, `severity`,
 * counts among the others when an entry has it (a baseline of 4 names and 12 of its own still reads).
 */
const ENTRY_NAMES = ['fingerprint', 'rule', 'file', 'path'];

const FINGERPRINT_KEY = '"fingerprint"';
// a fingerprint value, as parseBaseline takes it (SARIF's `:n` occurrence suffix allowed)
const FINGERPRINT_VALUE = /"[0-9a-f]{32}(?::\d+)?"/y;
const FINGERPRINT = /^[0-9a-f]{32}(?::\d+)?$/;

/**
 * Throws BundleError (with the pointer of the place: `/findings/3`) when `text` is not shaped as a
 * baseline; a text that is no JSON at all is left for JSON.parse to refuse. `pointer` prefixes the
 * pointers (the API's `/baseline`).
 */
export function checkBaselineShape(text: string, pointer = ''): void {
  // the open containers: `{` or `[`, at most three (the baseline, a list, an entry)
  const open: number[] = [];
  // per open container: its members or items so far
  const counts: number[] = [];
  // the key of the baseline's member being read (for the pointer), and whether an entry has its fingerprint
  let listKey = '';
  let fingerprint = false;
  // the entries' member names so far, as spelled in the text (a name spelled two ways counts twice)
  const names = [...ENTRY_NAMES];
  const where = (): string => {
    if (open.length < 2) return pointer;
    const list = `${pointer}/${escapePointer(listKey)}`;
    return open.length === 3 ? `${list}/${counts[1] - 1}` : list;
  };
  const refuse = (why: string): never => {
    throw new BundleError(`a baseline is an object of scalars and lists of entries: ${why}`, where());
  };
  // as parseBaseline says it
  const noFingerprint = (): never => {
    throw new BundleError('a baseline entry needs a "fingerprint" (32 hex digits)', `${where()}/fingerprint`);
  };
  // an item of a list that is no entry, refused at its index
  const item = (why: string): never => {
    counts[1]++;
    open.push(0);
    return refuse(why);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      const end = closingQuote(text, i);
      i = end < 0 ? text.length : end;
      const depth = open.length;
      // a string item of a list: every item is an entry
      if (depth === 2) item('an entry is an object');
      // a key: the next character that is not blank is a colon
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (depth === 0 || text[j] !== ':') continue;
      counts[depth - 1]++;
      if (counts[depth - 1] > MAX_BASELINE_MEMBERS) refuse(`more than ${MAX_BASELINE_MEMBERS} members in one object`);
      if (depth === 1) listKey = text.slice(start + 1, Math.min(i, start + 65));
      // a new name is refused when its entry ends (past MAX_BASELINE_MEMBERS it was refused for that)
      if (depth === 3 && !names.some((n) => n.length === i - start - 1 && text.startsWith(n, start + 1)))
        names.push(text.slice(start + 1, i));
      if (depth === 3 && text.startsWith(FINGERPRINT_KEY, start) && i === start + FINGERPRINT_KEY.length - 1) {
        let k = j + 1;
        while (k < text.length && /\s/.test(text[k])) k++;
        FINGERPRINT_VALUE.lastIndex = k;
        if (!FINGERPRINT_VALUE.test(text)) noFingerprint();
        fingerprint = true;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const depth = open.length;
      const object = c === 0x7b;
      // the baseline an object, its lists' items objects (entries), an entry's members scalars
      if (depth === 0 && !object) refuse('the baseline is a list, not an object');
      if (depth === 1 && object) refuse(`the member ${JSON.stringify(listKey)} is an object`);
      if (depth === 2) {
        if (!object) item('an entry is a list, not an object');
        counts[1]++;
        fingerprint = false;
      }
      if (depth >= 3) refuse('an entry holds a list or an object');
      open.push(c);
      counts.push(0);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (open.length === 3 && !fingerprint) noFingerprint();
      if (open.length === 3 && names.length > MAX_BASELINE_NAMES)
        refuse(`the entries use more than ${MAX_BASELINE_NAMES} member names`);
      open.pop();
      counts.pop();
    } else if (open.length === 2 && c !== 0x2c /* , */ && !/\s/.test(text[i])) {
      // a scalar item of a list: every item is an entry
      item('an entry is an object');
    }
  }
}

const isScalar = (v: unknown): boolean => v === null || (typeof v !== 'object' && typeof v !== 'function');
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * checkBaselineShape for a baseline already parsed (the API's JSON body `baseline` member, the
 * `bundle` part's): the same shape, refused with the same words and pointers, so that a baseline
 * means the same however it is sent.
 */
export function checkBaselineValue(raw: unknown, pointer = ''): void {
  const refuse = (why: string, at: string): never => {
    throw new BundleError(`a baseline is an object of scalars and lists of entries: ${why}`, at);
  };
  if (!isObject(raw))
    return refuse(Array.isArray(raw) ? 'the baseline is a list, not an object' : 'the baseline is no object', pointer);
  const names = new Set(ENTRY_NAMES);
  const members = Object.keys(raw);
  if (members.length > MAX_BASELINE_MEMBERS) refuse(`more than ${MAX_BASELINE_MEMBERS} members in one object`, pointer);
  for (const key of members) {
    const list = raw[key];
    if (isScalar(list)) continue;
    if (!Array.isArray(list)) refuse(`the member ${JSON.stringify(key.slice(0, 64))} is an object`, pointer);
    const items = list as unknown[];
    for (let i = 0; i < items.length; i++) {
      const at = `${pointer}/${escapePointer(key)}/${i}`;
      const entry = items[i];
      if (!isObject(entry))
        refuse(Array.isArray(entry) ? 'an entry is a list, not an object' : 'an entry is an object', at);
      const own = Object.keys(entry as object);
      if (own.length > MAX_BASELINE_MEMBERS) refuse(`more than ${MAX_BASELINE_MEMBERS} members in one object`, at);
      for (const name of own) {
        if (!isScalar((entry as Record<string, unknown>)[name])) refuse('an entry holds a list or an object', at);
        if (!names.has(name)) {
          if (names.size === MAX_BASELINE_NAMES)
            refuse(`the entries use more than ${MAX_BASELINE_NAMES} member names`, at);
          names.add(name);
        }
      }
      const fingerprint = (entry as Record<string, unknown>).fingerprint;
      if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint))
        throw new BundleError('a baseline entry needs a "fingerprint" (32 hex digits)', `${at}/fingerprint`);
    }
  }
}
