/**
 * go-shellwords, as compose-go splits `command` / `entrypoint` strings (types.ShellCommand) when
 * `docker compose config` marshals the project. Durations and sizes: src/normalize/units.ts.
 */

/** go-shellwords Parse, as compose-go uses it for `command` / `entrypoint` strings. */
export function shellSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '' | '"' | "'" = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote === "'") {
      if (c === "'") quote = '';
      else cur += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = '';
      else if (c === '\\' && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) cur += s[++i];
      else cur += c;
      continue;
    }
    if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}
