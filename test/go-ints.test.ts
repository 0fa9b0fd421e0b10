/**
 * compose-go's `int64` and `int` fields (types/types.go:45-53 CPUCount..CPUShares, 111 OomScoreAdj,
 * 113 PidsLimit, 121 Scale, 357 Replicas, 394 Pids, 450/456 GatewayPriority/Priority; models.go:22
 * ContextSize) are filled by mapstructure's decodeInt (go-viper/mapstructure v2.4.0
 * mapstructure.go:696-707) from what go-yaml v4.0.0-rc.4 read (internal/libyaml/resolver.go:146-164):
 * an int as it is, a uint64 (a literal past int64) by `int64(dataVal.Uint())`, a float64 by
 * `int64(dataVal.Float())`. `config` prints the field (go-yaml, encoding/json of the int64).
 */
import t from 'tap';
import { configIn } from './helpers/cli.js';
import { runTask } from '../src/usecases/task.js';
import { loadProject } from '../src/load/project.js';

const MIN = '-9223372036854775808';

/** services.web as `config --format json` prints it, and the code. */
async function web(fields: string, more: Record<string, string> = {}) {
  const r = await configIn(`services:\n  web:\n    image: x\n${fields}`, ['--format', 'json'], more);
  return { code: r.code, stderr: r.stderr, web: r.code === 0 ? JSON.parse(r.stdout).services.web : undefined, r };
}

t.test('a uint64 literal in an int64 field wraps: int64(dataVal.Uint()) (mapstructure.go:704-705)', async (t) => {
  const cases: [string, string][] = [
    ['9223372036854775807', '9223372036854775807'],
    ['9223372036854775808', MIN],
    ['18446744073709551615', '-1'],
    ['18446744073709551614', '-2'],
    ['0x8000000000000001', '-9223372036854775807'],
  ];
  for (const [written, printed] of cases) {
    const fields = `    pids_limit: ${written}\n    cpu_count: ${written}\n    cpu_shares: ${written}\n`;
    const deploy = `    deploy:\n      replicas: ${written}\n      resources:\n        limits:\n          pids: ${written}\n`;
    const r = await configIn(`services:\n  web:\n    image: x\n${fields}${deploy}    x-n: ${written}\n`, [
      '--format',
      'json',
    ]);
    t.equal(r.code, 0, r.stderr);
    // the digits as encoding/json prints the int64 (JSON.parse would round them)
    for (const k of ['pids_limit', 'cpu_count', 'cpu_shares', 'replicas', 'pids'])
      t.match(r.stdout, `"${k}": ${printed}`, `${k}: ${written}`);
    const yaml = await configIn(`services:\n  web:\n    image: x\n${fields}${deploy}    x-n: ${written}\n`);
    t.match(yaml.stdout, `    pids_limit: ${printed}\n`, written);
    t.match(yaml.stdout, `          pids: ${printed}\n`, written);
    // an extension is an `any`: go-yaml's uint64 printed as it is
    t.match(yaml.stdout, `    x-n: ${written.startsWith('0x') ? BigInt(written) : written}\n`, written);
  }
});

t.test(
  'a float64 in an int64 or int field is truncated: int64(dataVal.Float()) (mapstructure.go:706-707)',
  async (t) => {
    // pids_limit, cpu_shares and priority are `number` in the schema (compose-spec.json:229-232,
    // 601-608, 637-640): a fraction is let through, truncated toward zero by the conversion
    const one = await web(
      '    pids_limit: 1.9\n    cpu_shares: -2.5\n    networks:\n      n:\n        priority: 3.99\n',
      {
        'compose.override.yaml': 'networks:\n  n: {}\n',
      },
    );
    t.equal(one.code, 0, one.stderr);
    t.equal(one.web.pids_limit, 1);
    t.equal(one.web.cpu_shares, -2);
    t.equal(one.web.networks.n.priority, 3);
    // 0.5 is 0: omitempty (types.go:113) leaves it out, in YAML and JSON
    const half = await web('    pids_limit: 0.5\n    cpu_quota: -0.5\n');
    t.equal(half.code, 0, half.stderr);
    t.notOk('pids_limit' in half.web);
    t.notOk('cpu_quota' in half.web);
    const halfYaml = await configIn('services:\n  web:\n    image: x\n    pids_limit: 0.5\n');
    t.notMatch(halfYaml.stdout, 'pids_limit');
    // a float of an integral value from 1e6 on is an int64 in the field (go-yaml prints `2000000`),
    // a float64 in an extension (`2e+06`, strconv 'g')
    const big = await configIn('services:\n  web:\n    image: x\n    pids_limit: 2e6\n    x-f: 2e6\n');
    t.equal(big.code, 0, big.stderr);
    t.match(big.stdout, '    pids_limit: 2000000\n');
    t.match(big.stdout, '    x-f: 2e+06\n');
  },
);

t.test('a float64 out of int64 in an int64 field: MinInt64, as Go converts it on amd64', async (t) => {
  // Go's spec leaves a float conversion out of range implementation-dependent; on amd64 (CVTTSD2SQ)
  // it is 0x8000000000000000, as compat/go-strconv.ts goInt64 has it for go-units' sizes.
  // 18446744073709551616 is past uint64: go-yaml reads it as a float64 (resolver.go:159-163);
  // -9223372036854775809 too, which is -2^63 as a float64: in range, MinInt64 exactly
  for (const written of ['1e19', '-1e19', '18446744073709551616', '-9223372036854775809', '1e300']) {
    const r = await configIn(
      `services:\n  web:\n    image: x\n    pids_limit: ${written}\n    cpu_period: ${written}\n`,
      ['--format', 'json'],
    );
    t.equal(r.code, 0, r.stderr);
    t.match(r.stdout, `"pids_limit": ${MIN}`, written);
    t.match(r.stdout, `"cpu_period": ${MIN}`, written);
  }
});

t.test('the model the API answers holds the decoded values too', async (t) => {
  const compose =
    'services:\n  web:\n    image: x\n    pids_limit: 18446744073709551615\n    cpu_rt_runtime: 9223372036854775809\n';
  const reply = runTask({
    question: 'config',
    input: { files: { 'compose.yaml': compose } },
    options: { redact: false },
  });
  t.equal(reply.status, 200, reply.body);
  t.match(reply.body, '"pids_limit":-1');
  t.match(reply.body, '"cpu_rt_runtime":-9223372036854775807');
});

t.test('a string is strconv.ParseInt-ed (loader/interpolate.go:86-88): past int64 it is refused', async (t) => {
  // the interpolation cast of pids_limit; the hook `cast` (loader/mapstructure.go:63-64) of
  // deploy.resources.limits.pids: the same ParseInt, the same refusal
  const r = await web('    pids_limit: "${N}"\n', { '.env': 'N=18446744073709551615\n' });
  t.equal(r.code, 2);
  t.match(
    r.stderr,
    'error while interpolating services.web.pids_limit: failed to cast to expected type: strconv.ParseInt: parsing "18446744073709551615": value out of range',
  );
  const exact = await web('    deploy:\n      resources:\n        limits:\n          pids: "9007199254740993"\n');
  t.equal(exact.code, 0, exact.stderr);
  t.match(exact.r.stdout, '"pids": 9007199254740993');
});

t.test('a uint64 field refuses a negative number: mapstructure decodeUint (mapstructure.go:751-779)', async (t) => {
  // types/healthcheck.go:28 Retries, types.go:371 Parallelism, 424 MaxAttempts, 434 MaxReplicas:
  // a negative int or float is a ParseError (errors.go:59-61), `%d overflows uint` / `%f overflows
  // uint`; from interpolation too (loader/interpolate.go casts retries with strconv.Atoi)
  const r = loadProject(
    {
      files: {
        'compose.yaml':
          'services:\n  web:\n    image: x\n    healthcheck:\n      retries: -1\n    deploy:\n' +
          '      restart_policy: {max_attempts: "${N}"}\n      update_config: {parallelism: -2}\n' +
          '      placement: {max_replicas_per_node: -1e30}\n',
        '.env': 'N=-3\n',
      },
    },
    { files: ['compose.yaml'] },
  );
  t.equal(r.model, undefined);
  const found = r.diagnostics.map((d) => [d.code, d.line, d.composeMessage]);
  t.same(
    found.sort(),
    [
      [
        'decode-invalid',
        9,
        "'services[web].deploy.placement.max_replicas_per_node' cannot parse value as 'uint64': -1000000000000000019884624838656.000000 overflows uint",
      ],
      ['decode-invalid', 5, "'services[web].healthcheck.retries' cannot parse value as 'uint64': -1 overflows uint"],
      [
        'decode-invalid',
        7,
        "'services[web].deploy.restart_policy.max_attempts' cannot parse value as 'uint64': -3 overflows uint",
      ],
      [
        'decode-invalid',
        8,
        "'services[web].deploy.update_config.parallelism' cannot parse value as 'uint64': -2 overflows uint",
      ],
    ].sort(),
  );
  // a float is truncated (retries is a `number` in the schema, compose-spec.json:944-947), printed as
  // the uint64 it is; a uint64 kept digit for digit
  const ok = await configIn(
    'services:\n  web:\n    image: x\n    healthcheck:\n      retries: 2.9\n    deploy:\n      restart_policy: {max_attempts: 2e6}\n      placement: {max_replicas_per_node: 18446744073709551615}\n',
  );
  t.equal(ok.code, 0, ok.stderr);
  t.match(ok.stdout, '      retries: 2\n');
  t.match(ok.stdout, '        max_attempts: 2000000\n');
  t.match(ok.stdout, '        max_replicas_per_node: 18446744073709551615\n');
});

t.test(
  'uint16 and uint32 fields wrap to their width: reflect SetUint after decodeUint (mapstructure.go:751-779)',
  async (t) => {
    // compose-go types/types.go:308 BlkioConfig.Weight uint16, :329 WeightDevice.Weight uint16, :619
    // ServiceVolumeTmpfs.Mode uint32: decodeUint's `val.SetUint(uint64(i))` keeps the field's low bits;
    // a float (a tmpfs mode: a number in the schema, compose-spec.json:889-892; weights are integers) is
    // `uint64(f)`, truncated, then wrapped the same way
    const ok = await configIn(
      'services:\n  web:\n    image: x\n    blkio_config:\n      weight: 65546\n      weight_device:\n' +
        '        - path: /dev/sda\n          weight: 65636\n    volumes:\n      - type: tmpfs\n        target: /t\n' +
        '        tmpfs:\n          mode: 4294967789\n      - type: tmpfs\n        target: /u\n        tmpfs:\n          mode: 493.9\n' +
        '      - type: tmpfs\n        target: /v\n        tmpfs:\n          mode: 18446744073709551615\n',
    );
    t.equal(ok.code, 0, ok.stderr);
    t.match(ok.stdout, '\n      weight: 10\n');
    t.match(ok.stdout, '\n          weight: 100\n');
    t.match(ok.stdout, '\n        target: /t\n        tmpfs:\n          mode: 493\n');
    t.match(ok.stdout, '\n        target: /u\n        tmpfs:\n          mode: 493\n');
    t.match(ok.stdout, '\n        target: /v\n        tmpfs:\n          mode: 4294967295\n');
    const json = await web(
      '    blkio_config:\n      weight: 65536\n      weight_device: [{path: /dev/sda, weight: 65535}]\n',
    );
    t.equal(json.code, 0, json.stderr);
    // 65536 wraps to 0, which omitempty leaves out (types.go:308 `weight,omitempty`)
    t.same(json.web.blkio_config, { weight_device: [{ Path: '/dev/sda', Weight: 65535 }] }); // no json tags: Go's field names
  },
);

t.test('uint16 and uint32 fields refuse a negative and a string, in mapstructure words', async (t) => {
  // a negative: ParseError `cannot parse value as 'uint16': -5 overflows uint` (mapstructure.go:759-764,
  // errors.go:59-61); a string: no cast of compose-go's applies (loader/interpolate.go lists none of
  // these paths; loader/mapstructure.go cast has no uint case), so decodeUint's default,
  // UnconvertibleTypeError (mapstructure.go:812-816, errors.go:67-78); WeightDevice has no yaml tags:
  // mapstructure names the field `Weight` (mapstructure.go:1517-1526)
  const r = loadProject(
    {
      files: {
        'compose.yaml':
          'services:\n  web:\n    image: x\n    blkio_config:\n      weight: -5\n' +
          '      weight_device: [{path: /dev/sda, weight: "${W}"}]\n' +
          '    volumes:\n      - type: tmpfs\n        target: /t\n        tmpfs: {mode: "0755"}\n' +
          '      - type: tmpfs\n        target: /u\n        tmpfs: {mode: -0.5}\n',
        '.env': 'W=500\n',
      },
    },
    { files: ['compose.yaml'] },
  );
  t.equal(r.model, undefined);
  t.same(
    r.diagnostics.map((d) => [d.code, d.line, d.composeMessage]).sort(),
    [
      ['decode-invalid', 5, "'services[web].blkio_config.weight' cannot parse value as 'uint16': -5 overflows uint"],
      [
        'decode-invalid',
        6,
        "'services[web].blkio_config.weight_device[0].Weight' expected type 'uint16', got unconvertible type 'string'",
      ],
      [
        'decode-invalid',
        10,
        "'services[web].volumes[0].tmpfs.mode' expected type 'uint32', got unconvertible type 'string'",
      ],
      [
        'decode-invalid',
        13,
        "'services[web].volumes[1].tmpfs.mode' cannot parse value as 'uint32': -0.500000 overflows uint",
      ],
    ].sort(),
  );
});

t.test('a long-syntax port target is a uint32: loaded past 65535, wrapped past 2^32, a negative refused', async (t) => {
  // compose-go types/types.go:466 ServicePortConfig.Target uint32; transform/ports.go keeps a map entry
  // as written (no nat.ParsePortSpec for it); loader/interpolate.go:53 casts a string target toInt; then
  // mapstructure decodeUint (mapstructure.go:751-779) and reflect SetUint keep the low 32 bits. The
  // engine refuses 70000 at `up`: the audit's container-port-invalid says so, the load does not.
  const json = await web(
    '    ports:\n      - target: 70000\n        published: "8080"\n      - target: 4294967377\n      - target: "80"\n',
  );
  t.equal(json.code, 0, json.stderr);
  t.same(
    json.web.ports.map((p: { target: number }) => p.target),
    [70000, 81, 80],
  );
  const r = loadProject(
    { files: { 'compose.yaml': 'services:\n  web:\n    image: x\n    ports:\n      - target: -1\n' } },
    { files: ['compose.yaml'] },
  );
  t.equal(r.model, undefined);
  t.same(
    r.diagnostics.map((d) => [d.code, d.line, d.composeMessage]),
    [['decode-invalid', 5, "'services[web].ports[0].target' cannot parse value as 'uint32': -1 overflows uint"]],
  );
});
