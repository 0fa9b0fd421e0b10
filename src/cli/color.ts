/**
 * Colour for the text reports on a terminal. Whether: `--color` / `--no-color` win; then
 * FORCE_COLOR (set and not empty: on, unless `0` or `false`, as Node and supports-color read it),
 * then NO_COLOR (set and not empty: off, https://no-color.org), then standard output being a
 * terminal (and TERM not `dumb`).
 *
 * How: the text formatters write plain text (the API, files and pipes get it as it is); the CLI
 * colours the lines of that text it recognizes (`file:line:col: severity message [rule]`, `hint:`
 * and `fix:`, the caret under the source, the summary). The text was escaped before (no bundle
 * string holds a control character there: src/report/escape.ts textLine), so the only escape
 * sequences in the output are these.
 */
const ESC = '\u001b[';
const RESET = `${ESC}0m`;
const paint = (code: string, s: string) => (s === '' ? s : `${ESC}${code}m${s}${RESET}`);

const SEVERITY: Record<string, string> = { error: '1;31', warning: '1;33', info: '1;36' };

export function colorWanted(
  flags: { color?: boolean; noColor?: boolean },
  env: Record<string, string | undefined>,
  isTTY: boolean,
): boolean {
  if (flags.noColor) return false;
  if (flags.color) return true;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && env.TERM !== 'dumb';
}

const HEADER = /^(\S.*?:\d+:\d+:) (error|warning|info) (.*?)( \[[\w./:-]+\])?((?: \(.*\))?)$/;
const LABEL = /^( {2})(hint:|fix:)( .*)$/;
const CARET = /^( +)(\^+)$/;
const SUMMARY = /^(\d+ errors?, \d+ warnings?, \d+ info.*|\d+ files? checked: .*|no findings.*)$/;

/** The text report with ANSI colours on the lines it recognizes; any other line as it was. */
export function colorize(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let m = HEADER.exec(line);
      if (m)
        return `${paint('1', m[1])} ${paint(SEVERITY[m[2]], m[2])} ${m[3]}${paint('2', m[4] ?? '')}${paint('2', m[5])}`;
      if ((m = LABEL.exec(line))) return `${m[1]}${paint(m[2] === 'fix:' ? '32' : '36', m[2])}${m[3]}`;
      if ((m = CARET.exec(line))) return `${m[1]}${paint('1;32', m[2])}`;
      if (SUMMARY.test(line)) return paint('1', line);
      return line;
    })
    .join('\n');
}
