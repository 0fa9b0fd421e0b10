/**
 * The short syntax of ports (`[ip:][host[-range]:]container[-range][/proto]`) as compose-go's
 * types.ParsePortConfig reads it through docker/go-connections nat.ParsePortSpecs (v0.4.0): the one
 * port parser of the project (normalize, validate, diff and the audit read ports through it).
 */
import { errorMessage } from '../errors.js';
import { quoting } from '../diagnostics.js';

/** types.ServicePortConfig as the short syntax fills it (yaml field names). */
export interface PortConfig {
  mode: string;
  host_ip?: string;
  target?: number;
  published?: string;
  protocol: string;
}

/** An invalid short-syntax port, with compose-go's message (the normalize stage places it). */
export class PortSpecError extends Error {
  readonly code = 'invalid-port';
}

/** Throws the error `message`; `parts`: the pieces of the spec `of` that it quotes (src/diagnostics.ts quoting). */
const invalid = (message: string, of = '', ...parts: string[]): never => {
  throw quoting(
    new PortSpecError(message),
    parts.filter((p) => p !== of).map((part) => ({ part, of })),
  );
};

/** strconv.ParseUint(s, 10, 16) */
function parseUint16(s: string): number | undefined {
  if (!/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 0xffff ? n : undefined;
}

/** nat.ParsePortRange: `8000` or `8000-9000`; anything after a second `-` is ignored, as in Go. */
function parsePortRange(ports: string): [number, number] | undefined {
  if (ports === '') return undefined;
  if (!ports.includes('-')) {
    const p = parseUint16(ports);
    return p === undefined ? undefined : [p, p];
  }
  const parts = ports.split('-');
  const start = parseUint16(parts[0]);
  const end = parseUint16(parts[1]);
  if (start === undefined || end === undefined || end < start) return undefined;
  return [start, end];
}

/** nat.SplitProtoPort: `80/udp` -> [udp, 80]; no or empty protocol means tcp. */
function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw === '' || parts[0] === '') return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  if (parts[1] === '') return ['tcp', parts[0]];
  return [parts[1], parts[0]];
}

/** nat splitParts: the last part is the container port, the one before the host port, the rest the IP. */
function splitParts(raw: string): [string, string, string] {
  const parts = raw.split(':');
  const n = parts.length;
  if (n === 1) return ['', '', parts[0]];
  if (n === 2) return ['', parts[0], parts[1]];
  return [parts.slice(0, n - 2).join(':'), parts[n - 2], parts[n - 1]];
}

/** net.SplitHostPort's host part; throws its *AddrError text. */
function splitHostPort(hostport: string): string {
  const err = (why: string): never => {
    throw new Error(`address ${hostport}: ${why}`);
  };
  const i = hostport.lastIndexOf(':');
  if (i < 0) err('missing port in address');
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) err("missing ']' in address");
    if (end + 1 === hostport.length) err('missing port in address');
    else if (end + 1 !== i) err(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) err('too many colons in address');
  }
  if (hostport.slice(j).includes('[')) err("unexpected '[' in address");
  if (hostport.slice(k).includes(']')) err("unexpected ']' in address");
  return host;
}

function isIPv4(s: string): boolean {
  const fields = s.split('.');
  return fields.length === 4 && fields.every((f) => /^(0|[1-9][0-9]{0,2})$/.test(f) && Number(f) <= 255);
}

/** netip.ParseAddr for IPv6 without zone (net.ParseIP rejects zones). */
function isIPv6(s: string): boolean {
  let rest = s;
  let groups = 0;
  let ellipsis = false;
  if (rest.startsWith('::')) {
    ellipsis = true;
    rest = rest.slice(2);
    if (rest === '') return true;
  }
  while (groups < 8) {
    const hex = /^[0-9a-fA-F]*/.exec(rest)![0];
    if (hex === '' || hex.length > 4) return false;
    if (rest[hex.length] === '.') {
      // an embedded IPv4 takes the last two groups
      if ((!ellipsis && groups !== 6) || groups + 2 > 8 || !isIPv4(rest)) return false;
      groups += 2;
      rest = '';
      break;
    }
    groups++;
    rest = rest.slice(hex.length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return false;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis) return false;
      ellipsis = true;
      rest = rest.slice(1);
      if (rest === '') break;
    }
  }
  if (rest !== '') return false;
  return ellipsis ? groups < 8 : groups === 8;
}

/** net.ParseIP(ip) != nil */
export function isIP(s: string): boolean {
  const i = s.search(/[.:%]/);
  if (i < 0 || s[i] === '%') return false;
  return s[i] === '.' ? isIPv4(s) : isIPv6(s);
}

/** One short-syntax spec as nat.ParsePortSpec reads it, before its range is expanded. */
interface PortSpec {
  proto: string;
  hostIP: string;
  rawHostPort: string;
  start: number;
  end: number;
  hostStart: number;
  hostEnd: number;
}

/** nat.ParsePortSpec's checks: throws its error for an invalid spec, expands nothing. */
function readPortSpec(rawPort: string): PortSpec {
  const [rawIP, rawHostPort, rawContainer] = splitParts(rawPort);
  const [proto, containerPort] = splitProtoPort(rawContainer);
  let ip: string;
  try {
    ip = splitHostPort(`${rawIP}:`);
  } catch (e) {
    return invalid(`Invalid ip address ${rawIP}: ${errorMessage(e)}`, rawPort, rawIP);
  }
  if (ip !== '' && !isIP(ip)) invalid(`Invalid ip address: ${ip}`, rawPort, ip);
  if (containerPort === '') invalid(`No port specified: ${rawPort}<empty>`);
  const [start, end] =
    parsePortRange(containerPort) ?? invalid(`Invalid containerPort: ${containerPort}`, rawPort, containerPort);
  let [hostStart, hostEnd] = [0, 0];
  if (rawHostPort !== '')
    [hostStart, hostEnd] =
      parsePortRange(rawHostPort) ?? invalid(`Invalid hostPort: ${rawHostPort}`, rawPort, rawHostPort);
  // a host range with a single container port is the range to allocate the host port from
  if (rawHostPort !== '' && end - start !== hostEnd - hostStart && end !== start)
    invalid(
      `Invalid ranges specified for container and host Ports: ${containerPort} and ${rawHostPort}`,
      rawPort,
      containerPort,
      rawHostPort,
    );
  const lower = proto.toLowerCase();
  if (lower !== 'tcp' && lower !== 'udp' && lower !== 'sctp') invalid(`Invalid proto: ${proto}`, rawPort, proto);
  return { proto: lower, hostIP: ip, rawHostPort, start, end, hostStart, hostEnd };
}

/** How many mappings a valid short-syntax spec expands to (its container range); throws for an invalid one. */
export function portSpecSize(value: string): number {
  const spec = readPortSpec(value);
  return spec.end - spec.start + 1;
}

/** Orders port numbers as compose-go orders their `port/proto` keys: as strings (`/` sorts before digits). */
const byDigits = (a: number, b: number): number => {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * types.ParsePortConfig: one mapping per container port of the range, ordered by their `port/proto`
 * key as strings (compose-go sorts the keys of nat.ParsePortSpecs' map). Every key of one spec is
 * distinct, so sorting the range is all it takes: O(n log n), where matching each key against every
 * mapping was quadratic.
 */
export function parsePortConfig(value: string): PortConfig[] {
  const { start, end, hostStart, hostEnd, rawHostPort, proto, hostIP } = readPortSpec(value);
  const targets: number[] = [];
  for (let p = start; p <= end; p++) targets.push(p);
  targets.sort(byDigits);
  const out: PortConfig[] = [];
  for (const target of targets) {
    const p: PortConfig = { mode: 'ingress', protocol: proto };
    if (hostIP) p.host_ip = hostIP;
    if (target !== 0) p.target = target;
    let hostPort = rawHostPort === '' ? '' : String(hostStart + (target - start));
    if (start === end && hostStart !== hostEnd) hostPort = `${hostPort}-${hostEnd}`;
    if (hostPort) p.published = hostPort;
    out.push(p);
  }
  return out;
}

/**
 * The parts of a short-syntax spec as nat.ParsePortSpec splits them (IP, host port, container port,
 * protocol), unchecked: what a tolerant reader (the audit) takes from a spec that may not be valid.
 */
export function splitPortSpec(raw: string): { hostIp: string; published: string; target: string; protocol: string } {
  const [rawIP, published, container] = splitParts(raw);
  const [protocol, target] = splitProtoPort(container);
  return { hostIp: rawIP.replace(/^\[(.*)\]$/, '$1'), published, target, protocol };
}
