/**
 * A local real-time feed, so users can build and test a consumer offline and our tests have a
 * misbehaving peer. Socket.IO mode runs the `socket.io` v4 server with `allowEIO3`, so clients of
 * both generations (Socket.IO 2.x / Engine.IO v3, as Automatic ran, and 3+ / v4) connect; raw mode
 * sends each event as one JSON text frame on a plain `ws` server.
 *
 * Events go out at `rate` per second while at least one client is connected. Faults for testing a
 * consumer: close every connection after each `dropEvery` events, send an event twice with
 * probability `duplicateRate`, or make it hours old with probability `lateRate`.
 */
import { shiftToNow } from "../core/send/refresh.js";
import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { timingSafeEqual, createHash } from "node:crypto";

export interface FeedItem {
  /** Event name (Socket.IO event, e.g. trip:finished). */
  name: string;
  payload: Record<string, unknown>;
  /** Whose event it is (zubie, uber, events-push, automatic): how its times are moved. */
  provider?: string;
}

export interface FeedServerOptions {
  host: string;
  port: number;
  protocol: "socket.io" | "raw";
  /** Expected `token` (client_id:client_secret); undefined accepts everyone. */
  token?: string;
  namespace: string;
  /** Events per second. */
  rate: number;
  /** Called for each event index to produce what to send; undefined when the source is exhausted. */
  next(index: number): FeedItem | undefined;
  dropEvery?: number;
  duplicateRate: number;
  lateRate: number;
  random: () => number;
  now: () => number;
}

export interface SentEvent {
  index: number;
  name: string;
  id?: string;
  duplicate: boolean;
  late: boolean;
  clients: number;
}

export interface FeedServerHandlers {
  onSent(event: SentEvent): void;
  onClient(change: { connected: boolean; clients: number; refused?: string }): void;
  onDrop(clients: number): void;
  onExhausted(): void;
}

function tokenOk(expected: string | undefined, given: unknown): boolean {
  if (expected === undefined) return true;
  if (typeof given !== "string") return false;
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.toLowerCase().startsWith("bearer ") ? h.slice(7).trim() : undefined;
}

export class FeedServer {
  private http?: HttpServer;
  private sent = 0;
  private ticker?: NodeJS.Timeout;
  private clients = 0;
  private exhausted = false;
  private closeAll: () => void = () => {};
  private broadcast: (item: FeedItem) => void = () => {};
  private shutdown: () => Promise<void> = async () => {};

  constructor(private readonly options: FeedServerOptions, private readonly handlers: FeedServerHandlers) {}

  async start(): Promise<AddressInfo> {
    const http = createServer((_req, res) => {
      res.writeHead(426, { "content-type": "application/json" }).end(JSON.stringify({ error: "this is a websocket feed; connect with a websocket client (telematics tail)" }));
    });
    this.http = http;
    const o = this.options;
    if (o.protocol === "socket.io") {
      const { Server } = await import("socket.io");
      const io = new Server(http, { allowEIO3: true, serveClient: false, cors: { origin: "*" } });
      const nsp = io.of(o.namespace);
      nsp.use((socket, next) => {
        const header = socket.handshake.headers.authorization;
        const bearerToken = typeof header === "string" && header.toLowerCase().startsWith("bearer ") ? header.slice(7).trim() : undefined;
        const given = socket.handshake.query.token ?? (socket.handshake.auth as { token?: unknown }).token ?? bearerToken;
        if (tokenOk(o.token, given)) return next();
        this.handlers.onClient({ connected: false, clients: this.clients, refused: "wrong or missing token" });
        next(new Error("Unauthorized client."));
      });
      nsp.on("connection", (socket) => {
        this.connected(+1);
        socket.on("disconnect", () => this.connected(-1));
      });
      this.broadcast = (item) => nsp.emit(item.name, item.payload);
      this.closeAll = () => nsp.disconnectSockets(true);
      this.shutdown = () => new Promise((resolve) => io.close(() => resolve()));
    } else {
      const { WebSocketServer } = await import("ws");
      const wss = new WebSocketServer({
        server: http,
        verifyClient: (info, cb) => {
          const url = new URL(info.req.url ?? "/", "http://x");
          const ok = tokenOk(o.token, url.searchParams.get("token") ?? bearer(info.req));
          if (!ok) this.handlers.onClient({ connected: false, clients: this.clients, refused: "wrong or missing token" });
          cb(ok, 401, "Unauthorized");
        },
      });
      wss.on("connection", (ws) => {
        this.connected(+1);
        ws.on("close", () => this.connected(-1));
        ws.on("error", () => {});
      });
      this.broadcast = (item) => {
        const text = JSON.stringify(item.payload);
        for (const c of wss.clients) if (c.readyState === c.OPEN) c.send(text);
      };
      this.closeAll = () => {
        for (const c of wss.clients) c.terminate();
      };
      this.shutdown = () =>
        new Promise((resolve) => {
          for (const c of wss.clients) c.terminate();
          wss.close(() => resolve());
        });
    }
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(o.port, o.host, () => resolve());
    });
    return http.address() as AddressInfo;
  }

  private connected(delta: number): void {
    this.clients += delta;
    this.handlers.onClient({ connected: delta > 0, clients: this.clients });
    if (this.clients > 0 && !this.ticker && !this.exhausted) this.schedule();
    if (this.clients === 0 && this.ticker) {
      clearTimeout(this.ticker);
      this.ticker = undefined;
    }
  }

  private schedule(): void {
    this.ticker = setTimeout(() => {
      this.ticker = undefined;
      this.tick();
      if (this.clients > 0 && !this.exhausted) this.schedule();
    }, 1000 / this.options.rate);
  }

  private tick(): void {
    const o = this.options;
    const item = o.next(this.sent);
    if (!item) {
      this.exhausted = true;
      this.handlers.onExhausted();
      return;
    }
    const index = this.sent++;
    let payload = item.payload;
    const late = o.lateRate > 0 && o.random() < o.lateRate;
    if (late) {
      // Every time in the event moves back together, in the provider's own formats.
      const hoursAgo = 1 + Math.floor(o.random() * 47);
      payload = shiftToNow(item.provider ?? "", payload, o.now() - hoursAgo * 3_600_000) as Record<string, unknown>;
    }
    const sent = { name: item.name, payload };
    this.broadcast(sent);
    const id = typeof payload.id === "string" ? payload.id : undefined;
    this.handlers.onSent({ index, name: item.name, ...(id && { id }), duplicate: false, late, clients: this.clients });
    if (o.duplicateRate > 0 && o.random() < o.duplicateRate) {
      this.broadcast(sent);
      this.handlers.onSent({ index, name: item.name, ...(id && { id }), duplicate: true, late, clients: this.clients });
    }
    if (o.dropEvery && this.sent % o.dropEvery === 0) {
      this.handlers.onDrop(this.clients);
      // Let the frames already written reach the client before the connection is cut.
      setTimeout(() => this.closeAll(), 20);
    }
  }

  async stop(): Promise<void> {
    if (this.ticker) clearTimeout(this.ticker);
    this.ticker = undefined;
    await this.shutdown();
    await new Promise<void>((resolve) => (this.http?.listening ? this.http.close(() => resolve()) : resolve()));
    this.http?.closeAllConnections?.();
  }
}
