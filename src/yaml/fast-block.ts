/**
 * The block scalars the fast reader (src/yaml/fast.ts) reads: a literal `|` or folded `>` value,
 * with a chomping indicator (`-`, `+`) or none, a comment on its header's line, and content lines
 * indented alike (the first one's indentation, deeper than the collection's column; a line more
 * indented keeps its extra spaces). Its value is yaml's own (CST.resolveAsScalar, the function the
 * whole way's composer resolves a block scalar with), given the token yaml's lexer makes of it: the
 * lines this reader takes are the lexer's (lexer.ts parseBlockScalar). Anything else (an indentation
 * indicator, a blank line with more spaces than the content's indentation, tabs, no content, a
 * header up to the end of the text, any problem yaml reports) goes the whole way.
 */
import { CST } from 'yaml';
import { DASH, FALLBACK, HASH, NL, SPACE, odd } from './fast-text.js';
import { FlowText } from './fast-flow.js';

const PLUS = 43;
type SourceToken = CST.SourceToken;

export abstract class BlockText extends FlowText {
  /**
   * The block scalar whose indicator is at this.pos, in a collection at column `col`: its value,
   * its location in this.valueLoc; this.pos left at the start of the line after it (after its
   * trailing blank lines with `+`, which keeps them; before them else, as yaml's lexer leaves them).
   */
  protected blockScalar(col: number): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    const chomp = t.charCodeAt(i);
    if (chomp === DASH || chomp === PLUS) i++;
    const props: SourceToken[] = [
      { type: 'block-scalar-header', offset: start, indent: col, source: t.slice(start, i) },
    ];
    const spaces = i;
    while (t.charCodeAt(i) === SPACE) i++;
    if (i > spaces) props.push({ type: 'space', offset: spaces, indent: col, source: t.slice(spaces, i) });
    if (t.charCodeAt(i) === HASH && i > spaces) {
      this.pos = i;
      this.comment();
      props.push({ type: 'comment', offset: i, indent: col, source: t.slice(i, this.pos) });
      i = this.pos;
    }
    // the header ends its line: a digit (indentation indicator), anything else, or the end of the text is the whole way's
    if (t.charCodeAt(i) !== NL) throw FALLBACK;
    props.push({ type: 'newline', offset: i, indent: col, source: '\n' });
    const from = i + 1;
    /** the content's indentation (the first content line's), the most spaces of a blank line before it */
    let indent = -1;
    let blank = 0;
    /** where the source ends: after the last content line's line break, or after the last blank line after it */
    let contentEnd = from;
    let p = from;
    for (;;) {
      let s = p;
      while (t.charCodeAt(s) === SPACE) s++;
      if (s >= this.n) {
        // spaces ending the text without a line break: the whole way
        if (s > p) throw FALLBACK;
        break;
      }
      if (t.charCodeAt(s) === NL) {
        if (s - p > blank) blank = s - p;
        p = s + 1;
        continue;
      }
      if (indent < 0) {
        indent = s - p;
        if (indent <= col) throw FALLBACK;
      } else if (s - p < indent) {
        // a comment after it: where yaml's parser puts it decides the collection's end (the whole way's)
        if (t.charCodeAt(s) === HASH) throw FALLBACK;
        break;
      }
      let e = t.indexOf('\n', s);
      if (e < 0) e = this.n;
      for (let j = s; j < e; j++) if (odd(t.charCodeAt(j))) throw FALLBACK;
      p = contentEnd = e < this.n ? e + 1 : e;
      if (e >= this.n) break;
    }
    // no content line, or a blank line more indented than the content (content to yaml): the whole way
    if (indent < 0 || blank > indent) throw FALLBACK;
    const end = chomp === PLUS ? p : contentEnd;
    const token: CST.BlockScalar = {
      type: 'block-scalar',
      offset: start,
      indent: col,
      props,
      source: t.slice(from, end),
    };
    const resolved = CST.resolveAsScalar(token, true, () => {
      throw FALLBACK;
    });
    if (!resolved || typeof resolved.value !== 'string') throw FALLBACK;
    this.newline(from);
    for (let q = t.indexOf('\n', from); q >= 0 && q < end; q = t.indexOf('\n', q + 1)) this.newline(q + 1);
    this.pos = end;
    this.valueLoc = this.at(start, end);
    return resolved.value;
  }
}
