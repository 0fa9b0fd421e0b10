/**
 * A scalar with a tag, read as compose-go's YAML library reads it into an untyped value
 * (go.yaml.in/yaml/v4 v4.0.0-rc.4, internal/libyaml): compose-go decodes every document into
 * `interface{}` (loader/reset.go UnmarshalYAML, `resolved.Decode(p.target)`), so a tag never picks
 * a Go type; it only changes how the text is resolved (constructor.go scalar, resolver.go resolve):
 *
 * * `!!str`: the text; `!!binary`: the text's base64, decoded;
 * * `!!bool`, `!!int`, `!!float`, `!!null`, `!!timestamp`: the text resolved as a plain scalar is,
 *   which must then be of that kind (`!!float` takes an integer too, as its float), else the file
 *   is refused: "cannot construct !!str `abc` as a !!int";
 * * any other tag (`!custom`, `!!set`, compose-go's `!override`): the text, a string;
 * * the non-specific `!`: a plain scalar resolves as if untagged, a quoted one is a string.
 *
 * Tags on mappings and sequences change nothing (constructor.go Construct goes by the node's kind).
 */
import { resolvePlain, resolveText, type Resolved } from './resolve.js';
import { decodeText } from '../bundle/text.js';

const LONG_PREFIX = 'tag:yaml.org,2002:';

/** node.go shortTag: `tag:yaml.org,2002:int` is `!!int`. */
export function shortTag(tag: string): string {
  return tag.startsWith(LONG_PREFIX) ? `!!${tag.slice(LONG_PREFIX.length)}` : tag;
}

/** What go-yaml refuses, in its words (`yaml: ` and the message of its failf). */
export interface TagError {
  error: string;
}

/** resolver.go resolvableTag */
const RESOLVABLE = new Set(['!!bool', '!!int', '!!float', '!!null', '!!timestamp']);

/**
 * The value go-yaml decodes from a scalar of text `text` tagged `tag` (as the `yaml` package names
 * it: the full tag, or `!`); `plain` when it was written without quotes or a block indicator.
 */
export function resolveTagged(tag: string, text: string, plain: boolean): Resolved | TagError {
  // composer.go node(): `!` is no tag; an untagged quoted scalar is a !!str (node.go indicatedString)
  if (tag === '!') return plain ? resolvePlain(text) : { tag: 'str', value: text };
  const short = shortTag(tag);
  if (short === '!!binary') return decodeBinary(text);
  if (!RESOLVABLE.has(short)) return { tag: 'str', value: text };
  const r = resolveText(text, short === '!!timestamp');
  const rtag = `!!${r.tag}`;
  if (rtag === short) return r;
  // resolver.go resolve's deferred check: an int (int or int64, not a uint64 past int64) as a float
  if (short === '!!float' && r.tag === 'int' && !r.unsigned) return { tag: 'float', value: Number(r.big) };
  return { error: `yaml: cannot construct ${rtag} \`${text}\` as a ${short}` };
}

/** Go's base64.StdEncoding (padded; `\r` and `\n` skipped). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** constructor.go scalar: a !!binary's text is base64 (StdEncoding.DecodeString), its bytes the value. */
function decodeBinary(text: string): Resolved | TagError {
  const b64 = text.replace(/[\r\n]/g, '');
  if (!BASE64.test(b64)) return { error: 'yaml: !!binary value contains invalid base64 data' };
  // a Go string holds any bytes: one that is not UTF-8 keeps each undecodable byte as the lone
  // surrogate U+DC80 + byte, as a bundle's file does (src/bundle/text.ts)
  return { tag: 'str', value: decodeText(Buffer.from(b64, 'base64')) };
}

export function isTagError(r: Resolved | TagError): r is TagError {
  return 'error' in r;
}
