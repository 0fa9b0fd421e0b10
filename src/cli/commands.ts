/**
 * The command `validate` and what every command needs first (standard input read once, the run's
 * reads); `config` is in config.ts, `audit` in audit.ts, `diff` and `review` in review.ts. Loaded by main.ts when a
 * command runs (not for --help or --version), each command module only when it runs.
 */
import type { Bundle } from '../bundle/bundle.js';
import type { BundleOptions } from '../load/bundle.js';
import { validateBundle } from '../usecases/validate.js';
import { localProject, roleFlag, UsageError } from './files.js';
import { environmentNameOf } from '../bundle/roles.js';
import { LocalReads, readStdin, STDIN } from './io.js';
import { basename } from 'node:path';
import { budgetsFromCli } from '../limits.js';
import { parseOutputs, writeOutputs } from './outputs.js';
import { EXIT, processEnv, warn, type CliIO } from './cli-io.js';
import type { CliValues } from './options.js';

export { UsageError };

/** Runs one command (not serve) with its parsed options; standard input is read first when an option names `-`. */
export async function runCommand(
  command: string,
  values: CliValues,
  positionals: string[],
  io: CliIO,
): Promise<number> {
  const cli: CliIO = { ...io, reads: new LocalReads(await stdinFor(values, io)) };
  if (command === 'validate') return validateCommand(values, cli);
  if (command === 'config') {
    const { configCommand } = await import('./config.js');
    return configCommand(values, cli, positionals);
  }
  if (command === 'audit') {
    const { auditCommand } = await import('./audit.js');
    return auditCommand(values, cli, positionals);
  }
  const { diffCommand, reviewCommand } = await import('./review.js');
  if (command === 'diff') return diffCommand(values, cli, positionals);
  return reviewCommand(values, cli, positionals);
}

/**
 * Standard input for the file options given as `-` (and COMPOSE_FILE / COMPOSE_ENV_FILES naming
 * `-`), read once before the run; one of them at most.
 */
async function stdinFor(values: CliValues, io: CliIO): Promise<string | undefined> {
  const named = [
    ...(values.file ?? []),
    ...(values['env-file'] ?? []),
    ...(typeof values.policy === 'string' ? [values.policy] : []),
  ];
  if (!values.file?.length) named.push(...(io.env.COMPOSE_FILE?.split(/[:;]/) ?? []));
  if (!values['env-file']?.length) named.push(...(io.env.COMPOSE_ENV_FILES?.split(',') ?? []));
  const uses = named.filter((f) => f === STDIN).length;
  if (uses > 1) throw new UsageError('standard input (-) can be given once: as one -f, --env-file or --policy');
  return uses ? readStdin(io.stdin) : undefined;
}

/**
 * The -f files (or COMPOSE_FILE, or the default files) as a bundle of one environment, named by
 * --env, else by the role word of the file names (`production` for compose.prod.yaml), else
 * `default`: the bundle the API would be sent for the same question, so both answer with the same JSON.
 */
export function localBundle(values: CliValues, io: CliIO): { bundle: Bundle; options: BundleOptions } {
  const local = localProject({
    files: values.file ?? [],
    envFiles: values['env-file'] ?? [],
    profiles: values.profile ?? [],
    env: processEnv(io),
    cwd: io.cwd,
    ...(values.root !== undefined ? { root: values.root } : {}),
    ...(io.reads ? { reads: io.reads } : {}),
  });
  for (const w of local.warnings) warn(io, w);
  const name = values.env ?? environmentNameOf(local.spec.files);
  const projectName = values['project-name'];
  const bundle: Bundle = { files: local.bundle.files, environments: { [name]: local.spec } };
  if (projectName !== undefined) bundle.projectName = projectName;
  return {
    bundle,
    options: {
      budgets: budgetsFromCli(io.env, values.budget),
      // the default name is the project directory's, i.e. the first Compose file's directory (one
      // that normalizes to nothing is an empty name: no fallback, see config.ts)
      defaultProjectName: basename(local.workingDir),
      noInterpolate: values['no-interpolate'] === true,
      allResources: values['all-resources'] === true,
      ...(local.passedOver.length ? { passedOver: local.passedOver } : {}),
      ...roleFlag(values),
    },
  };
}

function validateCommand(values: CliValues, io: CliIO): number {
  const outputs = parseOutputs(values.format, ['text', 'json'], 'text', io.cwd);
  const { bundle, options } = localBundle(values, io);
  const a = validateBundle(bundle, options);
  const code = a.json.valid ? EXIT.ok : EXIT.problems;
  writeOutputs(outputs, (f) => (f === 'json' ? JSON.stringify(a.json, null, 2) + '\n' : a.render(f).body), io, {
    force: values.force === true,
    color: io.color,
    print: !(io.quiet && code === EXIT.ok),
  });
  return code;
}
