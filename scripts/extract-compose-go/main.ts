// Extracts conformance vectors from the whole test suite of a compose-go checkout.
//   npx tsx scripts/extract-compose-go/main.ts <compose-go checkout (work tree or bare git dir)> [out dir]
// Writes one JSON file of vectors per compose-go package directory (loader.json, loader_tests.json,
// override.json, ...) and source.json (the commit read and the counts) into the out dir
// (default fixtures/compose-go). See fixtures/compose-go/README.md for the shapes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { Checkout, type Node, field, goParser, kids, parseGo } from './source.js';
import { GoTypes, importsOf, packageName } from './gotypes.js';
import { Interp, ReturnSignal, type TestContext } from './interp.js';
import { causeOf } from './cause.js';
import { apiTable } from './apis.js';
import { projectApis } from './project.js';
import { SkipTest, testingT } from './asserts.js';
import { writeReadme } from './readme.js';
import { Fn, Poison, Scope, TypeRef, Unsupported, type Vec } from './values.js';

interface TestFile {
  path: string;
  root: Node;
  imports: Map<string, string>;
}

function testContext(file: string, test: string): TestContext {
  return { file, test, subtests: [], vecs: [], diskFiles: {}, processEnv: {}, tempDirs: 0, statement: '' };
}

function vectorJson(v: Vec): Record<string, unknown> {
  const out: Record<string, unknown> = { id: v.id, function: v.function, ...v.data };
  if (v.assertions.length) out.assertions = v.assertions;
  if (v.error !== undefined) out.error = v.error;
  if (v.error_exact !== undefined) out.error_exact = v.error_exact;
  if (v.error_type !== undefined) out.error_type = v.error_type;
  if (v.error_fields !== undefined) out.error_fields = v.error_fields;
  if (v.ok) out.ok = true;
  if (v.skipped_assertions.length) out.skipped_assertions = v.skipped_assertions;
  const checks = v.assertions.length || v.error !== undefined || v.error_exact !== undefined || v.ok;
  if (!('skip' in out) && !checks)
    out.skip = v.skipped_assertions.length
      ? `no assertion the runner can check: ${causeOf(v.skipped_assertions[0])}`
      : 'the test asserts nothing on this call';
  return out;
}

async function main(): Promise<void> {
  const [src, outDir = 'fixtures/compose-go'] = process.argv.slice(2);
  if (!src) throw new Error('usage: main.ts <compose-go checkout> [out dir]');
  const checkout = new Checkout(src);
  const parser = await goParser();
  const types = GoTypes.read(checkout, parser);
  const apis = apiTable(checkout);
  projectApis(apis, checkout);

  const testPaths = checkout.paths.filter((p) => p.endsWith('_test.go')).sort();
  const byDir = new Map<string, string[]>();
  for (const p of testPaths) {
    const d = posix.dirname(p);
    byDir.set(d, [...(byDir.get(d) ?? []), p]);
  }
  const out = new Map<string, Record<string, unknown>[]>();
  for (const [dir, paths] of byDir) {
    const files: TestFile[] = paths.map((p) => {
      const root = parseGo(parser, checkout.read(p));
      return { path: p, root, imports: importsOf(root) };
    });
    // the package under test: the name declared by the directory's non-test files, else the tests'
    const source = checkout.paths.find((p) => posix.dirname(p) === dir && p.endsWith('.go') && !p.endsWith('_test.go'));
    const pkgName = source
      ? packageName(parseGo(parser, checkout.read(source)))
      : packageName(files[0].root).replace(/_test$/, '');
    for (const f of files) types.addFile(f.root, pkgName);
    const scope = new Scope();
    const interp = new Interp(types, { dir, name: pkgName, scope }, apis, new Map());
    interp.readPackageFile = (p) => {
      const full = posix.normalize(posix.join(dir, p));
      return checkout.has(full) ? checkout.read(full) : undefined;
    };
    interp.test = testContext(dir, '(package)');
    // package-level declarations of the test files: functions first, then constants and variables
    for (const f of files) {
      interp.imports = f.imports;
      for (const d of kids(f.root))
        if (d.type === 'function_declaration') {
          const name = (field(d, 'name') as Node).text;
          if (!/^Test/.test(name)) scope.define(name, interp.makeFn(name, d, scope));
        } else if (d.type === 'type_declaration')
          for (const spec of kids(d)) {
            const n = field(spec, 'name');
            if (n) scope.define(n.text, new TypeRef(`${pkgName}.${n.text}`));
          }
    }
    for (const f of files) {
      interp.imports = f.imports;
      for (const d of kids(f.root)) {
        if (d.type !== 'var_declaration' && d.type !== 'const_declaration') continue;
        try {
          interp.runStatement(d, scope);
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          for (const n of d.descendantsOfType('identifier'))
            if (n && n.parent?.type.endsWith('_spec') && field(n.parent, 'name')?.id === n.id)
              scope.define(n.text, new Poison(e.message));
        }
      }
    }
    // function values close over the package scope; bind their file for ids
    const vectors: Record<string, unknown>[] = [];
    for (const f of files) {
      interp.imports = f.imports;
      const file = f.path;
      for (const d of kids(f.root)) {
        if (d.type !== 'function_declaration') continue;
        const name = (field(d, 'name') as Node).text;
        const params = field(d, 'parameters')?.text ?? '';
        if (!/^Test[A-Z_0-9]?/.test(name) || !/\*testing\.T\b/.test(params)) continue;
        const test = testContext(file, name);
        interp.test = test;
        interp.pendingSkips = [];
        interp.carried = new Map();
        const fn = interp.makeFn(name, d, scope) as Fn;
        const body = new Scope(scope);
        body.define(fn.params[0]?.name ?? 't', testingT(interp));
        if (file.endsWith('_windows_test.go')) interp.pendingSkips.push('Windows-only test file (GOOS=windows)');
        else
          try {
            interp.runBlock(fn.body, body, true);
          } catch (e) {
            if (e instanceof SkipTest) interp.pendingSkips.unshift(e.message);
            else if (e instanceof Unsupported) interp.pendingSkips.push(e.message);
            else if (!(e instanceof ReturnSignal)) throw e;
          }
        interp.closeScope(0);
        // the same call made again with the same expectations (a loop of goroutines validating one
        // model) is one vector: repeating it in one process adds nothing to check
        const made = new Set<string>();
        test.vecs = test.vecs.filter((v) => {
          const key = JSON.stringify({ ...vectorJson(v), id: v.id });
          return !made.has(key) && made.add(key) !== undefined;
        });
        const count = new Map<string, number>();
        for (const v of test.vecs) count.set(v.id, (count.get(v.id) ?? 0) + 1);
        const seen = new Map<string, number>();
        for (const v of test.vecs) {
          const n = (seen.get(v.id) ?? 0) + 1;
          seen.set(v.id, n);
          const j = vectorJson(v);
          if ((count.get(v.id) ?? 0) > 1) j.id = `${v.id}#${n}`;
          vectors.push(j);
        }
      }
    }
    out.set(dir, vectors);
  }

  mkdirSync(outDir, { recursive: true });
  const counts: Record<string, number> = {};
  for (const [dir, vectors] of out) {
    const name = `${dir.replace(/\//g, '_')}.json`;
    counts[name] = vectors.length;
    writeFileSync(posix.join(outDir, name), `${JSON.stringify(vectors, null, 1)}\n`);
  }
  writeFileSync(
    posix.join(outDir, 'source.json'),
    `${JSON.stringify({ repository: 'https://github.com/compose-spec/compose-go', commit: checkout.commit, counts }, null, 1)}\n`,
  );
  writeReadme(outDir, checkout.commit, new Map([...out].map(([dir, v]) => [`${dir.replace(/\//g, '_')}.json`, v])));
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`compose-go ${checkout.commit}: ${total} vectors in ${out.size} files`);
}

await main();
