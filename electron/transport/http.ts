import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import { ApiError, type ApiErrorShape } from '../../shared/contract';
import type { Envelope } from '../core/dispatch';
import { bodyLimit, limitMb } from './bodyLimits';
import type { Core } from '../core/types';

/** Loopback only: the station's data never leaves the PC through this server. */
export const HOST = '127.0.0.1';
export const SESSION_HEADER = 'x-station-session';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "media-src 'self' blob: mediastream:; connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*; object-src 'none'; " +
  "base-uri 'none'; frame-ancestors 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

const STATUS: Partial<Record<ApiErrorShape['code'], number>> = {
  badRequest: 400,
  badScan: 400,
  notALotCode: 400,
  badPin: 401,
  badToken: 401,
  notSignedIn: 401,
  forbidden: 403,
  unknownMethod: 404,
  notFound: 404,
  conflict: 409,
  alreadySetUp: 409,
  tooLarge: 413,
  internal: 500,
};

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendEnvelope(res: ServerResponse, envelope: Envelope) {
  const status = envelope.ok ? 200 : (STATUS[envelope.error.code] ?? 400);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(envelope));
}

const fail = (code: ApiErrorShape['code'], message: string, params?: Record<string, string | number>): Envelope => ({
  ok: false,
  error: new ApiError(code, message, params).toJSON(),
});

/**
 * The body as text, or null when it is over `limit` bytes. An oversized body is still read to its
 * end (and dropped): a browser that is cut off mid-upload shows a connection reset, not our answer.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export interface LoopbackServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * The same API as Electron IPC, over HTTP + WebSocket on 127.0.0.1, guarded by a random token
 * made at every start. Serves the built renderer so a browser on this PC is a full station.
 */
export async function startLoopbackServer(core: Core, opts: { rendererDir: string; port?: number; token?: string }): Promise<LoopbackServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let origin = '';

  // DNS rebinding guard: only our own host names may reach the API.
  const hostOk = (req: IncomingMessage) => {
    const host = req.headers.host ?? '';
    return host === origin.slice('http://'.length) || host === origin.slice('http://'.length).replace(HOST, 'localhost');
  };

  async function api(req: IncomingMessage, res: ServerResponse, method: string) {
    if (req.method !== 'POST') return sendEnvelope(res, fail('badRequest', 'POST only'));
    const auth = req.headers.authorization;
    if (!sameToken(auth?.startsWith('Bearer ') ? auth.slice(7) : null, token)) return sendEnvelope(res, fail('badToken', 'bad or missing token'));
    let input: unknown;
    const limit = bodyLimit(method);
    try {
      const body = await readBody(req, limit);
      if (body === null) return sendEnvelope(res, fail('tooLarge', 'request too large', { limitMb: limitMb(limit) }));
      input = body ? JSON.parse(body) : {};
    } catch {
      return sendEnvelope(res, fail('badRequest', 'body is not JSON'));
    }
    const session = req.headers[SESSION_HEADER];
    sendEnvelope(res, await core.dispatch(method, input, { sessionId: typeof session === 'string' ? session : undefined }));
  }

  /**
   * The request target as a URL of this server with its path decoded, or null when the target
   * does not parse, names another host (absolute or scheme-relative form), or its path is not
   * valid percent-encoded UTF-8 without control characters.
   */
  function ownTarget(raw: string | undefined): { path: string; url: URL } | null {
    if (!raw || !(raw.startsWith('/') || raw.startsWith('http://'))) return null;
    let url: URL;
    let path: string;
    try {
      url = new URL(raw, origin);
      path = decodeURIComponent(url.pathname);
    } catch {
      return null;
    }
    // eslint-disable-next-line no-control-regex
    if (url.origin !== origin || /[\u0000-\u001f\u007f]/.test(path)) return null;
    return { path, url };
  }

  function file(req: IncomingMessage, res: ServerResponse, path: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const rel = normalize(path === '/' ? '/index.html' : path).replace(/^([/\\])+/, '');
    const abs = join(opts.rendererDir, rel);
    if (!abs.startsWith(opts.rendererDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    let target = abs;
    try {
      if (!statSync(target).isFile()) throw new Error('not a file');
    } catch {
      // Client-side routes fall back to the app page; missing assets are 404.
      if (extname(rel)) {
        res.writeHead(404).end();
        return;
      }
      target = join(opts.rendererDir, 'index.html');
    }
    res.writeHead(200, {
      'content-type': MIME[extname(target)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': target.endsWith('index.html') ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') res.end();
    // A file removed between stat and open ends this response, not the process.
    else
      createReadStream(target)
        .on('error', () => res.destroy())
        .pipe(res);
  }

  function route(req: IncomingMessage, res: ServerResponse) {
    if (!hostOk(req)) {
      res.writeHead(421).end();
      return;
    }
    const target = ownTarget(req.url);
    if (!target) {
      res.writeHead(400).end();
      return;
    }
    if (target.path.startsWith('/api/')) {
      api(req, res, target.path.slice('/api/'.length)).catch((e) => {
        console.error(e);
        if (!res.headersSent) sendEnvelope(res, fail('internal', 'server error'));
      });
    } else file(req, res, target.path);
  }

  // Whatever a request holds, it gets an answer and the station goes on: nothing restarts it.
  const server = createServer((req, res) => {
    try {
      route(req, res);
    } catch (e) {
      console.error(e);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const refuseUpgrade = (socket: Duplex, status: number) => socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  server.on('upgrade', (req, socket: Duplex, head) => {
    // The HTTP server stops watching an upgraded socket: a client reset must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    try {
      if (!hostOk(req)) return refuseUpgrade(socket, 421);
      const target = ownTarget(req.url);
      if (!target) return refuseUpgrade(socket, 400);
      if (target.path !== '/events' || !sameToken(target.url.searchParams.get('token'), token)) return refuseUpgrade(socket, 401);
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    } catch (e) {
      console.error(e);
      socket.destroy();
    }
  });
  const unsubscribe = core.onEvent((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
