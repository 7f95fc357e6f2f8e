/**
 * The local web inspector's HTTP server: the page (src/ui, or dist/ui in a built package), a JSON
 * API over the store, server-sent events for the live list, and the replay action.
 *
 * It listens on 127.0.0.1 only. Security, for a page that shows raw webhook bodies and can send
 * requests on the user's behalf:
 *   - Host must be localhost, 127.0.0.1 or [::1] with this port (else 403): a DNS-rebinding page on
 *     another name cannot read the API through the browser.
 *   - The URL printed in the terminal carries a random token (`/?token=…`), exchanged once for an
 *     HttpOnly, SameSite=Strict cookie named after the port (cookies are not port-scoped), then a
 *     redirect to the clean URL. Every API, stream and action request needs the cookie: 401
 *     without it, 403 with a wrong one. The page itself holds no data and is served without it.
 *   - Actions are POST with a JSON body, from this origin only (Origin checked; no CORS headers, ever).
 *   - A replay goes to a target the embedding command named; the page chooses a name, and a URL in
 *     the request body is never used.
 *   - A strict Content-Security-Policy (no inline script or style), nosniff, no framing.
 *   - Headers are the record's (redacted); the raw headers for replays stay in memory, server-side;
 *     everything sent passes through `redact`.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import type { EventRecord } from "../../core/events/record.js";
import { uiRoot } from "../package-root.js";
import { curlCommand, replayBody, replayHeaders, sendReplay, type ReplayResult, type Resign } from "./replay.js";
import { InspectorStore, matcher, summarize, type Entry, type EntryExtras, type Filter, type Row } from "./store.js";

export type { Resign, ResignResult, ReplayResult } from "./replay.js";
export type { Entry, EntryExtras, Filter, Row, Summary } from "./store.js";

export const DEFAULT_PORT = 4040;
export const DEFAULT_HISTORY = 10_000;

export interface InspectorOptions {
  /** Default 4040; 0 picks a free port. The server binds 127.0.0.1 only. */
  port?: number;
  /** How many entries are kept (default 10,000); ignored when `store` is given. */
  history?: number;
  /** A store to serve (default: a new one). */
  store?: InspectorStore;
  /** Replay targets by name, e.g. { listener: "http://127.0.0.1:4000/", app: "http://127.0.0.1:3000/hooks" }. */
  targets?: Record<string, string>;
  /** Signs an edited body for a replay; without it, edit-and-replay is refused. */
  resign?: Resign;
  /** Applied to every text sent to the page (the embedding command's Output.redact). */
  redact?: (text: string) => string;
  /** The URL token (default: random). */
  token?: string;
  /** The page's folder (default: dist/ui of the package, else src/ui). */
  uiDir?: string;
  /** Per replay (default 10 s). */
  replayTimeoutMs?: number;
}

export interface Inspector {
  /** The URL to open, with its token: http://127.0.0.1:PORT/?token=… */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly port: number;
  readonly store: InspectorStore;
  /** Shows one more record (live rows are pushed to open pages). */
  add(record: EventRecord, extras?: EntryExtras): Entry;
  /** Ends the streams and closes the server. */
  close(): Promise<void>;
}

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": CSP,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
};

/** Rows sent at once in a list; the page asks for more with `before`. */
const MAX_LIMIT = 1_000;
/** Entries sent when a stream resumes; beyond that the page is told to reload the list. */
const MAX_BACKLOG = 2_000;
/** A stream whose client reads slower than this much unsent text is closed (it resumes with Last-Event-ID). */
const MAX_STREAM_BUFFER = 4 << 20;
const MAX_POST_BYTES = 4 << 20;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) out.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return out;
}

/** A URL shown to the page: without user:password@. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.href;
  } catch {
    return url;
  }
}

function filterOf(params: URLSearchParams): Filter {
  const f: Filter = {};
  for (const key of ["provider", "event", "verdict", "status", "q"] as const) {
    const v = params.get(key);
    if (v !== null && v.trim() !== "") f[key] = v;
  }
  return f;
}

function redactValue(value: unknown, redact: (s: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (typeof value === "number") return redact(String(value)) === String(value) ? value : "[redacted]";
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactValue(v, redact)]));
  return value;
}

export async function startInspector(options: InspectorOptions = {}): Promise<Inspector> {
  const store = options.store ?? new InspectorStore(options.history ?? DEFAULT_HISTORY);
  const targets = new Map(Object.entries(options.targets ?? {}));
  const redact = options.redact ?? ((s: string) => s);
  const token = options.token ?? randomBytes(24).toString("base64url");
  const session = randomBytes(32).toString("base64url");
  const uiDir = options.uiDir ?? uiRoot();
  const replayTimeoutMs = options.replayTimeoutMs ?? 10_000;
  const streams = new Set<ServerResponse>();

  /** JSON text with every secret the command knows redacted inside its values (so it stays JSON). */
  const json = (value: unknown): string => {
    const text = JSON.stringify(value) ?? "null";
    return redact(text) === text ? text : JSON.stringify(redactValue(value, redact));
  };

  let port = 0;
  let hosts = new Set<string>();
  let origins = new Set<string>();
  let cookieName = "";

  const send = (res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...SECURITY_HEADERS, "Cache-Control": "no-store", ...headers });
    res.end(body);
  };
  const sendJson = (res: ServerResponse, status: number, value: unknown) => send(res, status, json(value), { "Content-Type": "application/json; charset=utf-8" });

  const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).byteLength;
      if (size > MAX_POST_BYTES) throw new HttpError(413, "request too large");
      chunks.push(chunk as Buffer);
    }
    let value: unknown;
    try {
      value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      throw new HttpError(400, "the body must be JSON");
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HttpError(400, "the body must be a JSON object");
    return value as Record<string, unknown>;
  };

  const entryOr404 = (idText: string): Entry => {
    const entry = /^\d{1,15}$/.test(idText) ? store.get(Number(idText)) : undefined;
    if (!entry) throw new HttpError(404, `no entry ${idText} (it may have left the history)`);
    return entry;
  };

  const detail = (entry: Entry) => {
    const r = entry.record;
    const curl: Record<string, string> = {};
    for (const [name, url] of targets) curl[name] = curlCommand(entry, shownUrl(url));
    if (targets.size === 0) curl["listen"] = curlCommand(entry, `http://127.0.0.1:4000${r.path ?? "/"}`);
    let pretty: string | undefined;
    if (entry.payload !== undefined) {
      try {
        pretty = JSON.stringify(entry.payload, null, 2);
      } catch {
        pretty = undefined;
      }
    }
    const { body: _body, ...rest } = r;
    void _body;
    return {
      row: entry.row,
      record: rest,
      // The body exactly as received: its text, or base64 when it is not UTF-8.
      body: entry.text ?? null,
      ...(entry.text === undefined && { body_base64: replayBody(entry).toString("base64") }),
      ...(pretty !== undefined && { pretty }),
      curl,
    };
  };

  const replay = async (entry: Entry, input: Record<string, unknown>): Promise<ReplayResult> => {
    const name = input.target;
    if (typeof name !== "string" || name === "") throw new HttpError(400, "say which target to replay to (by name)");
    // The URL is the command's, looked up by name; nothing in the request can supply one.
    const url = targets.get(name);
    if (url === undefined) throw new HttpError(400, `no replay target named ${JSON.stringify(name.slice(0, 60))}${targets.size ? ` (targets: ${[...targets.keys()].join(", ")})` : " (start with --replay-to URL)"}`);
    let headers = replayHeaders(entry);
    let body = replayBody(entry);
    const edited = input.body !== undefined;
    let resigned = false;
    let note: string | undefined;
    if (edited) {
      if (typeof input.body !== "string") throw new HttpError(400, "body must be the edited text");
      body = Buffer.from(input.body, "utf8");
      if (!options.resign) throw new HttpError(409, "an edited body cannot be re-signed here (no secret was given)");
      try {
        const signed = await options.resign({ record: entry.record, body, headers, target: name });
        headers = signed.headers;
        resigned = signed.resigned !== false;
        note = signed.note;
      } catch (e) {
        throw new HttpError(422, `cannot re-sign the edited body: ${(e as Error).message}`);
      }
    }
    const sent = await sendReplay(url, headers, body, replayTimeoutMs);
    return { target: name, ...sent, resigned, edited, ...(note !== undefined && { note }) };
  };

  const stream = (req: IncomingMessage, res: ServerResponse, params: URLSearchParams) => {
    const match = matcher(filterOf(params));
    const last = req.headers["last-event-id"] ?? params.get("after") ?? undefined;
    const after = typeof last === "string" && /^\d{1,15}$/.test(last) ? Number(last) : store.lastId;
    res.writeHead(200, { ...SECURITY_HEADERS, "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" });
    res.socket?.setNoDelay(true);
    streams.add(res);
    let pending = "";
    let queued = false;
    const flush = () => {
      queued = false;
      if (pending === "" || res.writableEnded) return;
      const text = pending;
      pending = "";
      res.write(text);
      if (res.writableLength > MAX_STREAM_BUFFER) res.end(); // a stalled page: it resumes where it stopped
    };
    const push = (text: string) => {
      pending += text;
      if (!queued) {
        queued = true;
        setImmediate(flush);
      }
    };
    const event = (row: Row) => `id: ${row.id}\ndata: ${json(row)}\n\n`;
    let text = "retry: 1000\n\n";
    const backlog: Entry[] = [];
    for (const e of store.oldest(after)) if (match(e)) backlog.push(e);
    if (backlog.length > MAX_BACKLOG) text += `event: reset\ndata: ${json({ missed: backlog.length })}\n\n`;
    else for (const e of backlog) text += event(e.row);
    // Where a resumed page stands even when nothing matched (so its next resume starts from here).
    text += `event: hello\nid: ${store.lastId}\ndata: ${json({ last_id: store.lastId })}\n\n`;
    res.write(text);
    const unsubscribe = store.subscribe((e) => {
      if (match(e)) push(event(e.row));
    });
    const ping = setInterval(() => push(": ping\n\n"), 15_000);
    ping.unref();
    res.on("close", () => {
      unsubscribe();
      clearInterval(ping);
      streams.delete(res);
    });
  };

  const serveFile = async (res: ServerResponse, path: string) => {
    const name = path === "/" ? "index.html" : decodeURIComponent(path.slice(1));
    const type = TYPES[extname(name)];
    const file = normalize(join(uiDir, name));
    if (!type || !/^[\w./-]+$/.test(name) || name.split("/").some((p) => p === ".." || p.startsWith(".")) || !file.startsWith(uiDir + sep)) throw new HttpError(404, "not found");
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      throw new HttpError(404, "not found");
    }
    send(res, 200, content, { "Content-Type": type, "Cache-Control": "no-cache" });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // DNS rebinding: only our own names, with our port.
    const host = (req.headers.host ?? "").toLowerCase();
    if (!hosts.has(host)) throw new HttpError(403, "this inspector answers only to localhost, 127.0.0.1 or [::1] with its port");
    const url = new URL(req.url ?? "/", `http://${host}`);
    const path = url.pathname;

    if (!path.startsWith("/api/")) {
      if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "method not allowed");
      const given = url.searchParams.get("token");
      if (given !== null) {
        if (!sameText(given, token)) throw new HttpError(403, "wrong token: open the URL printed in the terminal");
        url.searchParams.delete("token");
        const clean = url.pathname + (url.searchParams.size ? `?${url.searchParams}` : "");
        send(res, 303, "", {
          Location: clean,
          "Set-Cookie": `${cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`,
        });
        return;
      }
      await serveFile(res, path);
      return;
    }

    // Every API, stream and action request carries the session cookie.
    const cookie = cookies(req.headers.cookie).get(cookieName);
    if (cookie === undefined) throw new HttpError(401, "not signed in: open the URL printed in the terminal (it carries a token)");
    if (!sameText(cookie, session)) throw new HttpError(403, "this session is not valid any more: open the URL printed in the terminal again");

    const parts = path.split("/").filter(Boolean); // ["api", …]
    if (req.method === "POST") {
      const origin = req.headers.origin;
      const site = req.headers["sec-fetch-site"];
      if (typeof origin !== "string" || !origins.has(origin.toLowerCase()) || (site !== undefined && site !== "same-origin")) throw new HttpError(403, "actions are accepted from this inspector's own page only");
      if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) throw new HttpError(415, "actions take a JSON body (Content-Type: application/json)");
      if (parts.length === 4 && parts[1] === "entries" && parts[3] === "replay") {
        const entry = entryOr404(parts[2]!);
        const input = await readJson(req);
        sendJson(res, 200, await replay(entry, input));
        return;
      }
      throw new HttpError(404, "no such action");
    }
    if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "method not allowed");
    const params = url.searchParams;
    const route = parts.slice(1).join("/");
    if (route === "config") {
      sendJson(res, 200, { targets: [...targets].map(([name, u]) => ({ name, url: shownUrl(u) })), resign: options.resign !== undefined, capacity: store.capacity });
    } else if (route === "entries") {
      const match = matcher(filterOf(params));
      const limit = Math.min(MAX_LIMIT, Math.max(1, Number(params.get("limit")) || 200));
      const beforeText = params.get("before");
      const before = beforeText && /^\d+$/.test(beforeText) ? Number(beforeText) : undefined;
      const rows: Row[] = [];
      let matched = 0;
      for (const e of store.newest()) {
        if (!match(e)) continue;
        matched++;
        if (rows.length < limit && (before === undefined || e.id < before)) rows.push(e.row);
      }
      sendJson(res, 200, { rows, matched, total: store.size, last_id: store.lastId });
    } else if (parts.length === 3 && parts[1] === "entries") {
      sendJson(res, 200, detail(entryOr404(parts[2]!)));
    } else if (route === "summary") {
      const match = matcher(filterOf(params));
      sendJson(res, 200, summarize([...store.oldest()].filter(match)));
    } else if (route === "positions") {
      const match = matcher(filterOf(params));
      const points: unknown[] = [];
      for (const e of store.oldest()) {
        if (e.row.positions.length === 0 || !match(e)) continue;
        for (const p of e.row.positions) points.push({ id: e.id, event: e.row.event ?? null, provider: e.row.provider ?? null, ...p });
      }
      sendJson(res, 200, { points });
    } else if (route === "export") {
      const match = matcher(filterOf(params));
      let text = "";
      for (const e of store.oldest()) if (match(e)) text += json(e.record) + "\n";
      send(res, 200, text, { "Content-Type": "application/x-ndjson; charset=utf-8", "Content-Disposition": 'attachment; filename="telematics-events.ndjson"' });
    } else if (route === "stream") {
      stream(req, res, params);
    } else {
      throw new HttpError(404, "no such API");
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof Error ? e.message : String(e);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if ((req.url ?? "").startsWith("/api/")) sendJson(res, status, { error: message });
      else send(res, status, message + "\n", { "Content-Type": "text/plain; charset=utf-8" });
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(e.code === "EADDRINUSE" ? new Error(`port ${options.port ?? DEFAULT_PORT} is already in use (give --port, or 0 for a free one)`) : e);
    };
    server.once("error", onError);
    server.listen(options.port ?? DEFAULT_PORT, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
  port = (server.address() as { port: number }).port;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  origins = new Set([...hosts].map((h) => `http://${h}`));
  cookieName = `telematics_inspect_${port}`;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    store,
    add: (record, extras) => store.add(record, extras),
    async close() {
      for (const res of streams) res.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
