/**
 * A folded block scalar (`>`) holding an LS or PS, read as go-yaml's scanner reads it
 * (go.yaml.in/yaml/v4 v4.0.0-rc.4 internal/libyaml/scanner.go scanBlockScalar 2226-2425,
 * scanBlockScalarBreaks 2434-2488): to it LS and PS are line breaks kept as written (readLine), and
 * a line break is folded to a space only when it is an LF (`leading_break[0] == '\n'`): a break
 * that is an LS or PS stays, with the empty lines after it. yaml read them as LF (parse.ts
 * goLineBreaks), which folds them all.
 */

/** go-yaml's line breaks (yamlprivate.go isLineBreak): CR, LF, NEL, LS, PS. */
const isBreak = (c: string | undefined): boolean =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * The value go-yaml reads from the folded block scalar whose indicator is at text[start], given
 * yaml's value of it (read with LF for LS and PS: the same lines); undefined where yaml's value does
 * not tell the indentation. The content's indentation is the first content line's less the spaces
 * yaml kept of it (a more-indented line keeps its extra spaces): the one go-yaml determines (an
 * indentation indicator's, or the first non-empty line's).
 */
export function goFolded(text: string, start: number, yamlValue: string): string | undefined {
  let i = start + 1;
  // the header: chomping and indentation indicators in either order (yaml accepted it), then a
  // comment at most, up to the line break
  let chomping = 0;
  while (text[i] === '+' || text[i] === '-' || (text[i] >= '1' && text[i] <= '9')) {
    if (text[i] === '+') chomping = 1;
    else if (text[i] === '-') chomping = -1;
    i++;
  }
  while (i < text.length && !isBreak(text[i])) i++;
  i += text.startsWith('\r\n', i) ? 2 : i < text.length ? 1 : 0;
  /** readLine: CR LF, CR, LF and NEL read as LF; LS and PS as written; nothing at the end */
  const readLine = (): string => {
    const c = text[i];
    if (!isBreak(c)) return '';
    i += text.startsWith('\r\n', i) ? 2 : 1;
    return c === '\u2028' || c === '\u2029' ? c : '\n';
  };
  let column = 0;
  let trailingBreaks = '';
  // the first content line's indentation: past the empty lines (spaces, then a break)
  let j = i;
  let spaces = 0;
  for (;;) {
    spaces = 0;
    while (text[j + spaces] === ' ') spaces++;
    if (!isBreak(text[j + spaces])) break;
    j += spaces + (text.startsWith('\r\n', j + spaces) ? 2 : 1);
  }
  const kept = /^\n*( *)[^ \n]/.exec(yamlValue);
  if (!kept) {
    // no content line: its empty lines are trailing breaks, kept by `+` only
    if (chomping !== 1 || /[^ \n]/.test(yamlValue)) return chomping === 1 ? undefined : '';
    while (i < j) {
      while (text[i] === ' ') i++;
      trailingBreaks += readLine();
    }
    return trailingBreaks;
  }
  const indent = spaces - kept[1].length;
  if (indent < 1) return undefined;
  /** scanBlockScalarBreaks, the indentation known: up to `indent` spaces, then empty lines */
  const breaks = (): void => {
    for (;;) {
      column = 0;
      while (column < indent && text[i] === ' ') {
        i++;
        column++;
      }
      if (!isBreak(text[i])) return;
      trailingBreaks += readLine();
    }
  };
  breaks();
  let s = '';
  let leadingBreak = '';
  let leadingBlank = false;
  while (column === indent && i < text.length) {
    const trailingBlank = isBlank(text[i]);
    if (!leadingBlank && !trailingBlank && leadingBreak !== '' && leadingBreak[0] === '\n') {
      if (trailingBreaks === '') s += ' ';
    } else s += leadingBreak;
    s += trailingBreaks;
    trailingBreaks = '';
    leadingBlank = isBlank(text[i]);
    let j = i;
    while (j < text.length && !isBreak(text[j])) j++;
    s += text.slice(i, j);
    i = j;
    leadingBreak = readLine();
    breaks();
  }
  if (chomping !== -1) s += leadingBreak;
  if (chomping === 1) s += trailingBreaks;
  return s;
}
