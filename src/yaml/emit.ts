/**
 * A small, fast YAML emitter for plain data (fix snippets, config previews): block style, two-space
 * indentation, strings plain only when that cannot change their meaning, otherwise JSON-quoted (a
 * JSON string is a valid YAML double-quoted scalar). yaml's stringify costs ~20x more per node.
 */
import { isObject, type Scalar, type Tree } from './located.js';
import { goBytes, goJsonText, notUtf8 } from '../utf8.js';
import { jsonText } from '../escape.js';

const PLAIN = /^[A-Za-z_./][\w ./@,+=-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
const PLAIN_KEY = /^[A-Za-z0-9_./-]+$/;

/**
 * A string Go holds as bytes that are not UTF-8 (src/utf8.ts), as go-yaml writes it: tagged
 * `!!binary`, base64 (representer.go stringv 465-475), from 70 characters on in lines of 70 in a
 * literal block (resolver.go encodeBase64), its lines at `indent`; src/report/config.ts goBinary.
 */
function binary(s: string, indent: string): string {
  const b64 = goBytes(s).toString('base64');
  if (b64.length < 70) return `!!binary ${b64}`;
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 70) lines.push(indent + b64.slice(i, i + 70));
  return `!!binary |\n${lines.join('\n')}`;
}

/**
 * `s` JSON-quoted (a valid YAML double-quoted scalar), a `##[` written `##\x5b` (a YAML escape), so
 * that no line of the YAML is a GitHub Actions workflow command (src/escape-runner.ts), and what
 * JSON.stringify leaves raw of the controls, separators and bidi controls written `\uXXXX` (jsonText),
 * which YAML reads back as the same character: raw, a bidi control reorders what a reader sees of
 * the snippet, and a C1 control is no printable character of a YAML stream (YAML 1.2 [1] c-printable).
 */
const quoted = (s: string): string => jsonText(JSON.stringify(s)).replace(/##\[/g, '##\\x5b');

function scalar(s: Scalar, indent = '  '): string {
  if (s === null) return 'null';
  if (typeof s === 'boolean') return String(s);
  if (typeof s === 'number')
    return Number.isFinite(s) ? String(s) : Number.isNaN(s) ? '.nan' : s > 0 ? '.inf' : '-.inf';
  if (notUtf8(s)) return binary(s, indent);
  return PLAIN.test(s) && !s.endsWith(' ') && !RESERVED.test(s) && !s.includes(' #') ? s : quoted(s);
}

const key = (k: string): string =>
  PLAIN_KEY.test(k) && !RESERVED.test(k) && !/^[\d.+-]/.test(k)
    ? k
    : notUtf8(k)
      ? `!!binary ${goBytes(k).toString('base64')}` // on one line: an implicit key is no block
      : quoted(k);

/** A mapping key as this emitter writes it: plain when that keeps its meaning, else JSON-quoted. */
export const yamlKey = key;

/**
 * A string value of a hand-written YAML snippet (an image reference): plain when it is one token
 * that cannot read as anything else (`nginx:<version>`), else JSON-quoted.
 */
export const yamlValue = (s: string): string =>
  /^[A-Za-z0-9_./][\w./@:<>+=-]*$/.test(s) && !s.endsWith(':') && !RESERVED.test(s) ? s : goJsonText(quoted(s)); // in a template, bytes that are not UTF-8 are U+FFFD (src/utf8.ts)
const isEmpty = (v: Tree): boolean => (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);

function block(v: Tree, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (typeof item !== 'object' || item === null || isEmpty(item))
        out.push(`${indent}- ${Array.isArray(item) ? '[]' : isObject(item) ? '{}' : scalar(item, indent + '  ')}`);
      else if (Array.isArray(item)) {
        out.push(`${indent}-`);
        block(item, indent + '  ', out);
      } else {
        const lines: string[] = [];
        block(item, indent + '  ', lines);
        out.push(`${indent}- ${lines[0].slice(indent.length + 2)}`, ...lines.slice(1));
      }
    }
    return;
  }
  if (!isObject(v)) return;
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (typeof x !== 'object' || x === null || isEmpty(x))
      out.push(`${indent}${key(k)}: ${Array.isArray(x) ? '[]' : isObject(x) ? '{}' : scalar(x, indent + '  ')}`);
    else {
      out.push(`${indent}${key(k)}:`);
      block(x, Array.isArray(x) ? indent + '  ' : indent + '  ', out);
    }
  }
}

export function emitYaml(v: Tree): string {
  if (typeof v !== 'object' || v === null) return scalar(v) + '\n';
  if (isEmpty(v)) return (Array.isArray(v) ? '[]' : '{}') + '\n';
  const out: string[] = [];
  block(v, '', out);
  return out.join('\n') + '\n';
}
