/** A tiny ustar writer for tests: entries with any type, name and link target (hostile ones included). */
export interface TarEntry {
  name: string;
  content?: string | Buffer;
  /** '0' file, '2' symlink, '1' hard link, '3' device, '5' directory, 'L' / 'x' raw extension headers */
  type?: string;
  linkname?: string;
  /** ustar name prefix (field 345) */
  prefix?: string;
}

export function tarHeader(e: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(e.name.slice(0, 100), 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('14712345670\0', 136);
  h.write(e.type ?? '0', 156);
  if (e.linkname) h.write(e.linkname, 157);
  h.write('ustar\0', 257);
  h.write('00', 263);
  if (e.prefix) h.write(e.prefix, 345);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

export function tarArchive(entries: TarEntry[], end = true): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content ?? '', 'utf8');
    parts.push(tarHeader(e, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  if (end) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A tar of a bundle's file map. */
export function tarOf(files: Record<string, string>): Buffer {
  return tarArchive(Object.entries(files).map(([name, content]) => ({ name, content })));
}

/** A multipart/form-data body: one part per file (as file parts) plus an optional `bundle` JSON part. */
export async function multipartOf(
  files: Record<string, string>,
  meta?: unknown,
): Promise<{ body: Buffer; contentType: string }> {
  const fd = new FormData();
  for (const [name, content] of Object.entries(files)) fd.append(name, new Blob([content]), name.split('/').pop());
  if (meta !== undefined) fd.append('bundle', JSON.stringify(meta));
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}
