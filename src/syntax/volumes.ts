/**
 * The short syntax of service volumes, `[source:]target[:options]`, as compose-go's
 * format.ParseVolume reads it (Windows drive letters and named pipes, `${VAR:-a:b}` kept whole,
 * options `ro`, `rw`, `nocopy`, `z`/`Z`, propagation), and Go's path.Clean: the one volume parser
 * of the project (merge's unicity, normalize, validate, diff and the audit read volumes through it).
 */

/** types.ServiceVolumeConfig as the short syntax fills it (yaml field names). */
export interface VolumeConfig {
  type: 'bind' | 'volume';
  source?: string;
  target?: string;
  read_only?: boolean;
  bind?: { selinux?: string; propagation?: string; create_host_path?: boolean };
  volume?: { nocopy?: boolean };
}

const PROPAGATIONS = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];
const END = '\0';

const isLetter = (c: string): boolean => /^\p{L}$/u.test(c);
const isWindowsDrive = (buffer: string[], c: string): boolean =>
  c === ':' && buffer.length === 1 && isLetter(buffer[0]);

/** format.isFilePath: relative, absolute, home, Windows drive or named pipe paths are binds. */
export function isFilePath(source: string): boolean {
  if (source === '') return false;
  if ('./~'.includes(source[0])) return true;
  if (source.startsWith('\\\\')) return true;
  const [first, next] = Array.from(source);
  return next !== undefined && isWindowsDrive([first], next);
}

interface Fields {
  source: string;
  target: string;
  readOnly: boolean;
  bind?: { selinux?: string; propagation?: string };
  nocopy?: boolean;
}

function populateField(c: string, buffer: string[], v: Fields): string | undefined {
  const s = buffer.join('');
  if (buffer.length === 0) return 'empty section between colons';
  if (v.source === '' && c === END) v.target = s;
  else if (v.source === '') v.source = s;
  else if (v.target === '') v.target = s;
  else if (c === ':') return 'too many colons';
  else {
    // unknown options are ignored, as compose-go does
    for (const option of s.split(',')) {
      if (option === 'ro') v.readOnly = true;
      else if (option === 'rw') v.readOnly = false;
      else if (option === 'nocopy') v.nocopy = true;
      else if (PROPAGATIONS.includes(option)) (v.bind ??= {}).propagation = option;
      else if (option === 'z' || option === 'Z') (v.bind ??= {}).selinux = option;
    }
  }
  return undefined;
}

/** The parsed fields after format.populateType: file-path sources are binds (creating the host path). */
function toConfig(v: Fields): VolumeConfig {
  const bind = isFilePath(v.source);
  const out: VolumeConfig = { type: bind ? 'bind' : 'volume' };
  if (v.source) out.source = v.source;
  if (v.target) out.target = v.target;
  if (v.readOnly) out.read_only = true;
  if (v.bind || bind) {
    out.bind = {};
    if (v.bind?.selinux) out.bind.selinux = v.bind.selinux;
    if (v.bind?.propagation) out.bind.propagation = v.bind.propagation;
    if (bind) out.bind.create_host_path = true;
  }
  // `nocopy` replaces the volume options; populateType adds empty ones to a named volume
  if (v.nocopy) out.volume = { nocopy: true };
  else if (!bind) out.volume = {};
  return out;
}

/**
 * format.ParseVolume, also returning what was parsed when it fails (compose-go returns both; its
 * TestParseVolumeSplitCases looks at the source of failed parses).
 */
export function parseVolumeSpec(spec: string): { volume: VolumeConfig; error?: string } {
  if (spec.length === 0) return { volume: { type: 'volume' }, error: 'invalid empty volume spec' };
  // Go measures the spec in bytes: one or two bytes are a bare target
  if (Buffer.byteLength(spec) <= 2) return { volume: { type: 'volume', target: spec } };
  const v: Fields = { source: '', target: '', readOnly: false };
  const chars = Array.from(spec + END);
  let buffer: string[] = [];
  let inVar = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '$' && i + 1 < chars.length - 1 && chars[i + 1] === '{') {
      inVar++;
      buffer.push(c);
      continue;
    }
    if (c === '}' && inVar > 0) {
      inVar--;
      buffer.push(c);
      continue;
    }
    if (isWindowsDrive(buffer, c)) buffer.push(c);
    else if ((c === ':' || c === END) && inVar === 0) {
      const err = populateField(c, buffer, v);
      if (err) return { volume: toConfig(v), error: `invalid spec: ${spec}: ${err}` };
      buffer = [];
    } else buffer.push(c);
  }
  return { volume: toConfig(v) };
}

/** Go path.Clean (slash-separated, lexical). */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  // the usual case: already clean
  if (path[0] !== '.' && !path.includes('//') && !path.includes('/.') && (path.length === 1 || !path.endsWith('/')))
    return path;
  const rooted = path[0] === '/';
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

/**
 * compose-go ServiceVolumeConfig.String: a mount of the canonical model (`volumes` long syntax) as
 * `source:target:options`, the options `rw`/`ro`, then the bind's SELinux label and propagation, then
 * `nocopy`: the string docker compose hands the Docker API for a bind.
 */
export function volumeString(volume: Readonly<Record<string, unknown>>): string {
  const sub = (k: string): Readonly<Record<string, unknown>> | undefined => {
    const v = volume[k];
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  };
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const options = [volume.read_only === true ? 'ro' : 'rw'];
  const bind = sub('bind');
  if (bind && text(bind.selinux) !== '') options.push(text(bind.selinux));
  if (bind && text(bind.propagation) !== '') options.push(text(bind.propagation));
  if (sub('volume')?.nocopy === true) options.push('nocopy');
  return `${text(volume.source)}:${text(volume.target)}:${options.join(',')}`;
}
