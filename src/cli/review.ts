/** The CLI's diff and review commands (exit codes: src/cli/usage.ts); what they share with audit is in audit.ts. */
import { posix, relative, resolve, sep } from 'node:path';
import type { FailOn } from '../report/findings.js';
import { parseOutputs, writeOutputs } from './outputs.js';
import { diffBundle } from '../usecases/diff.js';
import { reviewBundle, REVIEW_FORMATS } from '../usecases/review.js';
import { toBundlePath, UsageError } from './files.js';
import { baseRoot, directoryBundle, directoryRoot, projectDirectory } from './directory.js';
import { EXIT, type CliIO } from './cli-io.js';
import { readBaseline, writeBaseline } from './baseline.js';
import type { CliValues } from './options.js';
import { FAIL_ON, loadOptions, oneOf, policyFrom, projectBundle, withName } from './audit.js';

export function diffCommand(values: CliValues, io: CliIO, positionals: string[]): number {
  const outputs = parseOutputs(values.format, ['text', 'json', 'markdown'], 'text', io.cwd);
  const dir = positionals[0] ? resolve(io.cwd, positionals[0]) : projectDirectory(io.cwd);
  const { bundle } = projectBundle(values, io, dir, 'diff', !positionals[0]);
  const a = diffBundle(bundle, {
    ...loadOptions(values, io, dir),
    redact: values['no-redact'] !== true,
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
  });
  const code = a.unloaded?.length ? EXIT.load : EXIT.ok;
  writeOutputs(outputs, (f) => (f === 'json' ? JSON.stringify(a.json, null, 2) + '\n' : a.render(f).body), io, {
    force: values.force === true,
    color: false,
    print: !(io.quiet && code === EXIT.ok),
  });
  return code;
}

export function reviewCommand(values: CliValues, io: CliIO, positionals: string[]): number {
  const outputs = parseOutputs(values.format, REVIEW_FORMATS, 'markdown', io.cwd);
  const failOn = oneOf<FailOn>(values['fail-on'], FAIL_ON, '--fail-on', 'error');
  const dir = positionals[0] ? resolve(io.cwd, positionals[0]) : projectDirectory(io.cwd);
  const { bundle } = projectBundle(values, io, dir, 'review', !positionals[0]); // refuses -f and --env
  // the files are named from the root (the directory, or --root)
  const root = directoryRoot(dir, io.cwd, values.root);
  // a root in a subdirectory of the repository: its files are linked under that directory
  const inRepo = io.env.GITHUB_WORKSPACE ? relative(resolve(io.env.GITHUB_WORKSPACE), root).split(sep).join('/') : '';
  const subdir = inRepo && !inRepo.startsWith('..') && !/^[a-zA-Z]:|^\//.test(inRepo) ? `${inRepo}/` : '';
  const linkBase =
    io.env.GITHUB_SERVER_URL && io.env.GITHUB_REPOSITORY && io.env.GITHUB_SHA
      ? `${io.env.GITHUB_SERVER_URL}/${io.env.GITHUB_REPOSITORY}/blob/${io.env.GITHUB_SHA}/${subdir}`
      : undefined;
  const baseDir = values['base-dir'];
  // a review answer lists the active findings only: what a baseline it suppressed is not in it to write again
  if (values['write-baseline'] !== undefined && (baseDir || values.baseline !== undefined))
    throw new UsageError(
      '--write-baseline writes every finding of one project: not with --base-dir or --baseline (audit --baseline B --write-baseline B updates one)',
    );
  // the base's root as far above it as the head's is above the head (the same names on both sides)
  const base = baseDir ? resolve(io.cwd, baseDir) : undefined;
  const input = base
    ? { base: withName(directoryBundle(base, io.reads, false, baseRoot(base, dir, root)), values), head: bundle }
    : bundle;
  // a baseline names files from the project directory (`../../shared/base.yaml` above it), whatever the root
  const fromDir = toBundlePath(root, dir);
  const baselineName = fromDir === '' ? undefined : (f: string) => posix.relative(`/${fromDir}`, `/${f}`);
  const a = reviewBundle(input, {
    ...loadOptions(values, io, dir),
    failOn,
    policy: policyFrom(values, io),
    redact: values['no-redact'] !== true,
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
    ...(linkBase ? { linkBase } : {}),
    ...(values.baseline !== undefined ? { baseline: readBaseline(values, io) } : {}),
    ...(baselineName ? { baselineName } : {}),
  });
  const code =
    a.unloaded?.length || (!baseDir && 'environments' in a.json && Object.keys(a.json.environments).length === 0)
      ? EXIT.load
      : a.json.verdict.status === 'pass'
        ? EXIT.ok
        : EXIT.problems;
  writeOutputs(outputs, (f) => (f === 'json' ? JSON.stringify(a.json, null, 2) + '\n' : a.render(f).body), io, {
    force: values.force === true,
    color: false,
    print: !(io.quiet && code === EXIT.ok),
  });
  // every finding and drift risk (not the answer's lists, capped to the `findings` budget)
  if (!a.unloaded?.length && 'accepted' in a) writeBaseline(values, io, a.accepted());
  return code;
}
