/**
 * Every string that comes from a bundle (file paths, environment, service and key names, values,
 * messages that quote them) is data: before it goes into an output, it is escaped for the format it
 * goes into, so that no bundle can forge a line, a heading, a table row, a section, an annotation,
 * a mention or an image in what compose-review prints. One function per format and context; every
 * formatter uses these and writes nothing from a bundle without them.
 *
 * Written here rather than taken from a library: each is a few lines of character replacement
 * whose exact rules (GitHub's toolkit, GFM tables, SARIF embedded links) are quoted beside it.
 */

// ---- text (terminals, logs) ---------------------------------------------------------------------

/**
 * Characters that change what a terminal or a log viewer shows beyond the character itself: C0 and
 * C1 controls (newlines forge lines, ESC starts ANSI sequences that recolour, move the cursor or
 * rewrite the window title), DEL, the Unicode line and paragraph separators, and the bidirectional
 * formatting characters that reorder what is displayed ("Trojan Source"): the embeddings, overrides
 * and isolates (U+202A–202E, U+2066–2069) and the implicit marks (U+200E LRM, U+200F RLM, U+061C
 * ALM), which move neutral characters (`.`, `/`, `-`, digits) across a right-to-left name just as
 * well (Unicode UAX #9, "Explicit Directional Marks"; CVE-2021-42574 lists all nine).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex
const CONTROL_G = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/** A control character as visible text: `\n`, `\r`, `\t`, `\e` (ESC), else `\xHH` / `\uHHHH`. */
function visible(c: string): string {
  const code = c.charCodeAt(0);
  return SHORT[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/**
 * One line of plain text (terminal output, the text formats, log messages): control characters are
 * shown as escapes (`\n`, `\e`, `\x07`, `\u202e`), so a bundle string cannot start a line of its
 * own, hide text or recolour the terminal.
 */
export function textLine(s: string): string {
  return CONTROL.test(s) ? s.replace(CONTROL_G, visible) : s;
}

/**
 * `s` cut to at most `max` characters for a message, `…` saying that text was cut: at a blank, never
 * inside a word. The answer's last pass masks a secret value where it stands whole, not a piece of
 * it (`--password=Hunter2Se…` would show the start of one); a word longer than what is left is
 * left out. For a message built where the masker is not at hand (the loader's warnings, the audit's
 * rules); where it is, mask first and cut after (src/report/text.ts source lines).
 */
export function cutAtBlank(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max - 1;
  while (end > 0 && !/\s/.test(s[end])) end--;
  while (end > 0 && /\s/.test(s[end - 1])) end--;
  return `${s.slice(0, end)}…`;
}

/** Multi-line plain text that is ours (a YAML snippet): each line escaped, the line breaks kept. */
export function textLines(s: string): string {
  return s.split('\n').map(textLine).join('\n');
}

// ---- JSON ---------------------------------------------------------------------------------------

/**
 * What JSON.stringify writes raw of what `textLine` shows as escapes: DEL, the C1 controls (U+009B
 * is a CSI to some terminals), the line and paragraph separators, the bidirectional controls and
 * marks. It escapes the C0 controls itself.
 */
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const JSON_RAW_G = new RegExp(JSON_RAW.source, 'g');

/**
 * JSON text as it is printed (a terminal, a CI log, a PR): each of those characters written as its
 * `\uXXXX` escape, which every JSON parser reads back as the character, so the document holds the
 * same strings and none of them reorders or breaks what a reader sees. JSON's own syntax is ASCII:
 * such a character stands only inside a string, and the whole text is replaced at once.
 */
export function jsonText(json: string): string {
  return JSON_RAW.test(json) ? json.replace(JSON_RAW_G, jsonEscape) : json;
}
/** each character's escape, made once (a body of a million such characters: 3x faster than made each time) */
const JSON_ESCAPES = new Map<string, string>();
function jsonEscape(c: string): string {
  let e = JSON_ESCAPES.get(c);
  if (e === undefined) JSON_ESCAPES.set(c, (e = `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return e;
}

// ---- markdown (PR comments, job summaries) ------------------------------------------------------

/**
 * Markdown text, valid in every context a bundle string lands in: paragraphs, headings, table cells
 * and the HTML blocks GitHub renders (`<summary>`). Characters that could open HTML, a link or an
 * image, a code span, emphasis or a heading become HTML character references, which CommonMark
 * decodes as literal text in markdown and browsers decode in HTML alike (a backslash escape would
 * show as a backslash inside `<summary>`); `|` as `&#124;` cannot split a table cell, since GFM
 * splits cells before inline parsing. Line breaks and other controls become a space or U+FFFD: a
 * line break is what would let a string start a heading, a list or a new table row.
 *
 * An `@` is followed by a zero-width space (`@&#8203;`): GitHub links mentions on the rendered text,
 * after entities are decoded, so neither `\@` nor `&#64;` stops `@org/team` from notifying a team;
 * a character between `@` and the name does (as Renovate writes release notes into PRs). GitHub's
 * other filters of the rendered text get the same: a `#` before a digit and `GH-` before one (an
 * issue reference, which would mark that issue "mentioned"), a `:` that opens an emoji's
 * `:name:` (a name with a letter or a sign, or `:100:` and `:1234:`, GitHub's only names of digits
 * alone: `127.0.0.1:8080:80` stays as it is, to copy). What GFM itself reads from the source is an entity: `_` that may open or close
 * emphasis (not inside a word: `env_file` stays), `$` (math), the `:` of `://` and the `.` of
 * `www.` (autolinks).
 */
// the control characters are what must be escaped
// eslint-disable-next-line no-control-regex
const MD_SPECIAL = /[&<>|`[\]*~\\#@!_$:\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|www\.|gh-\d/i;
const MD_SPECIAL_G =
  // eslint-disable-next-line no-control-regex
  /[&<>|`[\]*~\\#@!$\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|(?<=[^\p{L}\p{N}]|^)_|_(?![\p{L}\p{N}])|:(?=\/\/|(?:100|1234):)|:(?=[\w+-]*[a-z_+-])(?=[\w+-]+:)|(?<=www)\.|(?<=gh)-(?=\d)/giu;
const MD_ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '&#124;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '*': '&#42;',
  '~': '&#126;',
  '\\': '&#92;',
  '#': '&#35;',
  '!': '&#33;',
  '@': '@&#8203;',
  '$': '&#36;',
  _: '&#95;',
  '\n': ' ',
  '\r': ' ',
  '\t': ' ',
  '\u2028': ' ',
  '\u2029': ' ',
};

/** What `MD_SPECIAL_G` matched, written out (its lookarounds say which `#`, `_`, `:`, `.` and `-` it is). */
function mdEntity(c: string, at: number, whole: string): string {
  switch (c) {
    case '#':
      return /\d/.test(whole[at + 1] ?? '') ? '&#35;&#8203;' : '&#35;'; // #12 is an issue reference
    case ':':
      return whole[at + 1] === '/' ? '&#58;' : ':&#8203;';
    case '.':
      return '&#46;'; // of www.
    case '-':
      return '&#8203;-'; // of GH-1
    default:
      return MD_ENTITY[c] ?? '\uFFFD';
  }
}

export function mdText(s: string): string {
  const out = MD_SPECIAL.test(s) ? s.replace(MD_SPECIAL_G, mdEntity) : s;
  // at the start of a line these would open a list item or underline a setext heading
  return /^[-+=]/.test(out) ? `&#${out.charCodeAt(0)};${out.slice(1)}` : out;
}

/**
 * A bundle string as inline code (a backtick code span). Inside a code span nothing is markdown or
 * HTML and nothing is a mention; what is left to escape: backticks (the delimiter is one backtick
 * longer than the longest run inside), line breaks and controls (a code span cannot cross a table
 * row), and, in a table cell, `|` as `\|` (GFM: "include a pipe in a cell's content by escaping
 * it, including inside other inline spans"). Not for `<summary>` (HTML): use `htmlCode` there, as
 * for a string holding `##[`, which a code span would show as it is to a runner reading the log.
 */
export function mdCode(s: string, inTable = false): string {
  // a `##[` (a workflow command to the Actions runner, src/escape-runner.ts) as character references
  if (s.includes('##[')) return htmlCode(s);
  // tabs and line breaks become spaces (as CommonMark renders a line break in a code span), other controls U+FFFD
  let text = CONTROL.test(s) ? s.replace(CONTROL_G, (c) => (/[\t\n\v\f\r\u2028\u2029]/.test(c) ? ' ' : '\uFFFD')) : s;
  if (inTable) text = text.replace(/\|/g, '\\|');
  if (!text.includes('`')) return `\`${text}\``;
  const fence = '`'.repeat(longestRun(text) + 1);
  // a space on each side lets the content start or end with a backtick (CommonMark strips one)
  return `${fence} ${text} ${fence}`;
}

/** Inline code inside HTML (`<summary>`), where backtick spans are not parsed: `<code>` around escaped text. */
export function htmlCode(s: string): string {
  return `<code>${mdText(s)}</code>`;
}

/**
 * Text of ours that may carry inline code spans and quotes bundle strings (a rule's fix, a hint):
 * its code spans are kept as code (their content made safe as in `mdCode`), the rest escaped as
 * `mdText`. A bundle string that closes a span early only moves the boundary: what falls outside
 * is escaped all the same.
 */
export function mdProse(s: string, inTable = false): string {
  if (!s.includes('`')) return mdText(s);
  let out = '';
  let last = 0;
  for (const [start, from, to, end] of codeSpans(s)) {
    out += mdText(s.slice(last, start)) + mdCode(s.slice(from, to), inTable);
    last = end;
  }
  return out + mdText(s.slice(last));
}

/** The length of the longest run of backticks in `s` (a loop: `Math.max(...runs)` overflows the stack on many runs). */
function longestRun(s: string): number {
  let longest = 0;
  for (const m of s.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return longest;
}

/**
 * The code spans of `s` as `[start, content start, content end, end]`: the spans that
 * `` /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g `` finds, found in linear time (that expression retries
 * every backtick of a long run as an opening and every later character as a closing: quadratic).
 * What it finds: the first backtick run (from the left) that has a later run of the same length,
 * opened at its end with that length (the longest such length; a shorter opening is a suffix of
 * the run), closed by the nearest such later run; then on after the closing run.
 */
function codeSpans(s: string): [number, number, number, number][] {
  const starts: number[] = [];
  const lengths: number[] = [];
  for (const m of s.matchAll(/`+/g)) {
    starts.push(m.index);
    lengths.push(m[0].length);
  }
  // per run, from the right: the longest length (up to its own) that a later run has, and the
  // nearest such run; the lengths below a run's own are tried one by one, at most its length in all
  const nearest = new Map<number, number>();
  const closing = new Int32Array(starts.length).fill(-1);
  const size = new Int32Array(starts.length);
  for (let r = starts.length - 1; r >= 0; r--) {
    for (let n = lengths[r]; n > 0; n--) {
      const c = nearest.get(n);
      if (c !== undefined) {
        closing[r] = c;
        size[r] = n;
        break;
      }
    }
    nearest.set(lengths[r], r);
  }
  const spans: [number, number, number, number][] = [];
  for (let r = 0; r < starts.length; r++) {
    if (closing[r] < 0) continue;
    const from = starts[r] + lengths[r];
    const c = closing[r];
    spans.push([from - size[r], from, starts[c], starts[c] + lengths[c]]);
    r = c;
  }
  return spans;
}

/**
 * A fenced code block that no line of `text` can close: the fence is longer than any backtick run in
 * it. A bidirectional control or mark in it would reorder what the reader sees of the code (Trojan
 * Source, CVE-2021-42574), and a line or paragraph separator (U+2028, U+2029) shows as a line break
 * that is none (a line of the preview that is not in it): each is shown as U+FFFD, as in a table.
 */
export function mdFence(lang: string, text: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text) + 1));
  const shown = BIDI.test(text) ? text.replace(BIDI_G, '\ufffd') : text;
  return `${fence}${lang}\n${shown.replace(/\n$/, '')}\n${fence}`;
}
const BIDI = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const BIDI_G = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A bundle path inside a markdown link destination: each segment percent-encoded, including the
 * characters `encodeURIComponent` leaves (`!'()*`), so a `)` cannot end the destination and turn
 * the rest of the path into markdown.
 */
export function mdUrlPath(path: string): string {
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/**
 * Why `base` cannot be the base URL of the PR comment's links (`?linkBase=`), undefined when it can:
 * an http or https URL whose links are the base followed by a file's path and `#L<line>`, so neither
 * a query nor a fragment (`?ref=x` would take the path as its value, `#top` would make it a
 * fragment), nor a user name or password, which every link of the comment would carry where anyone
 * who reads it sees it. The service refuses such a base (400, src/api/routes/review.ts); the message
 * does not quote it.
 */
export function linkBaseProblem(base: string): string | undefined {
  const url = httpUrl(base);
  if (!url) return URL.canParse(base) ? 'linkBase must be an http or https URL' : 'linkBase is not a URL';
  if (url.username || url.password)
    return 'linkBase holds a user name or password, which every link of the comment would show: give the URL without it';
  if (/[?#]/.test(url.href))
    return "linkBase has a query or a fragment: each link is the base followed by a file's path and #L<line>, so the base ends with its path";
  return undefined;
}

/** `s` as an http or https URL, undefined when it is none. */
function httpUrl(s: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}

/**
 * The base URL of the PR comment's links (`--link-base`, `?linkBase=`), as the destination of a
 * markdown link: parsed as a URL (an http or https one, else none: undefined) and written as the
 * URL parser writes its origin and path (no line break survives it), with every character that
 * could end a destination, a table cell or the link percent-encoded (`(`, `)`, `|`, `[`, `]`, `<`,
 * `>`, `\\`, quotes, `` ` ``, white space), so a crafted base cannot close a `<details>` block or
 * add a link. What a link cannot carry is left out, where the service refuses it (linkBaseProblem):
 * a user name and password (every reader of the comment would see them), a query and a fragment
 * (the file's path after them would make a broken link). The brackets of an IPv6 host are kept
 * (`https://[::1]/`): the URL parser allows them nowhere else in a host, and a link destination may
 * hold them.
 */
export function mdLinkBase(base: string | undefined): string | undefined {
  const url = base === undefined ? undefined : httpUrl(base);
  if (!url) return undefined;
  // a host may hold `(`, `)`, quotes and a backtick (the URL parser keeps them), and brackets only
  // around an IPv6 address
  return `${url.protocol}//${url.host}`.replace(LINK_END_HOST, percent) + url.pathname.replace(LINK_END, percent);
}
const LINK_END = /[()|[\]<>\\"'`\s]/g;
const LINK_END_HOST = /[()|<>\\"'`\s]/g;
const percent = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

// ---- GitHub Actions workflow commands -----------------------------------------------------------

/**
 * Escaping as in @actions/core (command.ts escapeData / escapeProperty): the data after `::` escapes
 * `%`, CR and LF, so it cannot end the command's line; properties also `:` and `,`, which end a
 * property. Other control characters (ESC and the like) are written `%XX` as well: the runner does
 * not decode those, so they show as text instead of acting on the log.
 */
export const escapeData = (s: string): string =>
  s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(CONTROL_G, (c) => {
      const code = c.charCodeAt(0);
      return code <= 0xff
        ? `%${code.toString(16).toUpperCase().padStart(2, '0')}`
        : `%u${code.toString(16).padStart(4, '0')}`;
    });

export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

// ---- SARIF --------------------------------------------------------------------------------------

/**
 * A SARIF `message.text` (JSON.stringify makes the document itself safe): one line of text as
 * `textLine` makes it, and `[` / `]` escaped with a backslash, since SARIF viewers (GitHub code
 * scanning among them) read `[text](n)` in a message as an embedded link (SARIF 2.1.0 §3.11.6:
 * literal brackets are escaped with `\`, and so is a literal backslash before one).
 */
export function sarifText(s: string): string {
  const line = textLine(s);
  return /[[\]]/.test(line) ? line.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, '\\$&') : line;
}

// ---- XML (JUnit, checkstyle) --------------------------------------------------------------------

const XML_SPECIAL = /[&<>"']/g;
const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** What XML 1.0 cannot hold at all, not even as a character reference: lone surrogates, U+FFFE, U+FFFF. */
const XML_INVALID = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g;

/**
 * One line of text in an XML attribute or element: control characters shown as escapes first (XML
 * 1.0 forbids most C0 controls even as `&#1;`, and a line break in an attribute is read back as a
 * space), characters XML cannot hold as U+FFFD, then the five markup characters as entities. No
 * CDATA section is written, so a `]]>` in a bundle string has nothing to close.
 */
export function xmlText(s: string): string {
  return textLine(s)
    .replace(XML_INVALID, '\uFFFD')
    .replace(XML_SPECIAL, (c) => XML_ENTITY[c]);
}

/** Several lines of XML element text (a failure's details): each line as `xmlText`, the line breaks kept. */
export function xmlLines(s: string): string {
  return s.split('\n').map(xmlText).join('\n');
}
