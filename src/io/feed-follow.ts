/**
 * Following a feed: connect (src/io/feed-client.ts), read events until the connection ends, then
 * reconnect with jittered exponential backoff — the attempts count on until a connection has stayed
 * up for a while, so a server that accepts and drops at once is not hammered — until stopped, or an
 * authentication failure (not retried), or a drop with reconnecting off.
 */
import { backoffDelay } from "../core/backoff.js";
import { stopped } from "../context.js";
import { connectFeed, type FeedClientOptions, type SessionHandlers } from "./feed-client.js";

/** A connection that lasted this long resets the reconnect backoff. */
const STABLE_MS = 10_000;

export interface FollowOptions {
  client: FeedClientOptions;
  reconnect: boolean;
  reconnectMaxMs: number;
  signal: AbortSignal;
  now: () => number;
}

export interface FollowHandlers extends Omit<SessionHandlers, "onConnected"> {
  /** Connected; after a reconnect, `offlineMs` says for how long the feed was lost. */
  onConnected(info: { protocol: "socket.io" | "raw"; eio?: 3 | 4 }, offlineMs: number | undefined): void;
  onLost(reason: string, connected: boolean, delayMs: number, attempt: number): void;
}

export type FollowEnd = { kind: "stopped"; reconnects: number } | { kind: "fatal"; message: string; reconnects: number } | { kind: "dropped"; message: string; reconnects: number };

export async function follow(o: FollowOptions, handlers: FollowHandlers): Promise<FollowEnd> {
  let attempt = 0;
  let reconnects = 0;
  let connectedAt: number | undefined;
  let everConnected = false;
  let offlineSince: number | undefined;
  const stop = stopped(o.signal).then(() => undefined);
  for (;;) {
    const session = connectFeed(o.client, {
      onConnected: (info) => {
        connectedAt = o.now();
        handlers.onConnected(info, offlineSince !== undefined && everConnected ? o.now() - offlineSince : undefined);
        offlineSince = undefined;
        everConnected = true;
      },
      onEvent: handlers.onEvent,
      onWarning: handlers.onWarning,
    });
    const end = await Promise.race([session.ended, stop]);
    if (end === undefined || o.signal.aborted) {
      session.close();
      return { kind: "stopped", reconnects };
    }
    if (end.fatal) return { kind: "fatal", message: end.fatal.message, reconnects };
    if (!o.reconnect) return { kind: "dropped", message: `${end.connected ? "feed connection lost" : "cannot connect to the feed"}: ${end.reason}`, reconnects };
    offlineSince ??= o.now();
    if (connectedAt !== undefined && o.now() - connectedAt >= STABLE_MS) attempt = 0;
    connectedAt = undefined;
    const delay = backoffDelay(attempt, { baseMs: 500, capMs: o.reconnectMaxMs });
    attempt++;
    reconnects++;
    handlers.onLost(end.reason, end.connected, delay, attempt);
    // The wait ends at a stop too, and its timer with it (else the process lingers until it fires).
    let timer: NodeJS.Timeout | undefined;
    const t = await Promise.race([new Promise((r) => (timer = setTimeout(r, delay, "retry"))), stop]);
    clearTimeout(timer);
    if (t !== "retry") return { kind: "stopped", reconnects };
  }
}
