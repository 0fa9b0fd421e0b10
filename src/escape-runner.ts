/**
 * The GitHub Actions runner reads every line a step prints, and acts on the ones it takes for a
 * workflow command: a bundle string must not make one, in any output the CLI or the Action prints.
 * Beside src/escape.ts (the escaping per output format), which these complete.
 */
import { jsonText } from './escape.js';

/**
 * A log line the GitHub Actions runner would take as a workflow command (actions/runner
 * src/Runner.Worker/ActionCommandManager.cs TryProcessCommand tries src/Runner.Common/ActionCommand.cs
 * TryParseV2, then TryParse, on every line of a step's output): `::name` at the start of the line
 * once .NET's TrimStart has removed its white space (char.IsWhiteSpace: JavaScript's `\s` and U+0085),
 * and the legacy `##[name` ANYWHERE in it. Names are matched ignoring case, and `stop-commands` adds
 * its token as a name, so any name counts. The runner reads lines ending at CR, LF or CR LF.
 * `runnerText` breaks both forms in plain text as `textLine` shows a character: `##[` as `##\x5b`
 * and a leading `::` as `\x3a:`; `runnerMarkup` writes the same characters as the character
 * references markdown and XML decode (`&#91;`, `&#58;`), which read back as the same text; and
 * `runnerJson` writes the `[` as `\u005b`, which JSON reads back as `[` (`##` occurs in a JSON
 * document only inside a string).
 */
const RUNNER_ANY = /##\[|(?:^|[\r\n])(?:[^\S\r\n]|\u0085)*::/;
const RUNNER_LEGACY_G = /##\[/g;
const RUNNER_LEADING_G = /(^|[\r\n])((?:[^\S\r\n]|\u0085)*)::/g;
function runnerEscaped(text: string, bracket: string, colon: string): string {
  if (!RUNNER_ANY.test(text)) return text;
  return text.replace(RUNNER_LEGACY_G, `##${bracket}`).replace(RUNNER_LEADING_G, `$1$2${colon}:`);
}
export const runnerText = (text: string): string => runnerEscaped(text, '\\x5b', '\\x3a');
export const runnerMarkup = (text: string): string => runnerEscaped(text, '&#91;', '&#58;');
/**
 * Every JSON document the CLI prints (and the service logs) passes here last: it also writes the
 * characters that reorder or break what a terminal shows as escapes (src/escape.ts jsonText).
 */
export const runnerJson = (text: string): string =>
  jsonText(text.includes('##[') ? text.replace(RUNNER_LEGACY_G, '##\\u005b') : text);
