import { parseYaml } from '../yaml/parse.js';
import { validateSchema } from './schema.js';
const cases: Record<string, string> = {
  limit: `services:\n  api:\n    image: x\n    deploy:\n      resources:\n        limit:\n          memory: 512M\n`,
  healtcheck: `services:\n  api:\n    image: x\n    healtcheck:\n      test: [CMD, true]\n`,
  ports: `services:\n  api:\n    image: x\n    ports:\n      - target: [1]\n      - true\n      - {target: 80, protocol: 5, foo: 1}\n`,
  build: `services:\n  api:\n    build: 3\n    environment: 3\n    extends: {file: a}\n`,
  nets: `servces: {}\nservices:\n  api:\n    image: x\n    restart: alway\n    networks:\n      a b:\n      c: 3\n    cap_add: [A, B, A]\n    cpu_percent: 200\n    container_name: "-x"\n  "bad name":\n    image: x\n  nul:\nversion: 3\n`,
  envfile: `services:\n  api:\n    image: x\n    env_file:\n      - path: a\n        required: maybe\n      - {pth: b}\n    depends_on:\n      db: {condition: healthy}\n    healthcheck:\n      test: 3\n    volumes:\n      - type: bind\n      - {type: volume, source: a, target: /b, volume: {nocopy: 3}}\n`,
  top: `- a\n`,
};
for (const [k, text] of Object.entries(cases)) {
  const doc = parseYaml(text, k + '.yml').documents[0];
  const t0 = performance.now();
  const ds = validateSchema(doc.tree!, k + '.yml');
  console.log(`== ${k} (${(performance.now() - t0).toFixed(2)}ms)`);
  for (const d of ds) console.log(`  ${d.line}:${d.column} ${d.code} [${d.path}] ${d.message}${d.hint ? '  -- ' + d.hint : ''}`);
}
