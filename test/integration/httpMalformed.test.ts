import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess, type ServeProcess } from '../support/serveProcess';

/**
 * Malformed requests over a raw TCP socket against the `serve` station in its own process: none
 * may take the process down (nothing restarts it), each gets an answer in the 4xx range or a
 * closed connection, and a good request is answered after every one of them.
 */

let station: ServeProcess;
let host: string;

beforeAll(async () => {
  station = await startServeProcess();
  host = `127.0.0.1:${station.port}`;
}, 60_000);
afterAll(async () => {
  await station?.stop();
});

/** Sends raw bytes; the status code of the first response line, or null when the socket closed without one. */
function rawRequest(bytes: string | Buffer, opts: { reset?: boolean } = {}): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(station.port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => finish(new Error(`no answer and no close within 5 s; got ${JSON.stringify(got.slice(0, 200))}`)), 5_000);
    function finish(r: number | null | Error) {
      clearTimeout(timer);
      socket.destroy();
      if (r instanceof Error) reject(r);
      else resolve(r);
    }
    const status = () => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      return m ? Number(m[1]) : null;
    };
    socket.on('connect', () => {
      socket.write(bytes);
      if (opts.reset) socket.resetAndDestroy();
    });
    socket.on('data', (c: Buffer) => {
      got += c.toString('latin1');
      // One response is enough: keep-alive would hold the socket open.
      if (/\r\n\r\n/.test(got) && status() !== null) finish(status());
    });
    socket.on('close', () => finish(status()));
    socket.on('error', () => finish(status()));
  });
}

async function stillServes() {
  expect(station.exited(), station.stderr()).toBeNull();
  const page = await fetch(`${station.origin}/`);
  expect(page.status).toBe(200);
  await page.arrayBuffer();
  const status = await station.call('setupStatus', {});
  expect(status.body).toEqual({ ok: true, value: { needsAdmin: false } });
}

const get = (target: string, headers: Record<string, string> = {}) =>
  `GET ${target} HTTP/1.1\r\n${Object.entries({ Host: host, ...headers })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\nConnection: close\r\n\r\n`;
const upgrade = (target: string, extra: Record<string, string> = {}) =>
  get(target, { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...extra }).replace('Connection: close\r\n', '');
const post = (target: string, body: string, headers: Record<string, string> = {}) =>
  `POST ${target} HTTP/1.1\r\n${Object.entries({ Host: host, Authorization: `Bearer ${station.token}`, 'Content-Type': 'application/json', ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

describe('malformed requests never stop the serve station', () => {
  // [name, request, expected status (null: the connection is closed without an answer)]
  const corpus: [string, () => string | Buffer, number | null, { reset?: boolean }?][] = [
    ['lone percent sign', () => get('/%'), 400],
    ['bad percent escape', () => get('/assets/%ZZapp.js'), 400],
    ['truncated UTF-8 escape', () => get('/%E4%B8'), 400],
    ['escaped NUL', () => get('/index.html%00.js'), 400],
    ['bad percent escape under /api', () => get('/api/%'), 400],
    ['absolute-form URL that does not parse', () => get('http://['), 400],
    ['absolute-form URL of another host', () => get('http://evil.example/index.html'), 400],
    ['scheme-relative target naming another host', () => get('//evil.example/x'), 400],
    ['asterisk target', () => get('*'), 400],
    ['no Host header', () => 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n', 400],
    ['Host header that is not a host', () => get('/', { Host: '[' }), 421],
    ['header block over 16 kB', () => get('/', { 'X-Big': 'a'.repeat(20_000) }), 431],
    ['200 headers of 100 bytes', () => get('/', Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`X-H${i}`, 'b'.repeat(100)]))), 431],
    ['unknown method', () => `BREW / HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 400],
    ['lower-case method', () => `get / HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 400],
    ['not HTTP at all', () => '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n', 400],
    ['HTTP/9.9', () => `GET / HTTP/9.9\r\nHost: ${host}\r\n\r\n`, 400],
    ['non-ASCII bytes in the target', () => Buffer.concat([Buffer.from('GET /'), Buffer.from([0xff, 0xfe]), Buffer.from(` HTTP/1.1\r\nHost: ${host}\r\n\r\n`)]), 400],
    ['Content-Length that is not a number', () => `POST /api/setupStatus HTTP/1.1\r\nHost: ${host}\r\nContent-Length: abc\r\n\r\n{}`, 400],
    ['two different Content-Lengths', () => `POST /api/setupStatus HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`, 400],
    ['broken chunked body', () => `POST /api/setupStatus HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${station.token}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, 400],
    ['body that is not UTF-8 JSON', () => Buffer.concat([Buffer.from(post('/api/setupStatus', '..').slice(0, -2)), Buffer.from([0xc3, 0x28])]), 400],
    ['API call by GET', () => get('/api/setupStatus', { Authorization: `Bearer ${station.token}` }), 400],
    ['API call with a non-Latin-1 token', () => post('/api/setupStatus', '{}', { Authorization: 'Bearer 令牌' }), 401],
    ['API call to an unknown method with a bad escape', () => post('/api/%E4', '{}'), 400],
    ['WebSocket upgrade to a URL that does not parse', () => upgrade('http://['), 400],
    ['WebSocket upgrade with a bad percent escape', () => upgrade(`/events%?token=${station.token}`), 400],
    ['WebSocket upgrade without a key', () => upgrade(`/events?token=${station.token}`, { 'Sec-WebSocket-Key': '' }), 400],
    ['WebSocket upgrade of an unknown version', () => upgrade(`/events?token=${station.token}`, { 'Sec-WebSocket-Version': '99' }), 400],
    ['WebSocket upgrade without the token', () => upgrade('/events'), 401],
    ['WebSocket upgrade reset at once', () => upgrade('/events'), null, { reset: true }],
    ['WebSocket upgrade to a bad URL reset at once', () => upgrade('http://['), null, { reset: true }],
    ['request reset mid-body', () => post('/api/setupStatus', '{"a":1}').slice(0, -3), null, { reset: true }],
  ];

  it.each(corpus)('%s', async (_name, request, expected, opts) => {
    const status = await rawRequest(request(), opts);
    if (!opts?.reset) expect(status).toBe(expected);
    await stillServes();
  });

  it('still answers absolute-form requests for its own address', async () => {
    expect(await rawRequest(get(`http://${host}/`))).toBe(200);
    await stillServes();
  });
});
