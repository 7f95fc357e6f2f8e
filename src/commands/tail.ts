import { createHash } from "node:crypto";
import { backoffDelay } from "../core/backoff.js";
import { formatDuration, parseDuration } from "../core/duration.js";
import { isoFormatter } from "../core/iso-time.js";
import { EXIT, CheckFailed, UsageError } from "../core/errors.js";
import type { EventFacts } from "../core/events/facts.js";
import { feedRecordLine, oneLineJson } from "../core/events/record.js";
import { eventFilter } from "../core/glob.js";
import { RecentDeliveries } from "../core/webhook/recent.js";
import type { Context, GlobalOptions } from "../context.js";
import { headerFlags, integer, oneOf } from "./options.js";

export interface TokenFlags {
  token?: string;
  clientId?: string;
  clientSecret?: string;
}

export interface TailFlags extends GlobalOptions, TokenFlags {
  args?: string[];
  header?: string[];
  protocol?: string;
  eio?: string;
  namespace?: string;
  path?: string;
  events?: string;
  max?: string;
  save?: string;
  lateAfter?: string;
  reconnect?: boolean;
  reconnectMax?: string;
  connectTimeout?: string;
  verbose?: boolean;
}

/** The feed token: --token ID:SECRET, or --client-id with --client-secret, or TELEMATICS_FEED_TOKEN. */
export function feedToken(flags: TokenFlags, ctx: Context): string | undefined {
  if (flags.token !== undefined && (flags.clientId !== undefined || flags.clientSecret !== undefined)) {
    throw new UsageError("give either --token or --client-id with --client-secret, not both");
  }
  if (flags.clientId !== undefined || flags.clientSecret !== undefined) {
    if (flags.clientId === undefined) throw new UsageError("--client-secret needs --client-id");
    if (flags.clientSecret === undefined) throw new UsageError("--client-id needs --client-secret");
    ctx.out.addSecret(flags.clientSecret);
    return `${flags.clientId}:${flags.clientSecret}`;
  }
  const token = flags.token ?? ctx.env.TELEMATICS_FEED_TOKEN;
  if (token === "") throw new UsageError("--token is empty");
  return token;
}

function duration(flag: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const ms = parseDuration(value, "s");
  if (ms === undefined || ms < 0) throw new UsageError(`${flag} ${value}: expected a duration such as 30s, 5m or 250ms`);
  return ms;
}

interface Stats {
  byType: Map<string, { events: number; duplicates: number; late: number }>;
  reconnects: number;
}

/** A connection that lasted this long resets the reconnect backoff. */
const STABLE_MS = 10_000;

export async function run(flags: TailFlags, ctx: Context): Promise<number> {
  const { out } = ctx;
  const url = flags.args?.[0] ?? ctx.env.TELEMATICS_FEED_URL;
  if (!url) throw new UsageError("give the feed URL: telematics tail URL (or TELEMATICS_FEED_URL)");
  const { redactUrl } = await import("../core/socketio/codec.js");
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // not a URL: said below
  }
  if (!parsed) throw new UsageError(`${JSON.stringify(redactUrl(url))} is not a valid URL (expected ws://, wss://, http:// or https://)`);
  if (!["ws:", "wss:", "http:", "https:"].includes(parsed.protocol)) {
    throw new UsageError(`${JSON.stringify(redactUrl(url))} is not a ws://, wss://, http:// or https:// URL`);
  }
  if (parsed.hash) throw new UsageError(`${JSON.stringify(redactUrl(url))}: a feed URL has no #fragment (remove ${JSON.stringify(parsed.hash)})`);
  const protocol = oneOf("--protocol", flags.protocol ?? "auto", ["auto", "socket.io", "raw"] as const)!;
  const eioFlag = oneOf("--eio", flags.eio ?? "auto", ["auto", "3", "4"] as const)!;
  const eio = eioFlag === "auto" ? "auto" : (Number(eioFlag) as 3 | 4);
  const namespace = flags.namespace ?? "/";
  if (!namespace.startsWith("/")) throw new UsageError(`--namespace ${namespace}: must start with /`);
  const max = integer("--max", flags.max, 1);
  const lateAfterMs = duration("--late-after", flags.lateAfter, 5 * 60_000);
  const reconnectMaxMs = duration("--reconnect-max", flags.reconnectMax, 30_000);
  const connectTimeoutMs = duration("--connect-timeout", flags.connectTimeout, 10_000);
  const headers = headerFlags(flags.header);
  for (const [name, value] of Object.entries(headers)) if (/authorization|token|key|secret/i.test(name)) out.addSecret(value);
  const token = feedToken(flags, ctx);
  if (token !== undefined) {
    out.addSecret(token);
    out.addSecret(encodeURIComponent(token));
    const secret = token.includes(":") ? token.slice(token.indexOf(":") + 1) : token;
    out.addSecret(secret);
  }
  const wanted = eventFilter(flags.events);

  const [{ connectFeed }, schemas, facts, render, eventLog] = await Promise.all([
    import("../io/feed-client.js"),
    import("../core/schemas/detect.js"),
    import("../core/events/facts.js"),
    import("../io/render.js"),
    flags.save ? import("../io/event-log.js") : undefined,
  ]);
  let log: Awaited<ReturnType<NonNullable<typeof eventLog>["openEventLog"]>> | undefined;
  if (flags.save && eventLog) {
    try {
      log = await eventLog.openEventLog(flags.save);
    } catch (e) {
      throw new UsageError(`--save ${(e as Error).message}`);
    }
  }

  const stats: Stats = { byType: new Map(), reconnects: 0 };
  const recent = new RecentDeliveries(50_000);
  let printed = 0;
  /** The last event printed (time and id), for the gap report after a reconnect. */
  let lastAt: number | undefined;
  let lastId: string | undefined;
  let offlineSince: number | undefined;

  let resolveStop!: (code: number) => void;
  const stopped = new Promise<number>((r) => (resolveStop = r));
  let stopCode: number | undefined;
  const stop = (code: number) => {
    if (stopCode === undefined) {
      stopCode = code;
      resolveStop(code);
    }
  };
  const onSigint = () => stop(EXIT.interrupted);
  const onSigterm = () => stop(EXIT.ok);
  process.once("SIGINT", onSigint);
  process.once("SIGTERM", onSigterm);

  const typeStats = (name: string) => {
    let s = stats.byType.get(name);
    if (!s) stats.byType.set(name, (s = { events: 0, duplicates: 0, late: 0 }));
    return s;
  };

  let saveError: Error | undefined;
  // Receipt times and event times each keep their own memory of the last second formatted.
  const iso = isoFormatter();
  const eventIso = isoFormatter();
  const handleEvent = (name: string | undefined, payload: unknown, text: string | undefined) => {
    if (stopCode !== undefined) return;
    const receivedAt = ctx.now();
    const ref = schemas.detectEvent(payload);
    const type = name ?? ref?.event ?? "(unknown)";
    if (!wanted(type)) return;
    // --json needs only the id and time; the who/summary text is for people.
    const f: EventFacts = out.json ? facts.eventIdentity(ref, payload) : facts.eventFacts(ref, payload);
    // A Socket.IO event without arguments has no payload: it is recorded as null.
    const body = oneLineJson(text, payload ?? null);
    const key = f.id ?? "sha256:" + createHash("sha256").update(body).digest("hex");
    const s = typeStats(type);
    const earlier = recent.seen(key, iso(receivedAt));
    if (earlier !== undefined) {
      s.duplicates++;
      out.info(out.chalk.dim(`${type} dropped: ${render.duplicateWarning(earlier, f.id ? { id: f.id } : { hash: true })}`));
      return;
    }
    s.events++;
    const lateBy = f.time !== undefined ? receivedAt - f.time : undefined;
    const late = lateBy !== undefined && lateBy > lateAfterMs;
    if (late) s.late++;
    lastAt = receivedAt;
    lastId = f.id;
    const line = feedRecordLine(iso(receivedAt), body, ref?.provider, type, f.id, f.time !== undefined ? eventIso(f.time) : undefined, late ? lateBy : undefined);
    if (log) {
      log.appendLine(line).catch((e: Error) => {
        if (!saveError) out.error(`--save: ${e.message}`);
        saveError = e;
      });
    }
    if (out.json) out.jsonLine(line);
    else {
      render.renderEvent(out, {
        receivedAt,
        source: "feed",
        ...(ref && { provider: ref.provider }),
        event: type,
        ...(f.who && { who: f.who }),
        ...(f.summary && { summary: f.summary }),
        ...(f.id && { id: f.id }),
        warnings: late ? [render.lateWarning(lateBy!, f.time!)] : [],
        ...(flags.verbose && { body: payload }),
      }, { verbose: flags.verbose === true });
    }
    printed++;
    if (max !== undefined && printed >= max) stop(EXIT.ok);
  };

  let attempt = 0;
  /** When the current connection came up: the backoff starts over only after one that lasted. */
  let connectedAt: number | undefined;
  let everConnected = false;
  let exitCode: number = EXIT.ok;
  const shownUrl = redactUrl(url);
  try {
    for (;;) {
      const session = connectFeed(
        { url, protocol, eio, namespace, ...(flags.path && { path: flags.path }), ...(token !== undefined && { token }), headers, connectTimeoutMs, rawHeartbeatMs: 20_000 },
        {
          onConnected: (info) => {
            connectedAt = ctx.now();
            const how = info.protocol === "raw" ? "raw JSON frames" : `Socket.IO, Engine.IO v${info.eio}`;
            if (offlineSince !== undefined && everConnected) {
              const gap = ctx.now() - offlineSince;
              out.info(out.chalk.yellow(`reconnected after ${formatDuration(gap)} offline`) + (lastAt !== undefined ? `; last event before the gap at ${new Date(lastAt).toISOString()}${lastId ? ` (${lastId})` : ""}` : "") + "; events sent during the gap are not replayed");
              offlineSince = undefined;
            } else {
              out.info(`connected to ${shownUrl} (${how})`);
              offlineSince = undefined;
            }
            everConnected = true;
          },
          onEvent: handleEvent,
          onWarning: (m) => out.warn(m),
        },
      );
      const winner = await Promise.race([session.ended, stopped.then(() => undefined)]);
      if (winner === undefined) {
        session.close();
        break;
      }
      const end = winner;
      if (stopCode !== undefined) break;
      if (end.fatal) {
        out.error(end.fatal.message);
        exitCode = EXIT.failed;
        break;
      }
      if (flags.reconnect === false) {
        throw new CheckFailed(`${end.connected ? "feed connection lost" : "cannot connect to the feed"}: ${end.reason}`);
      }
      if (offlineSince === undefined) offlineSince = ctx.now();
      // A server that accepts and then drops at once must not be hammered: the attempts count on
      // until a connection has stayed up for a while.
      if (connectedAt !== undefined && ctx.now() - connectedAt >= STABLE_MS) attempt = 0;
      connectedAt = undefined;
      const delay = backoffDelay(attempt, { baseMs: 500, capMs: reconnectMaxMs });
      attempt++;
      stats.reconnects++;
      out.info(out.chalk.yellow(`${end.connected ? "connection lost" : "cannot connect"}: ${end.reason}; reconnecting in ${formatDuration(delay)} (attempt ${attempt})`));
      // The wait ends at Ctrl-C too, and its timer with it (else the process lingers until it fires).
      let timer: NodeJS.Timeout | undefined;
      const t = await Promise.race([new Promise((r) => (timer = setTimeout(r, delay, "retry"))), stopped]);
      clearTimeout(timer);
      if (t !== "retry") break;
    }
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigterm);
    await log?.close(); // waits for the appends still being written
  }
  if (stopCode !== undefined) exitCode = stopCode;
  if (saveError && exitCode === EXIT.ok) exitCode = EXIT.failed;
  // The summary: at Ctrl-C always; at a normal end only for people (--json output is data).
  if (exitCode === EXIT.interrupted || (stats.byType.size > 0 && !out.json)) {
    const { renderTable } = await import("../io/table.js");
    const rows = [...stats.byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, s]) => [type, s.events, s.duplicates, s.late] as const);
    const sum = (i: 1 | 2 | 3) => rows.reduce((n, r) => n + r[i], 0);
    const total = ["total", sum(1), sum(2), sum(3)] as const;
    out.info(renderTable(out, ["event", "events", "duplicates dropped", "late"], [...rows, total]));
    out.info(`reconnects: ${stats.reconnects}`);
  }
  return exitCode;
}
