/**
 * `telematics tail URL`: follows a feed (src/io/feed-follow.ts), decides about each event in core
 * (src/core/feed/decide.ts), prints it or its NDJSON record, saves it, and prints a summary.
 */
import { formatDuration } from "../../core/duration.js";
import { EXIT, CheckFailed, UsageError } from "../../core/errors.js";
import { eventFilter } from "../../core/glob.js";
import { stopCode, type Context } from "../../context.js";
import { within } from "../../io/files.js";
import type { CommandInput } from "../spec.js";
import type { TAIL_OPTIONS } from "./spec.js";

type TailInput = CommandInput<typeof TAIL_OPTIONS>;

export interface TokenValues {
  token?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
}

/** The feed token: --token ID:SECRET, or --client-id with --client-secret (or TELEMATICS_FEED_TOKEN). */
export function feedToken(v: TokenValues, ctx: Context): string | undefined {
  if (v.token !== undefined && (v.clientId !== undefined || v.clientSecret !== undefined)) {
    throw new UsageError("give either --token or --client-id with --client-secret, not both");
  }
  if (v.clientId !== undefined || v.clientSecret !== undefined) {
    if (v.clientId === undefined) throw new UsageError("--client-secret needs --client-id");
    if (v.clientSecret === undefined) throw new UsageError("--client-id needs --client-secret");
    ctx.out.addSecret(v.clientSecret);
    return `${v.clientId}:${v.clientSecret}`;
  }
  return v.token;
}

export async function run(input: TailInput, ctx: Context): Promise<number> {
  const { out } = ctx;
  const v = input.values;
  const url = input.args[0] ?? v.url;
  if (!url) throw new UsageError("give the feed URL: telematics tail URL (or TELEMATICS_FEED_URL)");
  const { redactUrl } = await import("../../core/socketio/codec.js");
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // not a URL: said below
  }
  if (!parsed) throw new UsageError(`${JSON.stringify(redactUrl(url))} is not a valid URL (expected ws://, wss://, http:// or https://)`);
  if (!["ws:", "wss:", "http:", "https:"].includes(parsed.protocol)) throw new UsageError(`${JSON.stringify(redactUrl(url))} is not a ws://, wss://, http:// or https:// URL`);
  if (parsed.hash) throw new UsageError(`${JSON.stringify(redactUrl(url))}: a feed URL has no #fragment (remove ${JSON.stringify(parsed.hash)})`);
  const headers: Record<string, string> = {};
  for (const line of v.header ?? []) {
    const at = line.indexOf(":");
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  for (const [name, value] of Object.entries(headers)) if (/authorization|token|key|secret/i.test(name)) out.addSecret(value);
  const token = feedToken(v, ctx);
  if (token !== undefined) {
    out.addSecret(token);
    out.addSecret(encodeURIComponent(token));
    out.addSecret(token.includes(":") ? token.slice(token.indexOf(":") + 1) : token);
  }

  const [{ follow }, { decideFeedEvent, FeedState }, render, eventLog] = await Promise.all([
    import("../../io/feed-follow.js"),
    import("../../core/feed/decide.js"),
    import("../../io/render.js"),
    v.save ? import("../../io/event-log.js") : undefined,
  ]);
  let log: Awaited<ReturnType<NonNullable<typeof eventLog>["openEventLog"]>> | undefined;
  if (v.save && eventLog) {
    try {
      log = await eventLog.openEventLog(within(ctx.cwd, v.save));
    } catch (e) {
      throw new UsageError(`--save ${(e as Error).message}`);
    }
  }

  let ui: import("../../io/inspector/index.js").Inspector | undefined;
  if (v.ui) {
    const { startInspector } = await import("../../io/inspector/index.js");
    try {
      ui = await startInspector({ port: v.uiPort, history: v.uiHistory, redact: (t) => out.redact(t) });
    } catch (e) {
      await log?.close();
      throw new UsageError(`--ui-port ${v.uiPort}: ${(e as Error).message}`);
    }
    out.info(`inspect: ${out.chalk.cyan(ui.url)}  (the page; its token signs the browser in)`);
    if (v.open) (await import("../inspect/index.js")).openBrowser(ui.url, (m) => out.warn(m));
  }
  const state = new FeedState({ wanted: eventFilter(v.events), lateAfterMs: v.lateAfter, identityOnly: out.json, verbose: v.verbose === true });
  const byType = new Map<string, { events: number; duplicates: number; late: number }>();
  const stats = (type: string) => {
    let s = byType.get(type);
    if (!s) byType.set(type, (s = { events: 0, duplicates: 0, late: 0 }));
    return s;
  };
  // --max stops the command like a signal would, but with exit 0.
  const done = new AbortController();
  const signal = AbortSignal.any([ctx.signal, done.signal]);
  let printed = 0;
  let last: { at: number; id?: string } | undefined;
  let saveError: Error | undefined;

  const onEvent = (name: string | undefined, payload: unknown, text: string | undefined) => {
    if (signal.aborted) return;
    const receivedAt = ctx.now();
    const d = decideFeedEvent(name, payload, text, receivedAt, state);
    if (d.kind === "filtered") return;
    if (d.kind === "duplicate") {
      stats(d.type).duplicates++;
      out.info(out.chalk.dim(d.message));
      return;
    }
    const s = stats(d.type);
    s.events++;
    if (d.late) s.late++;
    last = { at: receivedAt, id: d.facts.id };
    log?.appendLine(d.line).catch((e: Error) => {
      if (!saveError) out.error(`--save: ${e.message}`);
      saveError = e;
    });
    ui?.add(JSON.parse(d.line) as import("../../core/events/record.js").EventRecord, { bodyText: d.body });
    if (out.json) out.jsonLine(d.line);
    else render.renderEvent(out, d.view!, { verbose: v.verbose === true });
    printed++;
    if (v.max !== undefined && printed >= v.max) done.abort("MAX");
  };

  const shownUrl = redactUrl(url);
  let end;
  try {
    end = await follow(
      {
        client: { url, protocol: v.protocol, eio: v.eio === "auto" ? "auto" : (Number(v.eio) as 3 | 4), namespace: v.namespace, ...(v.path && { path: v.path }), ...(token !== undefined && { token }), headers, connectTimeoutMs: v.connectTimeout, rawHeartbeatMs: 20_000 },
        reconnect: v.reconnect,
        reconnectMaxMs: v.reconnectMax,
        signal,
        now: ctx.now,
      },
      {
        onConnected: (info, offlineMs) => {
          const how = info.protocol === "raw" ? "raw JSON frames" : `Socket.IO, Engine.IO v${info.eio}`;
          if (offlineMs === undefined) out.info(`connected to ${shownUrl} (${how})`);
          else out.info(out.chalk.yellow(`reconnected after ${formatDuration(offlineMs)} offline`) + (last ? `; last event before the gap at ${new Date(last.at).toISOString()}${last.id ? ` (${last.id})` : ""}` : "") + "; events sent during the gap are not replayed");
        },
        onLost: (reason, connected, delay, attempt) => out.info(out.chalk.yellow(`${connected ? "connection lost" : "cannot connect"}: ${reason}; reconnecting in ${formatDuration(delay)} (attempt ${attempt})`)),
        onEvent,
        onWarning: (m) => out.warn(m),
      },
    );
  } finally {
    await log?.close(); // waits for the appends still being written
    await ui?.close();
  }
  if (end.kind === "dropped") throw new CheckFailed(end.message);
  let code: number = EXIT.ok;
  if (end.kind === "fatal") {
    out.error(end.message);
    code = EXIT.failed;
  } else if (ctx.signal.aborted) code = stopCode(ctx.signal);
  if (saveError && code === EXIT.ok) code = EXIT.failed;
  // The summary: at Ctrl-C always; at a normal end only for people (--json output is data).
  if (code === EXIT.interrupted || (byType.size > 0 && !out.json)) {
    const { renderTable } = await import("../../io/table.js");
    const rows = [...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, s]) => [type, s.events, s.duplicates, s.late] as const);
    const sum = (i: 1 | 2 | 3) => rows.reduce((n, r) => n + r[i], 0);
    out.info(renderTable(out, ["event", "events", "duplicates dropped", "late"], [...rows, ["total", sum(1), sum(2), sum(3)]]));
    out.info(`reconnects: ${end.reconnects}`);
  }
  return code;
}
