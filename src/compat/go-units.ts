/**
 * docker/go-units v0.5.0 size parsing (size.go parseSize), as compose-go's types.UnitBytes uses it:
 * `RAMInBytes` (binary multiples, `1k` = 1024) and `FromHumanSize` (SI, `1k` = 1000), with its
 * error messages (`invalid size: 'abc'`, `invalid suffix: 'zz'`). Small and exact, so written
 * here: go-units has no JavaScript port.
 */
import { goInt64, parseFloat } from './go-strconv.js';
import { quoting } from '../diagnostics.js';

/** An error of go-units' own (invalid size or suffix), or the strconv error of the number part. */
export class GoUnitsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoUnitsError';
  }
}

const BINARY: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const DECIMAL: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };

/** `<number>[ ]<k|m|g|t|p>[b|ib]`, case-insensitive; `b` alone allowed; the suffix at most 3 bytes. */
function parseSize(sizeStr: string, units: Record<string, number>): number {
  // strings.LastIndexAny(sizeStr, "01234567890. "): the last digit, dot or space
  let sep = -1;
  for (let i = sizeStr.length - 1; i >= 0; i--)
    if ('0123456789. '.includes(sizeStr[i])) {
      sep = i;
      break;
    }
  if (sep === -1) throw new GoUnitsError(`invalid size: '${sizeStr}'`);
  const num = sizeStr[sep] === ' ' ? sizeStr.slice(0, sep) : sizeStr.slice(0, sep + 1);
  let sfx = sizeStr.slice(sep + 1);
  // its strconv error is go-units' error, and quotes a piece of the size (`parsing "1Pa55"`)
  let size: number;
  try {
    size = parseFloat(num);
  } catch (e) {
    throw num === sizeStr || !(e instanceof Error) ? e : quoting(e, [{ part: num, of: sizeStr }]);
  }
  if (size < 0) throw new GoUnitsError(`invalid size: '${sizeStr}'`);
  if (sfx.length === 0) return goInt64(size);
  const bad = (): never => {
    throw quoting(new GoUnitsError(`invalid suffix: '${sfx}'`), [{ part: sfx, of: sizeStr }]);
  };
  // go-units measures the suffix in bytes, before lower-casing it
  if (Buffer.byteLength(sfx) > 3) bad();
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') return sfx.length > 1 ? bad() : goInt64(size);
  const mul = Object.hasOwn(units, sfx[0]) ? units[sfx[0]] : bad();
  size *= mul;
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) bad();
  return goInt64(size);
}

/** units.RAMInBytes: binary multiples (`1k` = 1024). */
export function ramInBytes(size: string): number {
  return parseSize(size, BINARY);
}

/** units.FromHumanSize: SI multiples (`1k` = 1000). */
export function fromHumanSize(size: string): number {
  return parseSize(size, DECIMAL);
}
