/**
 * The lines of a log the GitHub Actions runner takes as workflow commands: a port of actions/runner
 * src/Runner.Common/ActionCommand.cs TryParseV2 (`::name ...::data` at the start of the line once
 * TrimStart removed its white space) and TryParse (the legacy `##[name ...]data` ANYWHERE in the
 * line), tried in that order by src/Runner.Worker/ActionCommandManager.cs TryProcessCommand on each
 * line (ProcessInvoker reads lines ending at CR, LF or CR LF). Names are matched ignoring case
 * (`_registeredCommands`, StringComparer.OrdinalIgnoreCase), and a `stop-commands` token becomes a
 * name: any name is counted here, so the test does not depend on which are registered.
 */

/** .NET char.IsWhiteSpace, which String.TrimStart trims: JavaScript's `\s` but U+FEFF, and U+0085. */
const DOTNET_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

function v2(line: string): string | undefined {
  const m = line.replace(DOTNET_SPACE, '');
  if (!m.startsWith('::')) return undefined;
  const end = m.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = m.slice(2, end);
  const name = info.split(' ')[0];
  return name ? `::${name}` : undefined;
}

function v1(line: string): string | undefined {
  const p = line.indexOf('##[');
  if (p < 0) return undefined;
  const rb = line.indexOf(']', p);
  if (rb < 0) return undefined;
  const name = line.slice(p + 3, rb).split(' ')[0];
  return name ? `##[${name}` : undefined;
}

/** Each line of `log` the runner would run as a command, but those `ours` accepts (the github format's). */
export function runnerCommands(log: string, ours: (line: string) => boolean = () => false): string[] {
  return log.split(/\r\n|\r|\n/).filter((line) => (v2(line) ?? v1(line)) !== undefined && !ours(line));
}
