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

/** The members an entry or the baseline itself may have (formatBaseline writes 4 each). */
export const MAX_BASELINE_MEMBERS = 16;

const FINGERPRINT_KEY = '"fingerprint"';
// a fingerprint value, as parseBaseline takes it (SARIF's `:n` occurrence suffix allowed)
const FINGERPRINT_VALUE = /"[0-9a-f]{32}(?::\d+)?"/y;

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
      open.pop();
      counts.pop();
    } else if (open.length === 2 && c !== 0x2c /* , */ && !/\s/.test(text[i])) {
      // a scalar item of a list: every item is an entry
      item('an entry is an object');
    }
  }
}
