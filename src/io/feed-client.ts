/**
 * One connection to a real-time feed over `ws`: Socket.IO over Engine.IO v3 or v4, or plain JSON
 * frames. Reconnecting is the caller's business (tail): a session ends with a reason, and an
 * authentication failure ends it with an AuthError that must not be retried.
 *
 * Engine.IO v3 (Socket.IO 2.x, what Automatic ran): the client pings every pingInterval and
 * expects a pong within pingTimeout; the server sends `40` by itself; errors are `44"text"`.
 * Engine.IO v4 (Socket.IO 3+): the server pings and the client answers; the client sends `40`
 * (or `40{auth}`) and gets `40{"sid"}` or `44{"message"}`. `auto` connects with EIO=4 and reads
 * the open packet: only protocol-4 servers send `maxPayload` (a 2.x server ignores EIO and
 * speaks v3 whatever is asked).
 */
import { createRequire } from "node:module";
import type WebSocketModule from "ws";
import {
  decodeEio,
  decodeSio,
  encodeEio,
  encodeSio,
  errorMessage,
  eventOf,
  feedUrl,
  parseOpen,
  redactUrl,
} from "../core/socketio/codec.js";

// Loaded with require: ws is CommonJS, and importing it from ESM first runs node's CommonJS
// export scanner over it (about 10 ms of tail's start-up).
const WebSocket = createRequire(import.meta.url)("ws") as typeof WebSocketModule;

export class AuthError extends Error {
  override readonly name = "AuthError";
}

export interface FeedClientOptions {
  url: string;
  protocol: "auto" | "socket.io" | "raw";
  eio: "auto" | 3 | 4;
  /** Socket.IO namespace, "/" by default. */
  namespace: string;
  /** Socket.IO path, default /socket.io/ (when the URL has no path). */
  path?: string;
  /** Sent as the `token` query parameter (Automatic style) and, on v4, in the CONNECT auth. */
  token?: string;
  headers: Record<string, string>;
  connectTimeoutMs: number;
  /** Raw mode: websocket ping interval used to detect a dead link. */
  rawHeartbeatMs: number;
}

export interface SessionHandlers {
  onConnected(info: { protocol: "socket.io" | "raw"; eio?: 3 | 4 }): void;
  /**
   * One event. `name`: the Socket.IO event name, or the payload's `type` for raw frames (may be
   * undefined). `text`: the payload's JSON text as received, when the frame held exactly one event
   * (raw mode). Arguments rather than an object: this runs for every event of a busy feed.
   */
  onEvent(name: string | undefined, payload: unknown, text: string | undefined): void;
  onWarning(message: string): void;
}

export interface SessionEnd {
  /** One line: why the connection ended. */
  reason: string;
  /** Whether the feed was ever connected in this session. */
  connected: boolean;
  /** Set for failures that must not be retried (authentication). */
  fatal?: Error;
}

export interface FeedSession {
  ended: Promise<SessionEnd>;
  close(): void;
}

function describeError(err: Error & { code?: string }, url: string): string {
  const where = redactUrl(url);
  if (err.code === "ECONNREFUSED") return `connection refused (${where})`;
  if (err.code === "ENOTFOUND" || err.code === "EAI_AGAIN") return `host not found (${where})`;
  if (err.code === "ECONNRESET") return "connection reset by the server";
  return err.message.replaceAll(url, where);
}

export function connectFeed(options: FeedClientOptions, handlers: SessionHandlers): FeedSession {
  const wantsSio = options.protocol !== "raw";
  const requestedEio = options.eio === "auto" ? 4 : options.eio;
  const url = wantsSio
    ? feedUrl(options.url, { protocol: "socket.io", eio: requestedEio, ...(options.token !== undefined && { token: options.token }), ...(options.path && { path: options.path }) })
    : feedUrl(options.url, { protocol: "raw", eio: 4, ...(options.token !== undefined && { token: options.token }) });
  const href = url.toString();

  let resolveEnd!: (end: SessionEnd) => void;
  const ended = new Promise<SessionEnd>((r) => (resolveEnd = r));
  let done = false;
  let connected = false;
  let mode: "unknown" | "socket.io" | "raw" = options.protocol === "raw" ? "raw" : "unknown";
  let eio: 3 | 4 = requestedEio;
  const timers = new Set<NodeJS.Timeout>();
  let heartbeat: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;

  const ws = new WebSocket(href, { headers: options.headers, handshakeTimeout: options.connectTimeoutMs, perMessageDeflate: false });

  const finish = (end: Omit<SessionEnd, "connected">) => {
    if (done) return;
    done = true;
    for (const t of timers) clearTimeout(t);
    if (heartbeat) clearTimeout(heartbeat);
    if (pingTimer) clearInterval(pingTimer);
    try {
      ws.terminate();
    } catch {
      // already closed
    }
    resolveEnd({ ...end, connected });
  };

  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
    return t;
  };

  const connectStarted = Date.now();
  const connectTimer = later(options.connectTimeoutMs, () => finish({ reason: `no answer from the feed within ${options.connectTimeoutMs} ms` }));

  const markConnected = (info: { protocol: "socket.io" | "raw"; eio?: 3 | 4 }) => {
    if (connected) return;
    connected = true;
    clearTimeout(connectTimer);
    timers.delete(connectTimer);
    handlers.onConnected(info);
  };

  /** Raw JSON frames from here on: connected, and websocket pings to notice a dead link. */
  const startRaw = () => {
    mode = "raw";
    markConnected({ protocol: "raw" });
    if (pingTimer) return;
    let waiting = false;
    pingTimer = setInterval(() => {
      if (waiting) {
        finish({ reason: `no pong within ${options.rawHeartbeatMs} ms: the link is dead` });
        return;
      }
      waiting = true;
      ws.ping();
    }, options.rawHeartbeatMs);
    ws.on("pong", () => (waiting = false));
  };

  /** Resets the dead-link deadline; called on every sign of life from the server. */
  const alive = (ms: number) => {
    if (heartbeat) clearTimeout(heartbeat);
    heartbeat = setTimeout(() => finish({ reason: `no heartbeat from the feed for ${ms} ms: the link is dead` }), ms);
  };

  /** A raw text frame: one JSON value (an object, or an array of events), or NDJSON lines. */
  const raw = (text: string) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ndjsonFrame(text, handlers);
      return;
    }
    if (!Array.isArray(value)) handlers.onEvent(typeOfPayload(value), value, text);
    else for (const payload of value) handlers.onEvent(typeOfPayload(payload), payload, undefined);
  };

  const sioMessage = (data: string) => {
    const packet = decodeSio(data);
    if (typeof packet === "string") {
      handlers.onWarning(packet);
      return;
    }
    if (packet.nsp !== options.namespace) return;
    switch (packet.type) {
      case "connect":
        markConnected({ protocol: "socket.io", eio });
        return;
      case "connect_error":
        finish({ reason: `the feed refused the connection: ${errorMessage(packet)}`, fatal: new AuthError(`the feed refused the connection: ${errorMessage(packet)}`) });
        return;
      case "disconnect":
        finish({ reason: "the server closed the Socket.IO namespace" });
        return;
      case "event": {
        const ev = eventOf(packet);
        if (ev) handlers.onEvent(ev.name, ev.payload, undefined);
        if (packet.id !== undefined) ws.send(encodeEio("message", encodeSio({ type: "ack", nsp: packet.nsp, id: packet.id, data: [] })));
        return;
      }
      case "binary_event":
      case "binary_ack":
        handlers.onWarning("binary Socket.IO packets are not supported; one was skipped");
        return;
      default:
        return;
    }
  };

  ws.on("message", (buf: WebSocketModule.RawData, isBinary: boolean) => {
    if (done) return;
    // Every frame from a v4 server is a sign of life; pings reset the deadline explicitly too.
    if (mode === "socket.io" && eio === 4 && heartbeat) heartbeat.refresh();
    if (isBinary) {
      handlers.onWarning("a binary frame was skipped (only text frames carry events)");
      return;
    }
    const text = buf.toString();
    if (mode === "raw") {
      raw(text);
      return;
    }
    const packet = decodeEio(text);
    if (mode === "unknown") {
      const open = packet?.type === "open" ? parseOpen(packet.data) : undefined;
      if (!open) {
        if (options.protocol === "socket.io") {
          // Asked for explicitly and not spoken: a setting to change, not a link to retry.
          const why = "the server does not speak Socket.IO (its first frame is not an Engine.IO open packet); try --protocol raw";
          finish({ reason: why, fatal: new Error(why) });
          return;
        }
        startRaw();
        raw(text);
        return;
      }
      mode = "socket.io";
      if (options.eio === "auto") eio = open.maxPayload !== undefined ? 4 : 3;
      if (eio === 4) {
        const auth = options.token !== undefined ? { token: options.token } : undefined;
        ws.send(encodeEio("message", encodeSio({ type: "connect", nsp: options.namespace, ...(auth && { data: auth }) })));
        alive(open.pingInterval + open.pingTimeout);
      } else {
        if (options.namespace !== "/") ws.send(encodeEio("message", encodeSio({ type: "connect", nsp: options.namespace })));
        let awaitingPong: NodeJS.Timeout | undefined;
        pingTimer = setInterval(() => {
          ws.send(encodeEio("ping"));
          if (!awaitingPong) awaitingPong = later(open.pingTimeout, () => finish({ reason: `no pong within ${open.pingTimeout} ms: the link is dead` }));
        }, open.pingInterval);
        const onPong = () => {
          if (awaitingPong) {
            clearTimeout(awaitingPong);
            timers.delete(awaitingPong);
            awaitingPong = undefined;
          }
        };
        pongHandler = onPong;
      }
      return;
    }
    if (!packet) {
      handlers.onWarning(`unreadable Engine.IO frame: ${text.slice(0, 40)}`);
      return;
    }
    switch (packet.type) {
      case "ping":
        ws.send(encodeEio("pong", packet.data));
        return;
      case "pong":
        pongHandler?.();
        return;
      case "message":
        sioMessage(packet.data);
        return;
      case "close":
        finish({ reason: "the server closed the connection" });
        return;
      default:
        return;
    }
  });
  let pongHandler: (() => void) | undefined;

  ws.on("open", () => {
    if (mode === "raw") startRaw();
    else if (options.protocol === "auto") {
      // A Socket.IO server speaks first (its open packet); a raw feed may stay quiet until it has
      // an event. Silence after the upgrade means raw, judged well before the connect timeout
      // fires (at the same moment, the timeout won: a short --connect-timeout never saw raw).
      const left = options.connectTimeoutMs - (Date.now() - connectStarted);
      later(Math.max(0, Math.min(AUTO_RAW_AFTER_MS, left / 2)), () => {
        if (mode === "unknown") startRaw();
      });
    }
  });

  ws.on("unexpected-response", (_req, res) => {
    const status = res.statusCode ?? 0;
    if (status === 401 || status === 403) {
      finish({ reason: `the feed refused the connection: HTTP ${status}`, fatal: new AuthError(`the feed refused the connection: HTTP ${status} ${res.statusMessage ?? ""}`.trim()) });
    } else {
      finish({ reason: `the feed answered the websocket upgrade with HTTP ${status}` });
    }
  });
  ws.on("error", (err) => finish({ reason: describeError(err, href) }));
  ws.on("close", (code, why) => {
    // 4401 and 4403 are the websocket counterparts of HTTP 401 and 403: retrying cannot help.
    if (code === 4401 || code === 4403) {
      const message = `the feed refused the connection: close code ${code}${why.length ? ` ${why.toString()}` : ""}`;
      finish({ reason: message, fatal: new AuthError(message) });
      return;
    }
    finish({ reason: code === 1000 ? "the server closed the connection" : code === 1006 ? "the connection dropped without a close frame" : `the connection closed (code ${code})` });
  });

  return {
    ended,
    close: () => finish({ reason: "closed" }),
  };
}

/** In auto mode, a websocket that says nothing for this long after opening is a raw feed. */
const AUTO_RAW_AFTER_MS = 1_500;

/** A frame that is not one JSON value: NDJSON lines, each an event; a line that is not JSON is said. */
function ndjsonFrame(text: string, handlers: SessionHandlers): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    let payload: unknown;
    try {
      payload = JSON.parse(line);
    } catch {
      handlers.onWarning(`frame line ${i + 1} is not JSON: ${line.slice(0, 60)}`);
      continue;
    }
    handlers.onEvent(typeOfPayload(payload), payload, undefined);
  }
}

function typeOfPayload(payload: unknown): string | undefined {
  const type = payload && typeof payload === "object" ? (payload as { type?: unknown }).type : undefined;
  return typeof type === "string" ? type : undefined;
}
