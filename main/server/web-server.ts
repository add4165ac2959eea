/**
 * `phonehome serve`: the UI over HTTP and the API contract over a WebSocket (DESIGN §2).
 *
 * Threat model, in plain words. The services can read any file this user can read and they hold
 * the phone's identifiers, so the API must answer only the person who started `serve`:
 * - It listens on 127.0.0.1 by default. Binding elsewhere is the user's explicit choice.
 * - Every API call needs the random 256-bit token printed at start (WebSocket: `token` query
 *   parameter; upload: Authorization header; download: `token` parameter), compared in
 *   constant time.
 * - A web page the user visits in another tab could try to reach us: the WebSocket's Origin must
 *   be our own origin, and the Host header must name our address (defeats DNS rebinding).
 * - Static files are served only from the built UI folder, never by a path the client picks;
 *   downloads only from the exports folder; uploads are written under generated names.
 * - Responses carry a strict CSP, nosniff, no-referrer and frame-ancestors 'none'.
 * The UI itself renders packet data as text only (see renderer/).
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, stat, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { COMMAND_NAMES, type CommandName, type Commands, type WireRequest } from '../../shared/api';
import type { SessionService } from '../services/session-service';

export interface WebServerOptions {
  host: string;
  port: number;
  service: SessionService;
  /** The built renderer (index.html + assets). */
  staticDir: string;
  /** A fixed token (tests); random otherwise. */
  token?: string;
}

export interface RunningWebServer {
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const MAX_UPLOAD_BYTES = 16 * 1024 ** 3;
const COMMANDS = new Set<string>(COMMAND_NAMES);

export async function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const token = opts.token ?? randomBytes(32).toString('hex');
  const staticRoot = resolve(opts.staticDir);
  let origin = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const tokenOk = (candidate: string | null | undefined) => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      if (!res.headersSent) sendText(res, 500, `Internal error: ${err.message}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      sendText(res, 421, 'This PhoneHome server only answers to its own address.');
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/api/upload' && req.method === 'POST') return upload(req, res, url);
    if (url.pathname === '/api/download' && req.method === 'GET') return download(res, url);
    if (url.pathname.startsWith('/api/')) return sendText(res, 404, 'No such API endpoint.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
    return serveStatic(res, url.pathname);
  }

  async function serveStatic(res: ServerResponse, pathname: string) {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(staticRoot, rel));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return sendText(res, 404, 'Not found.');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      if (rel === 'index.html') {
        return sendText(
          res,
          500,
          `The UI has not been built (${staticRoot} is missing). Run \`npm run build:web\`.`,
        );
      }
      return sendText(res, 404, 'Not found.');
    }
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': rel === 'index.html' ? 'no-store' : 'max-age=3600',
    });
    res.end(body);
  }

  async function upload(req: IncomingMessage, res: ServerResponse, url: URL) {
    const auth = req.headers.authorization ?? '';
    if (!tokenOk(auth.startsWith('Bearer ') ? auth.slice(7) : null)) {
      return sendText(res, 401, 'Missing or wrong token.');
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > MAX_UPLOAD_BYTES) return sendText(res, 413, 'That file is larger than 16 GiB.');
    const name = (url.searchParams.get('name') ?? 'capture').replace(/[^\w.-]+/g, '_').slice(-100);
    await mkdir(opts.service.uploadsDir, { recursive: true, mode: 0o700 });
    const target = join(opts.service.uploadsDir, `${randomUUID()}-${name}`);
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_UPLOAD_BYTES) req.destroy(new Error('upload too large'));
    });
    try {
      await pipeline(req, createWriteStream(target, { mode: 0o600 }));
    } catch (err) {
      await unlink(target).catch(() => {});
      return sendText(res, 400, `Upload failed: ${(err as Error).message}`);
    }
    sendJson(res, 200, { path: target });
  }

  async function download(res: ServerResponse, url: URL) {
    if (!tokenOk(url.searchParams.get('token'))) return sendText(res, 401, 'Missing or wrong token.');
    const exportsRoot = resolve(opts.service.exportsDir);
    const file = resolve(url.searchParams.get('path') ?? '');
    if (!file.startsWith(exportsRoot + sep))
      return sendText(res, 403, 'Only saved captures can be downloaded.');
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch {
      return sendText(res, 404, 'That saved capture no longer exists.');
    }
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': 'application/vnd.tcpdump.pcap',
      'Content-Length': String(size),
      'Content-Disposition': `attachment; filename="${basename(file).replace(/"/g, '')}"`,
    });
    await pipeline(createReadStream(file), res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 << 20 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const ok =
      url.pathname === '/api/ws' &&
      allowedHosts.has(req.headers.host ?? '') &&
      allowedOrigins.has(req.headers.origin ?? '') &&
      tokenOk(url.searchParams.get('token'));
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket) {
    const unsubscribe = opts.service.subscribe((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    });
    ws.on('close', unsubscribe);
    ws.on('message', (data: Buffer) => {
      let req: WireRequest;
      try {
        req = JSON.parse(data.toString('utf8')) as WireRequest;
      } catch {
        return;
      }
      void answer(ws, req);
    });
  }

  async function answer(ws: WebSocket, req: WireRequest) {
    const reply = (msg: object) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    if (typeof req?.id !== 'number' || !COMMANDS.has(req.method) || !Array.isArray(req.params)) {
      reply({ id: req?.id ?? 0, error: { message: 'Malformed request.' } });
      return;
    }
    try {
      const commands: Commands = opts.service.commands;
      const result = await (
        commands[req.method as CommandName] as (...a: unknown[]) => Promise<unknown>
      ).apply(commands, req.params);
      reply({ id: req.id, result: result ?? null });
    } catch (err) {
      reply({ id: req.id, error: { message: (err as Error).message } });
    }
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolveListen());
  });
  const addr = server.address() as AddressInfo;
  const hostPart = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  origin = `http://${hostPart}:${addr.port}`;
  allowedHosts = new Set([`${hostPart}:${addr.port}`]);
  if (addr.address === '127.0.0.1' || addr.address === '::1') allowedHosts.add(`localhost:${addr.port}`);
  allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

function sendText(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { ...securityHeaders(), 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
