// A multipart part is read from its bytes whether it carries a file name or not: busboy decoded a part
// without one itself (bytes that are not UTF-8 became U+FFFD, or were read in the part's charset), so
// one file got two answers by how curl sent it (`-F f=@x` refused as compose-go refuses it, `-F f=<x` valid).
import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { TEST_WORKERS } from './helpers/workers.js';

const app = buildApp({ workers: TEST_WORKERS });
t.teardown(() => app.close());

const B = 'xYzBoundary';
const multipart = (headers: string, content: Buffer) =>
  Buffer.concat([
    Buffer.from(`--${B}\r\n${headers}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${B}\r\nContent-Disposition: form-data; name="bundle"\r\n\r\n{"projectName":"x"}\r\n--${B}--\r\n`),
  ]);

t.test('a file that is not UTF-8 gets one answer, sent as a file part or a field part, in any charset', async (t) => {
  const content = Buffer.concat([Buffer.from('services:\n  web:\n    image: nginx:1.27\n    hostname: caf'), Buffer.from([0xe9, 0x0a])]);
  const answers = [];
  for (const headers of [
    'Content-Disposition: form-data; name="compose.yaml"; filename="compose.yaml"',
    'Content-Disposition: form-data; name="compose.yaml"',
    'Content-Disposition: form-data; name="compose.yaml"\r\nContent-Type: text/plain; charset=latin1',
  ]) {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/validate',
      payload: multipart(headers, content),
      headers: { 'content-type': `multipart/form-data; boundary=${B}` },
    });
    t.equal(r.statusCode, 200, headers);
    answers.push(r.body);
  }
  t.equal(JSON.parse(answers[0]).valid, false, 'refused at the byte that is not UTF-8');
  t.equal(answers[1], answers[0], 'a field part');
  t.equal(answers[2], answers[0], 'a field part with a charset');
});
