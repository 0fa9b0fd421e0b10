// The Go parsers of src/compat/, against what Go itself answers (the expected values and messages
// are Go 1.24's, go-units v0.5.0's and go-str2duration v2.1.0's for the same inputs).
import t from 'tap';
import { atoi, parseFloat, parseInt, parseUint, GoNumError } from '../src/compat/go-strconv.js';
import { goQuote } from '../src/compat/go.js';
import { fromHumanSize, ramInBytes } from '../src/compat/go-units.js';
import { formatGoDuration, parseGoDuration, parseStr2Duration } from '../src/compat/go-duration.js';
import {
  decodeDuration,
  decodeFileMode,
  decodeNanoCPUs,
  decodeUnitBytes,
  mapstructureName,
} from '../src/compat/go-decode.js';

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

t.test('strconv.ParseInt / ParseUint / Atoi', async (t) => {
  const ok: [string, number, number, number][] = [
    ['0', 10, 64, 0],
    ['-42', 10, 64, -42],
    ['+7', 10, 64, 7],
    ['0440', 8, 64, 288],
    ['440', 8, 64, 288],
    ['0440', 0, 64, 288],
    ['0x1F', 0, 64, 31],
    ['-0x10', 0, 64, -16],
    ['0b1010', 0, 64, 10],
    ['0o17', 0, 64, 15],
    ['1_000', 0, 64, 1000],
    ['0x_1f', 0, 64, 31],
    ['9223372036854775807', 10, 64, 9223372036854775807],
    ['-2147483648', 10, 32, -2147483648],
    ['zz', 36, 64, 1295],
  ];
  for (const [s, base, bits, n] of ok) t.equal(parseInt(s, base, bits), n, `ParseInt(${s}, ${base}, ${bits})`);
  const errors: [string, number, number, string][] = [
    ['', 10, 64, 'strconv.ParseInt: parsing "": invalid syntax'],
    ['0999', 8, 64, 'strconv.ParseInt: parsing "0999": invalid syntax'],
    ['0o17', 8, 64, 'strconv.ParseInt: parsing "0o17": invalid syntax'],
    ['1_000', 10, 64, 'strconv.ParseInt: parsing "1_000": invalid syntax'],
    ['_1000', 0, 64, 'strconv.ParseInt: parsing "_1000": invalid syntax'],
    ['1__000', 0, 64, 'strconv.ParseInt: parsing "1__000": invalid syntax'],
    ['0x', 0, 64, 'strconv.ParseInt: parsing "0x": invalid syntax'],
    ['9223372036854775808', 10, 64, 'strconv.ParseInt: parsing "9223372036854775808": value out of range'],
    ['-9223372036854775809', 10, 64, 'strconv.ParseInt: parsing "-9223372036854775809": value out of range'],
    ['2147483648', 10, 32, 'strconv.ParseInt: parsing "2147483648": value out of range'],
    ['99999999999999999999x', 10, 64, 'strconv.ParseInt: parsing "99999999999999999999x": value out of range'],
    ['1e3', 10, 64, 'strconv.ParseInt: parsing "1e3": invalid syntax'],
    ['12', 1, 64, 'strconv.ParseInt: parsing "12": invalid base 1'],
  ];
  for (const [s, base, bits, m] of errors)
    t.equal(
      message(() => parseInt(s, base, bits)),
      m,
      m,
    );
  t.equal(parseInt('-9223372036854775808', 10, 64), -(2 ** 63));
  t.equal(parseUint('18446744073709551615', 10, 64), 2 ** 64 - 1);
  t.equal(
    message(() => parseUint('-1', 10, 64)),
    'strconv.ParseUint: parsing "-1": invalid syntax',
  );
  t.equal(
    message(() => parseUint('4294967296', 0, 32)),
    'strconv.ParseUint: parsing "4294967296": value out of range',
  );
  t.equal(atoi('555'), 555);
  t.equal(
    message(() => atoi('1e400')),
    'strconv.Atoi: parsing "1e400": invalid syntax',
  );
  t.equal(
    message(() => atoi('')),
    'strconv.Atoi: parsing "": invalid syntax',
  );
  t.ok(
    (() => {
      try {
        atoi('x');
      } catch (e) {
        return e instanceof GoNumError && !e.outOfRange;
      }
    })(),
  );
});

t.test('strconv.ParseFloat', async (t) => {
  const ok: [string, number][] = [
    ['1.5', 1.5],
    ['.5', 0.5],
    ['1.', 1],
    ['-0.05', -0.05],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['1_000.5', 1000.5],
    ['0x1p-2', 0.25],
    ['0x1.8p1', 3],
    ['0X_1P+4', 16],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['+INF', Infinity],
    ['007', 7],
    ['1e-400', 0],
    ['123456789012345678901234567890', 1.2345678901234568e29],
  ];
  for (const [s, f] of ok) t.equal(parseFloat(s), f, s);
  t.ok(Number.isNaN(parseFloat('NaN')));
  const errors: [string, string][] = [
    ['', 'invalid syntax'],
    ['1e400', 'value out of range'],
    ['-1e400', 'value out of range'],
    ['0x1', 'invalid syntax'],
    ['1_.5', 'invalid syntax'],
    ['1__0', 'invalid syntax'],
    ['+nan', 'invalid syntax'],
    ['infin', 'invalid syntax'],
    ['1.2.3', 'invalid syntax'],
    ['1e', 'invalid syntax'],
    ['abc', 'invalid syntax'],
    ['1.5 ', 'invalid syntax'],
  ];
  for (const [s, why] of errors)
    t.equal(
      message(() => parseFloat(s)),
      `strconv.ParseFloat: parsing ${goQuote(s)}: ${why}`,
      s,
    );
  t.equal(
    message(() => parseFloat('3.5e38', 32)),
    'strconv.ParseFloat: parsing "3.5e38": value out of range',
  );
  t.equal(parseFloat('0.1', 32), Math.fround(0.1));
});

t.test('strconv.Quote', async (t) => {
  t.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  t.equal(goQuote('tab\there\n'), '"tab\\there\\n"');
  t.equal(goQuote('\u0001é'), '"\\x01é"');
  t.equal(goQuote('\u200b'), '"\\u200b"');
});

t.test('go-units RAMInBytes / FromHumanSize', async (t) => {
  const ok: [string, number][] = [
    ['512', 512],
    ['512b', 512],
    ['1k', 1024],
    ['1KiB', 1024],
    ['1kb', 1024],
    ['1.5m', 1.5 * 1024 * 1024],
    ['2 GB', 2 * 1024 ** 3],
    ['1p', 1024 ** 5],
    ['0.5', 0],
    ['5 ', 5],
    ['1\u212a', 1024], // Kelvin sign: strings.ToLower makes it `k`
  ];
  for (const [s, n] of ok) t.equal(ramInBytes(s), n, s);
  t.equal(fromHumanSize('1kB'), 1000);
  t.equal(fromHumanSize('32m'), 32e6);
  const errors: [string, string][] = [
    ['abc', "invalid size: 'abc'"],
    ['zz', "invalid size: 'zz'"],
    ['lots', "invalid size: 'lots'"],
    ['', "invalid size: ''"],
    ['-1k', "invalid size: '-1k'"],
    ['1x', "invalid suffix: 'x'"],
    ['1kbb', "invalid suffix: 'kbb'"],
    ['1KIBX', "invalid suffix: 'KIBX'"],
    ['1bb', "invalid suffix: 'bb'"],
    ['1mx', "invalid suffix: 'mx'"],
    ['1e400', 'strconv.ParseFloat: parsing "1e400": value out of range'],
    ['1..2m', 'strconv.ParseFloat: parsing "1..2": invalid syntax'],
    [' 5', 'strconv.ParseFloat: parsing " 5": invalid syntax'],
  ];
  for (const [s, m] of errors)
    t.equal(
      message(() => ramInBytes(s)),
      m,
      JSON.stringify(s),
    );
  // Go's int64(float64) of a value past int64: MinInt64 on amd64
  t.equal(ramInBytes('9e18k'), -(2 ** 63));
});

t.test('time.ParseDuration and go-str2duration', async (t) => {
  const ok: [string, number][] = [
    ['0', 0],
    ['-0', 0],
    ['1s', 1e9],
    ['1h30m', 5400e9],
    ['1.5s', 1.5e9],
    ['.5ms', 5e5],
    ['1µs', 1000],
    ['1μs', 1000],
    ['2562047h47m16.854775807s', 9223372036854775807],
  ];
  for (const [s, n] of ok) {
    t.equal(parseGoDuration(s), n, `time.ParseDuration(${s})`);
    t.equal(parseStr2Duration(s), n, `str2duration(${s})`);
  }
  t.equal(parseStr2Duration('1d'), 86400e9);
  t.equal(parseStr2Duration('1w2d'), 9 * 86400e9);
  // Go 1.24 counts up to 1<<63: the smallest duration parses; go-str2duration stops at MaxInt64
  t.equal(parseGoDuration('-2562047h47m16.854775808s'), -(2 ** 63));
  t.equal(
    message(() => parseStr2Duration('-2562047h47m16.854775808s')),
    'time: invalid duration "-2562047h47m16.854775808s"',
  );
  const errors: [string, string][] = [
    ['forever', 'time: invalid duration "forever"'],
    ['soon', 'time: invalid duration "soon"'],
    ['', 'time: invalid duration ""'],
    ['-', 'time: invalid duration "-"'],
    ['.s', 'time: invalid duration ".s"'],
    ['30', 'time: missing unit in duration "30"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['2562048h', 'time: invalid duration "2562048h"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ];
  for (const [s, m] of errors) {
    t.equal(
      message(() => parseGoDuration(s)),
      m,
      `time.ParseDuration(${JSON.stringify(s)})`,
    );
    t.equal(
      message(() => parseStr2Duration(s)),
      m,
      `str2duration(${JSON.stringify(s)})`,
    );
  }
  t.equal(
    message(() => parseGoDuration('1d')),
    'time: unknown unit "d" in duration "1d"',
  );
  t.equal(formatGoDuration(0), '0s');
  t.equal(formatGoDuration(1.5e6), '1.5ms');
  t.equal(formatGoDuration(5400e9), '1h30m0s');
  t.equal(formatGoDuration(-1), '-1ns');
  t.equal(formatGoDuration(1500), '1.5µs');
});

t.test("compose-go's type decoders (DecodeMapstructure) and mapstructure's field names", async (t) => {
  t.equal(decodeUnitBytes('512m'), 536870912);
  t.equal(decodeUnitBytes('-1'), -1);
  t.equal(decodeUnitBytes(1024), 1024);
  t.equal(decodeUnitBytes(1.5), undefined, 'a float is left at 0');
  t.equal(
    decodeUnitBytes('99999999999999999999'),
    -(2 ** 63),
    'past int64: RAMInBytes reads a float, int64() makes it MinInt64',
  );
  t.equal(decodeUnitBytes('9223372036854775807'), 2 ** 63 - 1);
  t.equal(
    message(() => decodeUnitBytes('abc')),
    "invalid size: 'abc'",
  );
  t.equal(decodeDuration('1m30s'), 90e9);
  t.equal(decodeDuration('2d'), 2 * 86400e9);
  t.equal(
    message(() => decodeDuration(30)),
    'time: missing unit in duration "30"',
    'fmt.Sprint of a number',
  );
  t.equal(
    message(() => decodeDuration(true)),
    'time: invalid duration "true"',
  );
  t.equal(decodeFileMode('0440'), 288);
  t.equal(decodeFileMode('440'), 288);
  t.equal(decodeFileMode(292), 292);
  t.equal(
    message(() => decodeFileMode('0o440')),
    'strconv.ParseInt: parsing "0o440": invalid syntax',
  );
  t.equal(
    message(() => decodeFileMode(1.5)),
    'unexpected value type float64 for mode',
  );
  t.equal(
    message(() => decodeFileMode(true)),
    'unexpected value type bool for mode',
  );
  t.equal(decodeNanoCPUs('0.5'), 0.5);
  t.equal(
    message(() => decodeNanoCPUs([])),
    'unexpected value type []interface {} for cpus',
  );
  const maps = new Set(['services']);
  t.equal(mapstructureName(['services', 'web', 'mem_limit'], maps), 'services[web].mem_limit');
  t.equal(mapstructureName(['services', 'web', 'secrets', 0, 'mode'], maps), 'services[web].secrets[0].mode');
  t.equal(
    mapstructureName(['services', 'web', 'deploy', 'resources', 'limits', 'cpus'], maps),
    'services[web].deploy.resources.limits.cpus',
  );
});
