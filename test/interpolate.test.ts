import t from 'tap';
import {
  substitute,
  substitutionOperator,
  InterpolationError,
  InvalidTemplateError,
  MissingRequiredError,
  TemplateLimitError,
  type Lookup,
} from '../src/interpolate/template.js';
import { extractVariables } from '../src/interpolate/variables.js';
import { interpolateTree } from '../src/interpolate/tree.js';
import { toBoolean, toFloat32, toInt, toInt64, toFloat } from '../src/interpolate/casts.js';
import { parseYaml } from '../src/yaml/parse.js';
import { setLoc, valueLoc, type TreeObject } from '../src/yaml/located.js';

const env: Record<string, string> = Object.assign(Object.create(null), {
  FOO: 'first',
  BAR: '',
  JSON: '{"json":2}',
  TAG: '1.25',
});
env['__proto__'] = 'proto'; // an own key of a null-prototype object
const lookup: Lookup = (k) => (Object.hasOwn(env, k) ? env[k] : undefined);

t.test('substitute', async (t) => {
  const cases: [string, string][] = [
    ['plain text', 'plain text'],
    ['$$FOO and $${FOO}', '$FOO and ${FOO}'],
    ['$FOO-bar', 'first-bar'],
    ['$}', '$}'],
    ['cost: 5$', 'cost: 5$'],
    ['${FOO}${BAR}x', 'firstx'],
    ['${missing:-def} ${missing-def}', 'def def'],
    ['${BAR:-def}|${BAR-def}', 'def|'],
    ['${FOO:+set}|${BAR:+set}|${BAR+set}|${missing+set}', 'set||set|'],
    ['${BAR:-/non:-alphanumeric}', '/non:-alphanumeric'],
    ['${UNSET-myerror?msg}', 'myerror?msg'],
    ['${FOO:-${missing:-x}}_${missing:-${FOO}}', 'first_first'],
    ['${missing:-${BAR:-${ZOT:-x}}_test}', 'x_test'],
    ['${missing:-{"json":1}} ${JSON:-{"json":1}}', '{"json":1} {"json":2}'],
    ['${A:+${A},}B', 'B'],
    ['+ok ${UNSET:-${BAR-defaultValue}}', '+ok '],
    ['${FOO?err} ${BAR?err}', 'first '],
    ['${__proto__} ${constructor:-none}', 'proto none'],
    ['${FOO:-x}\n${BAR:-y}', 'first\ny'],
  ];
  for (const [template, want] of cases) t.equal(substitute(template, lookup), want, template);
});

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

t.test('substitute errors', async (t) => {
  const cases: [string, string, new (...args: never[]) => InterpolationError][] = [
    ['${', 'Invalid template: "${"', InvalidTemplateError],
    ['${}', 'Invalid template: "${}"', InvalidTemplateError],
    ['x ${ foo}', 'Invalid template: "x ${ foo}"', InvalidTemplateError],
    ['${foo!}', 'Invalid template: "${foo!}"', InvalidTemplateError],
    ['${missing:-a\nb}', 'Invalid template: "${missing:-a\\nb}"', InvalidTemplateError],
    // the invalid part is inside the tail compose-go substitutes on its own, so only the tail is named
    ['${FOO:-x} ${ } }', 'Invalid template: " ${ } }"', InvalidTemplateError],
    ['${missing:?}', 'required variable missing is missing a value', MissingRequiredError],
    ['${BAR:?must be set}', 'required variable BAR is missing a value: must be set', MissingRequiredError],
    ['${missing?why ${FOO}}', 'required variable missing is missing a value: why first', MissingRequiredError],
    ['${A:?one} ${B:?two}', 'required variable A is missing a value: one', MissingRequiredError],
  ];
  for (const [template, message, type] of cases) {
    t.throws(() => substitute(template, lookup), { message }, template);
    const e = caught(() => substitute(template, lookup));
    t.type(e, type, template);
    t.type(e, InterpolationError, template);
  }
  const e = caught(() => substitute('${DB_PASSWORD:?set it in .env}', lookup)) as MissingRequiredError;
  t.equal(e?.variable, 'DB_PASSWORD');
  t.equal(e?.reason, 'set it in .env');
  t.type(
    caught(() => substitute('${A:-'.repeat(200) + '}'.repeat(200), lookup)),
    TemplateLimitError,
  );
});

t.test('substitute warns for unset variables it reads', async (t) => {
  const cases: [string, string[]][] = [
    ['${A:-${B}}', ['The "B" variable is not set. Defaulting to a blank string.']],
    ['$A ${FOO}', ['The "A" variable is not set. Defaulting to a blank string.']],
    ['${FOO?${B}} ${FOO:+${FOO}}', []],
  ];
  for (const [template, want] of cases) {
    const got: string[] = [];
    substitute(template, lookup, { warn: (m) => got.push(m) });
    t.same(got, want, template);
  }
});

t.test('substitutionOperator picks the first operator', async (t) => {
  const cases: [string, string][] = [
    ['V:?a?b', ':?'],
    ['V?a:?b', '?'],
    ['V-a:-b', '-'],
    ['V:+a-b', ':+'],
    ['V+a?b', '+'],
    ['V', ':?'],
  ];
  for (const [body, op] of cases) t.equal(substitutionOperator(body), op, body);
});

t.test('extractVariables', async (t) => {
  const tree = {
    services: {
      api: {
        image: 'registry/${IMAGE:?image required}:${TAG:-latest}',
        environment: ['URL=${SCHEME:-https}://${HOST:-${DEFAULT_HOST}}', 'LITERAL=$$HOME'],
        labels: { '${NOT_A_KEY}': '${FLAG:+on}' },
        ports: [8080],
      },
    },
  };
  const vars = extractVariables(tree);
  t.same(Object.keys(vars).sort(), ['DEFAULT_HOST', 'FLAG', 'HOST', 'IMAGE', 'SCHEME', 'TAG']);
  t.same(vars.IMAGE, { name: 'IMAGE', defaultValue: '', presenceValue: '', required: true });
  t.same(vars.TAG, { name: 'TAG', defaultValue: 'latest', presenceValue: '', required: false });
  t.same(vars.HOST, { name: 'HOST', defaultValue: '${DEFAULT_HOST}', presenceValue: '', required: false });
  t.same(vars.FLAG, { name: 'FLAG', defaultValue: '', presenceValue: 'on', required: false });
  t.equal(Object.getPrototypeOf(extractVariables('$__proto__')), null);
  t.ok(Object.hasOwn(extractVariables('$__proto__'), '__proto__'));
});

t.test('casts', async (t) => {
  const ok: [(v: string) => unknown, string, unknown][] = [
    [toInt, '42', 42],
    [toInt, '-7', -7],
    [toInt, '+3', 3],
    [toInt64, '9007199254740993', 9007199254740992],
    [toFloat, '1.5', 1.5],
    [toFloat, '1_000.5', 1000.5],
    [toFloat, '.5e1', 5],
    [toFloat, '0x1p-2', 0.25],
    [toFloat, 'Inf', Infinity],
    [toFloat32, '0.1', 0.1], // the float32 Math.fround(0.1), as Go prints it
    [toBoolean, 'TRUE', true],
    [toBoolean, 'false', false],
    [toBoolean, 'yes', true],
    [toBoolean, 'Off', false],
  ];
  for (const [cast, input, want] of ok) t.equal(cast(input), want, `${cast.name} ${input}`);
  const bad: [(v: string) => unknown, string, string][] = [
    [toInt, '1.5', 'strconv.Atoi: parsing "1.5": invalid syntax'],
    [toInt, '', 'strconv.Atoi: parsing "": invalid syntax'],
    [toInt, '99999999999999999999', 'strconv.Atoi: parsing "99999999999999999999": value out of range'],
    [toInt64, 'ten', 'strconv.ParseInt: parsing "ten": invalid syntax'],
    [toFloat, '1_', 'strconv.ParseFloat: parsing "1_": invalid syntax'],
    [toFloat, '0x10', 'strconv.ParseFloat: parsing "0x10": invalid syntax'],
    [toFloat, '1e400', 'strconv.ParseFloat: parsing "1e400": value out of range'],
    [toFloat32, '1e39', 'strconv.ParseFloat: parsing "1e39": value out of range'],
    [toBoolean, 'maybe', 'invalid boolean: maybe'],
  ];
  for (const [cast, input, message] of bad) t.throws(() => cast(input), { message }, `${cast.name} ${input}`);
  const warnings: string[] = [];
  toBoolean('on', (m) => warnings.push(m));
  t.same(warnings, ['"on" for boolean is not supported by YAML 1.2, please use `true`']);
});

const COMPOSE = `name: shop
services:
  api:
    image: "registry/api:\${TAG}"
    command: ["serve", "--port", "\${PORT:-8080}"]
    environment:
      DB_PASSWORD: \${DB_PASSWORD:?set DB_PASSWORD in .env}
      LITERAL: $$HOME
    deploy:
      replicas: \${REPLICAS:-2}
    ports:
      - target: "\${PORT:-8080}"
        published: "80"
    read_only: \${RO:-yes}
    labels:
      price: 5$
      bad: "\${ oops}"
    healthcheck:
      retries: \${RETRIES:-three}
networks:
  front:
    external: "true"
`;

function parseCompose(text: string): TreeObject {
  const parsed = parseYaml(text, 'compose.yaml');
  if (parsed.diagnostics.length) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  return parsed.documents[0].tree as TreeObject;
}

t.test('interpolateTree on a compose file', async (t) => {
  const input = parseCompose(COMPOSE);
  const { tree, diagnostics } = interpolateTree(input, lookup);
  const api = (tree.services as TreeObject).api as TreeObject;
  t.equal(api.image, 'registry/api:1.25');
  t.same(api.command, ['serve', '--port', '8080']);
  t.equal((api.deploy as TreeObject).replicas, 2, 'cast to int');
  t.same(api.ports, [{ target: 8080, published: '80' }], 'ports.[].target cast, published left as string');
  t.equal(api.read_only, true, 'YAML 1.1 boolean accepted');
  t.equal(((tree.networks as TreeObject).front as TreeObject).external, true);
  t.equal((api.environment as TreeObject).LITERAL, '$HOME');
  t.equal((api.labels as TreeObject).price, '5$');
  t.equal((api.healthcheck as TreeObject).retries, '${RETRIES:-three}', 'failed value is left as written');

  // locations survive the copy
  t.same(valueLoc(api, 'image'), valueLoc((input.services as TreeObject).api, 'image'));
  t.match(valueLoc((api.ports as TreeObject[])[0], 'target'), { file: 'compose.yaml', line: 12, column: 17 });
  t.not(tree, input, 'input is not mutated');
  t.equal(((input.services as TreeObject).api as TreeObject).image, 'registry/api:${TAG}');

  const errors = diagnostics
    .filter((d) => d.severity === 'error')
    .map(({ code, message, line, column, path }) => ({ code, message, line, column, path }));
  t.same(errors, [
    {
      code: 'interpolation-missing-variable',
      message:
        'error while interpolating services.api.environment.DB_PASSWORD: required variable DB_PASSWORD is missing a value: set DB_PASSWORD in .env',
      line: 7,
      column: 20,
      path: 'services.api.environment.DB_PASSWORD',
    },
    {
      code: 'interpolation-invalid-template',
      message:
        'invalid interpolation format for services.api.labels.bad.\nYou may need to escape any $ with another $.\n${ oops}',
      line: 17,
      column: 12,
      path: 'services.api.labels.bad',
    },
    {
      code: 'interpolation-type',
      message:
        'error while interpolating services.api.healthcheck.retries: failed to cast to expected type: strconv.Atoi: parsing "three": invalid syntax',
      line: 19,
      column: 16,
      path: 'services.api.healthcheck.retries',
    },
  ]);
  const warnings = diagnostics.filter((d) => d.severity === 'warning').map((d) => [d.path, d.message]);
  t.same(warnings, [['services.api.read_only', '"yes" for boolean is not supported by YAML 1.2, please use `true`']]);
});

t.test('interpolateTree on a hand-built tree', async (t) => {
  const volumes = ['${SRC}:/data', '${ bad}'];
  setLoc(volumes, 1, { file: 'x.yml', line: 9, column: 9 });
  const root: TreeObject = { services: { 'web.v2': { volumes, cpus: '${CPUS:-0.5}', scale: 3 } } };
  const { tree, diagnostics } = interpolateTree(root, () => undefined);
  const web = (tree.services as TreeObject)['web.v2'] as TreeObject;
  t.equal(web.cpus, 0.5, 'cast to float32 despite a dotted service name');
  t.equal(web.scale, 3, 'non-string values are kept');
  t.same(web.volumes, [':/data', '${ bad}']);
  t.same(
    diagnostics.map((d) => [d.code, d.severity, d.file, d.line, d.path, d.message]),
    [
      [
        'interpolation-warning',
        'warning',
        '',
        1,
        'services["web.v2"].volumes[0]',
        'The "SRC" variable is not set. Defaulting to a blank string.',
      ],
      [
        'interpolation-invalid-template',
        'error',
        'x.yml',
        9,
        'services["web.v2"].volumes[1]',
        'invalid interpolation format for services.web.v2.volumes.[].\nYou may need to escape any $ with another $.\n${ bad}',
      ],
    ],
  );
  t.same(interpolateTree(root, () => undefined, { warnings: false }).diagnostics.length, 1);
  t.same(interpolateTree({ a: { replicas: '5' } }, () => undefined, { casts: {} }).tree, { a: { replicas: '5' } });
});
