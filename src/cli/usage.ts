/** The CLI's help: the overview (`compose-review --help`) and one page per command (`compose-review audit --help`). */
import { FINDING_FORMATS, REVIEW_FORMATS } from '../report/formats.js';

export const COMMANDS = ['validate', 'config', 'audit', 'diff', 'review', 'serve'] as const;
export type Command = (typeof COMMANDS)[number];

export function isCommand(word: string | undefined): word is Command {
  return COMMANDS.some((c) => c === word);
}

const EXIT_CODES = `Exit codes:
  0  ran, nothing at the threshold
  1  ran and found problems (invalid files; findings at or above --fail-on)
  2  usage or load error: an unknown command or option, a bad value, options that do not go
     together, a file named on the command line (or by COMPOSE_FILE, COMPOSE_ENV_FILES) that is
     missing, not a regular file or too large, no Compose file found, an output refused without
     --force; or an environment the command needs that cannot be loaded (its errors on stderr)
  3  fatal error: an output that cannot be written, or an internal error (a bug: its stack trace
     on stderr)`;

const OUTPUT = `Output:
  --format F[=FILE]      the report format; repeat it for several outputs of one run, each to its own
                         FILE (written atomically; never over an input of the run without --force),
                         at most one to standard output (no FILE, or FILE -)
  -q, --quiet            print nothing on a run that passes, and no warnings on stderr (problems,
                         errors and the files asked for are still written)
  --color, --no-color    colour the text format (default: on a terminal only; NO_COLOR=1 turns it
                         off, FORCE_COLOR=1 on, FORCE_COLOR=0 off; the options win over both)`;

const FILES = `Files (as docker compose finds them):
  -f, --file FILE        Compose file (repeatable; - is standard input; default: COMPOSE_FILE, else
                         compose.yaml [+ override] here or in the nearest parent directory holding one)
  --env-file FILE        env file (repeatable; default: COMPOSE_ENV_FILES, else .env in the project)
  --root DIR             no file the project refers to is read from outside DIR, links resolved;
                         places are named from it (default: the current directory, widened to
                         hold the Compose files named on the command line or in the environment,
                         not an env file nor what a .env names; for a project DIR, DIR)
  --profile NAME         active profile (repeatable; default: COMPOSE_PROFILES)
  -p, --project-name N   project name (default: COMPOSE_PROJECT_NAME, name:, the project directory's name)`;

const BUDGET = `Work budgets:
  --budget NAME=N        raise or lower a budget (repeatable), e.g. --budget yaml-nodes=200000; also
                         COMPOSE_REVIEW_MAX_<NAME> (see the README's limits section)`;

const list = (formats: readonly string[]) => formats.join('|');

const PAGES: Record<Command, string> = {
  validate: `Usage: compose-review validate [options]

Validates the Compose files: YAML, the Compose schema and Compose's own checks, like
\`docker compose config --quiet\`, with every problem at its file, line and column.

${FILES}
  --all-resources        keep networks, volumes, secrets, configs no service uses

${OUTPUT.replace('the report format', `the report format: ${list(['text', 'json'])} (default text)`)}

${BUDGET}

${EXIT_CODES}
`,
  config: `Usage: compose-review config [SERVICE...] [options]

Prints the merged, canonical model like \`docker compose config [SERVICE...]\`; secret values are
masked unless --no-redact.

${FILES}
  --format yaml|json     (default yaml)
  --all-resources        keep networks, volumes, secrets, configs no service uses
  --no-interpolate       the raw model, as docker compose prints it with the same option
  --services             the service names only
  --variables            the variables the model uses, their defaults and whether they are required
  --provenance           the file and line that set each value
  --no-redact            show secret values (what \`docker compose config\` prints)
  -q, --quiet            no warnings on stderr
  --color, --no-color    accepted for symmetry (config prints no colour)

${BUDGET}

${EXIT_CODES}
`,
  audit: `Usage: compose-review audit [DIR... | -f FILE...] [options]

Hardening audit of every environment: without -f, the environments come from the file names of the
project directory (the current one, or the nearest parent holding a Compose file; or each DIR);
with -f (or COMPOSE_FILE) the files make one environment.

${FILES}
  --env NAME             only this environment (with -f: the name of the -f environment; default: the
                         role word of the file names, e.g. production, ci, else default)
  --role ROLE            production|development|other: the role of every environment (default: the
                         bundle's, the policy's, the names': production-like unless a name says dev,
                         local, test, ci, devcontainer or override)
  --fail-on LEVEL        error|warning|info|none (default error): exit 1 at or above it
  --policy FILE          policy file (default: .compose-review.yaml, else .compose-review.yml, in the
                         project, else the nearest directory above it up to the root that has one;
                         when both exist the .yaml one is read and a warning names the other)
  --fix-override         print compose.hardening.yaml, an override that closes the fixable findings
  -o, --output FILE      --fix-override: write it to FILE (atomically; never over a file the run read,
                         nor over one it did not generate, unless --force)
  --force                let --output, --format F=FILE or --write-baseline replace such a file
  --baseline FILE        the findings listed in FILE are accepted: suppressed, they fail nothing
  --write-baseline FILE  write every current finding to FILE (then use --baseline FILE)

${OUTPUT.replace('the report format', `the report format: ${list(FINDING_FORMATS)} (default text)`)}

${BUDGET}

${EXIT_CODES}
`,
  diff: `Usage: compose-review diff [DIR] [options]

Semantic diff between two environments of the project directory (the current one, or the nearest
parent holding a Compose file; or DIR), default development -> production, with drift risks.

  --root DIR             a directory above the project's: its files may refer to files under it
                         (\`include: [../../shared/base.yaml]\`), places are named from it
                         (default: the project directory, which nothing above is read from)
  --from NAME --to NAME  the environments to compare
  --role ROLE            production|development|other: the role of every environment (default: the
                         bundle's, the policy's, the names': production-like unless a name says dev,
                         local, test, ci, devcontainer or override)
  -p, --project-name N   project name
  --no-redact            show secret values in the diff

${OUTPUT.replace('the report format', `the report format: ${list(['text', 'json', 'markdown'])} (default text)`)}

${BUDGET}

${EXIT_CODES}
`,
  review: `Usage: compose-review review [DIR] [options]

Everything a CI job or PR bot needs: a verdict, validation, findings, the environment diff and the PR
comment (markdown); with --base-dir, what the change from that directory to this one does.

  --root DIR             a directory above the project's: its files may refer to files under it
                         (\`include: [../../shared/base.yaml]\`), places are named from it
                         (default: the project directory, which nothing above is read from)
  --from NAME --to NAME  the environments to compare
  --role ROLE            production|development|other: the role of every environment (default: the
                         bundle's, the policy's, the names': production-like unless a name says dev,
                         local, test, ci, devcontainer or override)
  --base-dir DIR         compare with the project in DIR (the PR's base; with --root, its root is
                         as far above DIR as the root is above the project)
  --fail-on LEVEL        error|warning|info|none (default error): exit 1 at or above it
  --policy FILE          policy file (default: .compose-review.yaml or .yml in the project, else the
                         nearest directory above it up to the root that has one)
  -p, --project-name N   project name
  --no-redact            show secret values in the diff and the preview
  --force                let --format F=FILE replace a file the run did not generate
  --baseline FILE        the findings listed in FILE are accepted: suppressed, they fail nothing
  --write-baseline FILE  write every current finding to FILE (not with --base-dir or --baseline)

${OUTPUT.replace('the report format', `the report format: ${list(REVIEW_FORMATS)} (default markdown)`)}

${BUDGET}

${EXIT_CODES}
`,
  serve: `Usage: compose-review serve

Starts the HTTP service (configured by its environment: PORT, HOST, COMPOSE_REVIEW_*; see the
README's configuration section). SIGTERM or SIGINT drains it and exits 0.

Exit codes: 2 a configuration it refuses (the message names the variables), 3 an internal error.
`,
};

export function commandUsage(command: Command): string {
  return PAGES[command];
}

export const USAGE = `Usage: compose-review <command> [options]

Commands:
  validate   validate the Compose files (schema + Compose's own checks)
  audit      hardening audit of every environment (or the -f files)
  diff       semantic diff between two environments (default development -> production)
  review     everything a CI job or PR bot needs: verdict, findings, diff, PR comment
  config     print the merged, canonical model like \`docker compose config [SERVICE...]\`
  serve      start the HTTP service (PORT, HOST)

Options:
  -h, --help             this help; \`compose-review COMMAND --help\` for a command's options
  -v, --version          the version

${EXIT_CODES}
`;
