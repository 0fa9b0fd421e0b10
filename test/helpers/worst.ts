/**
 * The worst inputs we can think of for each stage, as bundles that grow with `n`. Random mutation
 * (the fuzzer) never makes inputs that grow, so these are written by hand: each one is the shape
 * that made a stage quadratic or exponential once, or that would if the stage were written naively.
 * Used by test/growth.test.ts (n vs 4n) and bench/scaling.ts (n, 2n, 4n, 8n).
 */
import type { Bundle } from '../../src/bundle/bundle.js';

export interface Construct {
  /** what grows with n */
  what: string;
  /** the bundle for size n */
  bundle: (n: number) => Bundle;
  /** a size where one review of the bundle takes a few milliseconds (growth tests use n and 4n) */
  n: number;
}

const one = (text: string): Bundle => ({ files: { 'compose.yaml': text } });

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Each construct of the issue, one bundle per size. */
export const CONSTRUCTS: Record<string, Construct> = {
  aliases: {
    what: 'uses of one anchor (a flat alias in a list)',
    n: 400,
    bundle: (n) =>
      one(
        `x-a: &a value\nx-list: [${range(n)
          .map(() => '*a')
          .join(', ')}]\nservices:\n  web:\n    image: nginx\n`,
      ),
  },
  'alias-targets': {
    what: 'anchored mappings, each aliased once by a service',
    n: 60,
    bundle: (n) => {
      let s = 'x-defs:\n';
      for (const i of range(n)) s += `  d${i}: &d${i}\n    image: nginx:${i}\n    restart: always\n`;
      s += 'services:\n';
      for (const i of range(n)) s += `  s${i}: *d${i}\n`;
      return one(s);
    },
  },
  'merge-keys': {
    what: 'services using `<<: *defaults`',
    n: 90,
    bundle: (n) => {
      let s =
        'x-defaults: &defaults\n  image: nginx:1.27\n  restart: always\n  environment:\n    A: "1"\n    B: "2"\nservices:\n';
      for (const i of range(n)) s += `  s${i}:\n    <<: *defaults\n    hostname: h${i}\n`;
      return one(s);
    },
  },
  'port-range': {
    what: 'ports of one `a-b:a-b` range',
    n: 1000,
    bundle: (n) =>
      one(`services:\n  web:\n    image: nginx\n    ports: ["10000-${10000 + n - 1}:10000-${10000 + n - 1}"]\n`),
  },
  'port-list': {
    what: 'ports of one service, listed one by one',
    n: 70,
    bundle: (n) =>
      one(
        `services:\n  web:\n    image: nginx\n    ports:\n${range(n)
          .map((i) => `      - "${10000 + i}:${20000 + i}"\n`)
          .join('')}`,
      ),
  },
  'command-words': {
    what: 'words and `$(…)` groups of one `command` string (go-shellwords)',
    n: 4000,
    bundle: (n) => one(`services:\n  web:\n    image: nginx\n    command: "x ${'$(a)b '.repeat(n)}"\n`),
  },
  'published-twice': {
    what: 'services publishing the same host port (duplicate-published-port)',
    n: 16,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map((i) => `  s${i}:\n    image: nginx\n    ports: ["8080:80"]\n`)
          .join('')}`,
      ),
  },
  'include-chain': {
    what: 'files, each including the next one twice',
    n: 8,
    bundle: (n) => {
      const files: Record<string, string> = {};
      for (const i of range(n)) {
        const next = i + 1 < n ? `include:\n  - f${i + 1}.yaml\n  - path: f${i + 1}.yaml\n` : '';
        files[i === 0 ? 'compose.yaml' : `f${i}.yaml`] = `${next}services:\n  s${i}:\n    image: nginx\n`;
      }
      return { files };
    },
  },
  'include-fan': {
    what: 'files included by the main file, each including one shared file',
    n: 10,
    bundle: (n) => {
      const files: Record<string, string> = {
        'shared.yaml': 'services:\n  shared:\n    image: redis\n',
        'compose.yaml': `include:\n${range(n)
          .map((i) => `  - f${i}.yaml\n`)
          .join('')}services:\n  web:\n    image: nginx\n`,
      };
      for (const i of range(n)) files[`f${i}.yaml`] = `include: [shared.yaml]\nservices:\n  s${i}:\n    image: nginx\n`;
      return { files };
    },
  },
  'extends-chain': {
    what: 'services, each extending the previous one',
    n: 20,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map((i) => `  s${i}:\n    ${i ? `extends: s${i - 1}\n    ` : ''}image: nginx\n    hostname: h${i}\n`)
          .join('')}`,
      ),
  },
  'extends-file': {
    what: 'services extending a service of another file',
    n: 16,
    bundle: (n) => ({
      files: {
        'common.yaml': `services:\n${range(10)
          .map((i) => `  base${i}:\n    image: nginx\n    environment: [A=1, B=2]\n`)
          .join('')}`,
        'compose.yaml': `services:\n${range(n)
          .map((i) => `  s${i}:\n    extends: {file: common.yaml, service: base${i % 10}}\n`)
          .join('')}`,
      },
    }),
  },
  'depends-on-chain': {
    what: 'services, each depending on the next one',
    n: 25,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map((i) => `  s${i}:\n    image: nginx\n${i + 1 < n ? `    depends_on: [s${i + 1}]\n` : ''}`)
          .join('')}`,
      ),
  },
  'depends-on-star': {
    what: 'services all depending on one service, and one depending on all',
    n: 28,
    bundle: (n) =>
      one(
        `services:\n  hub:\n    image: nginx\n  all:\n    image: nginx\n    depends_on: [${range(n)
          .map((i) => `s${i}`)
          .join(', ')}]\n${range(n)
          .map((i) => `  s${i}:\n    image: nginx\n    depends_on: [hub]\n`)
          .join('')}`,
      ),
  },
  services: {
    what: 'services (base, override and production files)',
    n: 5,
    bundle: (n) => ({ files: generatedProject(n) }),
  },
  'environment-entries': {
    what: 'environment entries of one service',
    n: 300,
    bundle: (n) =>
      one(
        `services:\n  web:\n    image: nginx\n    environment:\n${range(n)
          .map((i) => `      - V${i}=value${i}\n`)
          .join('')}`,
      ),
  },
  'env-files': {
    what: 'variables of the .env file, each used once',
    n: 150,
    bundle: (n) => ({
      files: {
        '.env': range(n)
          .map((i) => `V${i}=value${i}\n`)
          .join(''),
        'compose.yaml': `services:\n  web:\n    image: nginx\n    labels:\n${range(n)
          .map((i) => `      l${i}: \${V${i}}\n`)
          .join('')}`,
      },
    }),
  },
  'service-env-files': {
    what: 'env_file entries of one service (distinct files)',
    n: 70,
    bundle: (n) => {
      const files: Record<string, string> = {
        'compose.yaml': `services:\n  web:\n    image: nginx\n    env_file:\n${range(n)
          .map((i) => `      - e${i}.env\n`)
          .join('')}`,
      };
      for (const i of range(n)) files[`e${i}.env`] = `A${i}=1\nB=${i}\n`;
      return { files };
    },
  },
  interpolation: {
    what: '`${VAR:-default}` templates in one value',
    n: 600,
    bundle: (n) =>
      one(
        `services:\n  web:\n    image: nginx\n    command: "${range(n)
          .map((i) => `\${U${i}:-d${i}}`)
          .join(' ')}"\n`,
      ),
  },
  'override-files': {
    what: 'files merged in turn, each overriding every service with `!override`',
    n: 4,
    bundle: (n) => {
      const files: Record<string, string> = {};
      const names: string[] = [];
      for (const f of range(n)) {
        const name = f === 0 ? 'compose.yaml' : `compose.o${f}.yaml`;
        names.push(name);
        files[name] = `services:\n${range(10)
          .map(
            (i) =>
              `  s${i}:\n    image: nginx:${f}\n    ports: !override ["${8000 + i}:80"]\n    environment: [F=${f}]\n`,
          )
          .join('')}`;
      }
      return { files, environments: { production: { files: names } } };
    },
  },
  documents: {
    what: 'YAML documents in one file',
    n: 25,
    bundle: (n) =>
      one(
        range(n)
          .map((i) => `services:\n  s${i}:\n    image: nginx\n`)
          .join('---\n'),
      ),
  },
  diagnostics: {
    what: 'unknown keys (one schema diagnostic each)',
    n: 60,
    bundle: (n) =>
      one(
        `services:\n  web:\n    image: nginx\n${range(n)
          .map((i) => `    bad${i}: 1\n`)
          .join('')}`,
      ),
  },
  'extra-hosts-merge': {
    what: 'extra_hosts entries of one service in a base and an override file (merged)',
    n: 220,
    bundle: (n) => ({
      files: {
        'compose.yaml': `services:\n  web:\n    image: nginx\n    extra_hosts:\n${range(n)
          .map((i) => `      - "h${i}=10.0.${i >> 8}.${i & 255}"\n`)
          .join('')}`,
        'compose.override.yaml': `services:\n  web:\n    extra_hosts:\n${range(n)
          .map((i) => `      - "o${i}=10.1.${i >> 8}.${i & 255}"\n`)
          .join('')}`,
      },
    }),
  },
  'ipam-merge': {
    what: 'IPAM configs of one network, merged with three override configs',
    n: 80,
    bundle: (n) => ({
      files: {
        'compose.yaml': `services:\n  web:\n    image: nginx\n    networks: [n]\nnetworks:\n  n:\n    ipam:\n      config:\n${range(
          n,
        )
          .map((i) => `        - subnet: 10.${i >> 8}.${i & 255}.0/24\n`)
          .join('')}`,
        // compose-go merges every base config with every override one: with n of each the merge itself is
        // n x n (bounded by merge-limit); with a few overrides it must stay linear in the base
        'compose.override.yaml': `networks:\n  n:\n    ipam:\n      config:\n${range(3)
          .map((i) => `        - subnet: 10.${i >> 8}.${i & 255}.0/24\n          gateway: 10.${i >> 8}.${i & 255}.1\n`)
          .join('')}`,
      },
    }),
  },
  'labels-merge': {
    what: 'labels of one service in a base and an override file (merged as sequences)',
    n: 160,
    bundle: (n) => ({
      files: {
        'compose.yaml': `services:\n  web:\n    image: nginx\n    labels:\n${range(n)
          .map((i) => `      l${i}: "${i}"\n`)
          .join('')}`,
        'compose.override.yaml': `services:\n  web:\n    labels:\n${range(n)
          .map((i) => `      - "m${i}=${i}"\n`)
          .join('')}`,
      },
    }),
  },
  'override-tags': {
    what: 'services of an override file whose ports carry `!override` (the resets trie)',
    n: 15,
    bundle: (n) => ({
      files: {
        'compose.yaml': `services:\n${range(n)
          .map((i) => `  s${i}:\n    image: nginx\n    ports: ["${8000 + i}:80"]\n    environment: [A=1]\n`)
          .join('')}`,
        'compose.override.yaml': `services:\n${range(n)
          .map((i) => `  s${i}:\n    ports: !override ["${9000 + i}:80"]\n    environment: !reset []\n`)
          .join('')}`,
      },
    }),
  },
  'shared-env-file': {
    what: 'services reading one env_file (of 20 variables, some expanding others)',
    n: 8,
    bundle: (n) => ({
      files: {
        'app.env': range(20)
          .map((i) => `V${i}=value-\${V${i > 0 ? i - 1 : 0}:-x}\n`)
          .join(''),
        'compose.yaml': `services:\n${range(n)
          .map((i) => `  s${i}:\n    image: nginx\n    env_file: app.env\n`)
          .join('')}`,
      },
    }),
  },
  'policy-ignore': {
    what: 'policy ignore entries, each for one of as many services',
    n: 18,
    bundle: (n) => ({
      files: {
        '.compose-review.yaml': `ignore:\n${range(n)
          .map((i) => `  - rule: privileged\n    services: [s${i}]\n`)
          .join('')}`,
        'compose.yaml': `services:\n${range(n)
          .map((i) => `  s${i}:\n    image: nginx\n    privileged: true\n`)
          .join('')}`,
      },
    }),
  },
  'x-compose-review-ignore': {
    what: 'services, and entries of the project\'s `x-compose-review` ignore list (none naming their rule): the list was rescanned and its strings split again for every finding (src/audit/run.ts ignoreList)',
    n: 100,
    bundle: (n) =>
      one(
        `x-compose-review:\n  ignore:\n${range(n)
          .map((i) => `    - "nope-${i} a reason of several words written here"\n`)
          .join('')}services:\n${range(n)
          .map((i) => `  s${i}:\n    image: nginx\n    privileged: true\n`)
          .join('')}`,
      ),
  },
  'dependency-cycle': {
    what: 'services in one depends_on cycle',
    n: 90,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map((i) => `  s${i}:\n    image: nginx\n    depends_on: [s${(i + 1) % n}]\n`)
          .join('')}`,
      ),
  },
  'anchored-problem': {
    what: 'services sharing one anchored block with several problems (a group each, over every service)',
    n: 25,
    bundle: (n) => {
      // one image for all, one volume they all write: one application (shared-volume's union-find)
      let s =
        'x-app: &app\n  image: vendor/app:latest\n  privileged: true\n  environment:\n    SECRET_KEY: anchored-s3cr3t-value\n    DB_PASSWORD: changeme\n  ports: ["5432"]\n  volumes: [data:/data, /etc:/host-etc]\nservices:\n';
      for (const i of range(n)) s += `  s${i}:\n    <<: *app\n`;
      return one(`${s}volumes:\n  data: {}\n`);
    },
  },
  'environments-diff': {
    what: 'services that differ between development and production',
    n: 6,
    bundle: (n) => ({
      files: {
        'compose.yaml': `services:\n${range(n)
          .map((i) => `  s${i}:\n    image: app:${i}\n    environment: [A=1, B=2]\n    ports: ["${10000 + i}:80"]\n`)
          .join('')}`,
        'compose.prod.yaml': `services:\n${range(n)
          .map(
            (i) =>
              `  s${i}:\n    image: app:${i}-prod\n    environment: [A=2, C=3]\n    ports: !override ["127.0.0.1:${10000 + i}:80"]\n    read_only: true\n`,
          )
          .join('')}`,
      },
    }),
  },
  resources: {
    what: 'named volumes, networks, secrets and configs, each used by one service',
    n: 12,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map(
            (i) =>
              `  s${i}:\n    image: nginx\n    volumes: [v${i}:/data]\n    networks: [n${i}]\n    secrets: [s${i}]\n    configs: [c${i}]\n`,
          )
          .join('')}volumes:\n${range(n)
          .map((i) => `  v${i}: {}\n`)
          .join('')}networks:\n${range(n)
          .map((i) => `  n${i}: {}\n`)
          .join('')}secrets:\n${range(n)
          .map((i) => `  s${i}: {file: ./s${i}.txt}\n`)
          .join('')}configs:\n${range(n)
          .map((i) => `  c${i}: {file: ./c${i}.txt}\n`)
          .join('')}`,
      ),
  },
  secrets: {
    what: 'services, each with a secret value of its own (every answer is masked by value)',
    n: 20,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map(
            (i) =>
              `  s${i}:\n    image: nginx\n    environment:\n      DB_PASSWORD: secretvalue${i}x\n    command: run --password=secretvalue${i}x\n`,
          )
          .join('')}`,
      ),
  },
  'env-line-statements': {
    // through every route; the quadratic itself is caught sooner by isInterpolated's own growth test (test/growth.test.ts)
    what: 'single-quoted statements on one env-file line (src/audit/source.ts isInterpolated read the rest of the line for each)',
    n: 500,
    bundle: (n) => ({
      files: {
        'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: app.env\n',
        'app.env': `${range(n)
          .map((i) => `K${i}_TOKEN='v${i}'`)
          .join(' ')}\n`,
      },
    }),
  },
  'secret-shapes': {
    what: 'Go MySQL DSNs whose passwords hold blanks and `=`, env-file lines of several statements (src/redact: dsnPasswords, envEntries)',
    n: 60,
    bundle: (n) => ({
      files: {
        'compose.yaml': `services:\n  web:\n    image: nginx\n    env_file: app.env\n    environment:\n${range(n)
          .map((i) => `      DSN${i}: "u:pass word ${i}=@tcp(db:3306)/app"\n`)
          .join('')}`,
        'app.env': range(n)
          .map((i) => `A${i}='x' S${i}_API_TOKEN=tk${i} B${i}="y" C${i}='z'\n`)
          .join(''),
      },
    }),
  },
  'command-secrets': {
    what: 'services whose secrets hold blanks and are cut in messages (a `…` after their first words, src/redact/scan.ts), with quoted -p pieces in an `sh -c` line of a Compose string, redis-cli -a, MYSQL_PWD=, DSNs without a protocol',
    n: 8,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map(
            (i) =>
              `  s${i}:\n    image: mysql:8.4.3\n    environment:\n      DB_PASSWORD: "one two three ${i}"\n      DSN: "app:pw${i}x@/db"\n` +
              `    command: "npm run dev -- --x ${'y'.repeat(50)} one two three ${i} ; sh -c \\"mysql -p'a${i}'\\\\\\"b${i}x\\\\\\"\\""\n` +
              `    healthcheck:\n      test: ["CMD-SHELL", "MYSQL_PWD=pw${i}xyz mysqladmin ping && redis-cli -a pw${i}abc ping"]\n`,
          )
          .join('')}`,
      ),
  },
  'command-word-urls': {
    what: 'one command string split into n words, each a URL with credentials (every word located at the whole scalar: the raw text read once, not once a word)',
    n: 150,
    bundle: (n) =>
      one(
        `services:\n  web:\n    image: nginx:1.27.2\n    command: "${range(n)
          .map((i) => `curl http://u${i}:pw${i}xyz@h${i}/`)
          .join(' ')} \${TAG:-x}"\n    entrypoint: "${range(n)
          .map((i) => `sqlplus u${i}/pw${i}q@db${i}:1521/XE`)
          .join(' ')}"\n`,
      ),
  },
  'command-word-passwords': {
    what: 'one command string of n words giving a password, 400 blanks apart, with a variable in the line (the raw text searched for the password of each word: n times its length), and a block-scalar command of n such lines',
    n: 400,
    bundle: (n) =>
      one(
        `services:\n  db:\n    image: mysql:8.4.3\n    command: "mysqladmin \${FLAGS:-} ${range(n)
          .map((i) => `--password=Pw${i}xx`)
          .join(' '.repeat(400))}"\n  cache:\n    image: redis:7.4.1\n    command: |\n      run\n${range(n)
          .map((i) => `      word${i} --password=Pw${i}yy ${' '.repeat(400)}\n`)
          .join('')}`,
      ),
  },
  'unparsed-secrets': {
    what: 'secret-named lines of a file with a syntax error (read from its text: src/redact/collector.ts secretLines)',
    n: 60,
    bundle: (n) =>
      one(
        `services:\n  db:\n    image: postgres:16\n    environment:\n${range(n)
          .map((i) => `      S${i}_PASSWORD: pw${i} word ${i}\n      U${i}: postgres://u:pw${i}xy@db/app\n`)
          .join('')}      password: *broken${n} :\n`,
      ),
  },
  'unparsed-nested-secrets': {
    what: 'blocks under secret-named keys of a file with a syntax error (a duplicate key): their lines and words read as the value (src/redact/lines.ts nestedLines)',
    n: 60,
    bundle: (n) =>
      one(
        `x-db-password:\n${range(n)
          .map(
            (i) =>
              `  k${i}:\n    DB_PASSWORD:\n      a${i}: {b: pw${i}xyz, c: [pw${i}abc, d]}\n      a${i}: pw${i}dup\n`,
          )
          .join('')}services:\n  db:\n    image: nginx\n`,
      ),
  },
  'long-names': {
    what: 'characters of a service name and of an undefined dependency like it (a did-you-mean hint compares the two)',
    n: 400,
    bundle: (n) =>
      one(`services: {"${'a'.repeat(n)}": {image: nginx}, web: {image: nginx, depends_on: ["${'b'.repeat(n)}"]}}\n`),
  },
  'undefined-dependencies': {
    what: 'services, each depending on a service no file defines (a did-you-mean hint each, over every service)',
    n: 150,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map((i) => `  s${i}:\n    image: nginx\n    depends_on: [m${i}]\n`)
          .join('')}`,
      ),
  },
  'nesting-depth': {
    what: 'siblings at each of 100 levels of nested mappings (the depth near its budget, the width growing)',
    n: 2,
    bundle: (n) => {
      let s = 'x-deep:\n';
      for (const d of range(100)) {
        const pad = ' '.repeat(2 + 2 * d);
        s += range(n)
          .map((j) => `${pad}v${j}: ${j}\n`)
          .join('');
        s += `${pad}k:\n`;
      }
      return one(`${s}${' '.repeat(202)}end: 1\nservices:\n  web:\n    image: nginx\n`);
    },
  },
  'nested-extensions': {
    what: 'services with x- keys in their environment, labels and logging options (src/load/extensions.ts)',
    n: 40,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map(
            (i) =>
              `  s${i}:\n    image: nginx\n    environment: {x-a: ${i}, x-b: b, K: v}\n    labels: {x-l: ${i}}\n    logging: {options: {x-o: o}}\n`,
          )
          .join('')}`,
      ),
  },
  'alias-keys': {
    what: 'services whose environment has an alias as a key after other keys (src/yaml/walk.ts byValue)',
    n: 40,
    bundle: (n) =>
      one(
        `x-k: &k KEY\nservices:\n${range(n)
          .map((i) => `  s${i}:\n    image: nginx\n    environment:\n      A: "1"\n      B: "2"\n      *k: ${i}\n`)
          .join('')}`,
      ),
  },
  'lone-cr': {
    what: 'services written with lone CR line breaks (src/yaml/parse.ts goLineBreaks)',
    n: 60,
    bundle: (n) =>
      one(
        `services:\r${range(n)
          .map((i) => `  s${i}:\r    image: nginx\r    environment:\r      A: "a\r        ${i}"\r`)
          .join('')}`,
      ),
  },
  'escaped-quotes': {
    what: 'documents of double-quoted scalars with escapes, one refused in each (src/yaml/quoted.ts, parse.ts escape cursor)',
    n: 60,
    bundle: (n) =>
      one(
        `services:\n  web:\n    image: nginx\n    environment:\n${range(n)
          .map((i) => `      E${i}: "it\\'s\\u00e9 \\\n        ${i}"\n`)
          .join('')}${range(n)
          .map((i) => `---\nx-${i}: "\\/${i}"\n`)
          .join('')}`,
      ),
  },
  'line-separators': {
    what: 'services whose values are cut by LS and PS (src/yaml/quoted.ts setSeparatedScalars)',
    n: 60,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map(
            (i) =>
              `  s${i}:\n    image: nginx\n    environment:\n      A: "a\u2028        ${i}"\n      B: b\u2029        ${i}\n      C: |\n        c\u2028        ${i}\n`,
          )
          .join('')}`,
      ),
  },
  'string-map-extensions': {
    what: 'services with x- keys in ulimits and storage_opt of ints and nulls (src/load/decoded.ts stringMapOf)',
    n: 40,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map(
            (i) =>
              `  s${i}:\n    image: nginx\n    ulimits: {x-u: ${i}, nofile: 2}\n    storage_opt: {size: ${i}, n: ~, s: v}\n`,
          )
          .join('')}`,
      ),
  },
  'short-credentials': {
    what: "services with a DSN's, a connection string's short password, a shell's `export PGPASSWORD=`, a secret x- value holding ` x-b:` (src/redact/secrets.ts)",
    n: 15,
    bundle: (n) =>
      one(
        `services:\n${range(n)
          .map(
            (i) =>
              `  s${i}:\n    image: nginx\n    environment:\n      DSN: app:Y${i}@tcp(db:3306)/x\n      CONN: "Server=db;Password=Q${i};"\n      x-db-password: "a${i} x-b:c"\n    healthcheck:\n      test: ["CMD-SHELL", "export PGPASSWORD=Z${i}; pg_isready"]\n`,
          )
          .join('')}`,
      ),
  },
  'own-words-in-values': {
    what: 'services whose secrets are words of ours, each also in a device, a value and a command that hold a phrase of ours around it (the texts our messages are filled with: src/redact/vocabulary.ts FilledTexts)',
    n: 30,
    bundle: (n) => {
      const phrases = [
        ['restart', 'has no restart policy'],
        ['privileged', 'runs privileged: it has full access to the host'],
        ['latest', 'has no tag (means latest)'],
      ];
      return one(
        `services:\n${range(n)
          .map((i) => {
            const [secret, phrase] = phrases[i % phrases.length];
            return `  s${i}:\n    image: nginx:1.27\n    devices: ["/dev/q${i} ${phrase} z:/dev/x"]\n    environment:\n      API_TOKEN: ${secret}\n      DEBUG: "q${i} ${phrase}"\n    command: "npm run dev q${i} ${phrase}"\n`;
          })
          .join('')}`,
      );
    },
  },
  'secret-environment-names': {
    what: 'environments whose names hold a secret value, all masking alike (src/redact/names.ts; 4n within the 32 a bundle may make)',
    n: 4,
    bundle: (n) => ({
      files: {
        'compose.yaml': 'services:\n  db:\n    image: nginx\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n',
      },
      environments: Object.fromEntries(
        range(n).map((i) => [
          `prod pw-${i}-secret`,
          { files: ['compose.yaml'], env: { DB_PASSWORD: `pw-${i}-secret` } },
        ]),
      ),
    }),
  },
};

/** A generated project: N services over three files (base, override, prod), realistic keys. */
export function generatedProject(n: number): Record<string, string> {
  let base = 'name: big\nservices:\n';
  let override = 'services:\n';
  let prod = 'services:\n';
  for (let i = 0; i < n; i++) {
    base += `  svc${i}:\n    image: registry.example.com/team/svc${i}:1.${i % 10}.0\n    ports:\n      - "${10000 + i}:8080"\n`;
    base += `    environment:\n      LOG_LEVEL: info\n      DATABASE_URL: postgres://app:\${DB_PASSWORD:-secret}@db:5432/svc${i}\n`;
    if (i + 1 < n) base += `    depends_on:\n      - svc${i + 1}\n`;
    base += `    healthcheck:\n      test: ["CMD", "wget", "-qO-", "http://localhost:8080/healthz"]\n      interval: 30s\n`;
    base += `    volumes:\n      - data${i % 20}:/var/lib/data\n    networks: [backend]\n`;
    override += `  svc${i}:\n    command: npm run dev\n    volumes:\n      - ./svc${i}:/app\n    environment:\n      - DEBUG=true\n`;
    prod += `  svc${i}:\n    deploy:\n      replicas: 2\n      resources:\n        limits: {memory: 512M, cpus: "0.5"}\n    read_only: true\n`;
  }
  base += 'networks:\n  backend: {}\nvolumes:\n';
  for (let v = 0; v < 20; v++) base += `  data${v}: {}\n`;
  return { 'compose.yaml': base, 'compose.override.yaml': override, 'compose.prod.yaml': prod };
}

/** The attack inputs of issue 11, as they were reported (each took seconds to minutes, or crashed). */
export const ATTACKS: Record<string, () => Bundle> = {
  'port range 1-65535': () => one('services:\n  web:\n    image: nginx\n    ports: ["1-65535:1-65535"]\n'),
  '4,000 merge keys': () => CONSTRUCTS['merge-keys'].bundle(4000),
  '9,999 flat aliases': () => CONSTRUCTS.aliases.bundle(9999),
  'include chain of 20, each twice': () => CONSTRUCTS['include-chain'].bundle(20),
  "flow nesting behind a ' in a plain scalar": () =>
    one(`x-a: [a'b, ${'['.repeat(100_000)}${']'.repeat(100_000)}]\nservices:\n  web:\n    image: nginx\n`),
  'block nesting - - - ...': () => one(`x-a:\n  ${'- '.repeat(100_000)}x\nservices:\n  web:\n    image: nginx\n`),
  'indented map nesting': () => {
    let s = 'x-a:\n';
    for (let i = 0; i < 2_000; i++) s += `${' '.repeat(2 + i)}k:\n`;
    return one(`${s}services:\n  web:\n    image: nginx\n`);
  },
  '150,000 diagnostics': () =>
    one(
      `services:\n  web:\n    image: nginx\n${range(150_000)
        .map((i) => `    b${i}: 1\n`)
        .join('')}`,
    ),
  '10,000-service review': () => ({
    files: {
      'compose.yaml': `services:\n${range(10_000)
        .map((i) => `  s${i}:\n    image: nginx\n    privileged: true\n`)
        .join('')}`,
    },
  }),
  '100,000 services': () =>
    one(
      `services:\n${range(100_000)
        .map((i) => `  s${i}: {image: nginx}\n`)
        .join('')}`,
    ),
};
