/**
 * Replaying an entry: the headers to send (the raw ones kept in memory, else the record's less the
 * redacted ones), the request itself, and the same request as a curl command for the page.
 */
import type { EventRecord } from "../../core/events/record.js";
import type { Entry } from "./store.js";

/** Headers that belong to one connection, not to the message: never replayed. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length", "expect", "http2-settings"]);

/** What the embedding command does to sign an edited body: the headers to send with it. */
export type Resign = (input: {
  record: EventRecord;
  /** The edited bytes that will be sent. */
  body: Buffer;
  /** The headers the replay would send unchanged (the original signature among them). */
  headers: Record<string, string>;
  /** The target's name. */
  target: string;
}) => ResignResult | Promise<ResignResult>;

export interface ResignResult {
  /** The headers to send: usually `headers` with the signature replaced. */
  headers: Record<string, string>;
  /** Said to the person, e.g. "Automatic webhooks are unsigned: sent as edited". */
  note?: string;
  /** False when nothing was signed (unsigned provider). Default true. */
  resigned?: boolean;
}

export interface ReplayResult {
  target: string;
  status?: number;
  latency_ms: number;
  /** The start of the answer's body. */
  body_start?: string;
  error?: string;
  resigned: boolean;
  edited: boolean;
  note?: string;
}

/** The headers a replay of `entry` sends, before any re-signing. */
export function replayHeaders(entry: Entry): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = entry.extras?.headers;
  const source: Record<string, string | readonly string[] | undefined> = raw ?? entry.record.headers ?? {};
  for (const key of Object.keys(source)) {
    const v = source[key];
    if (v === undefined) continue;
    const name = key.toLowerCase();
    if (HOP_BY_HOP.has(name)) continue;
    const value = typeof v === "string" ? v : v.join(", ");
    // From the record: a redacted value is not what was sent, and sending it helps nobody.
    if (!raw && value.includes("[redacted]")) continue;
    out[name] = value;
  }
  if (out["content-type"] === undefined) out["content-type"] = "application/json";
  return out;
}

/** The exact bytes received (a feed record: the frame's text when it was kept). */
export function replayBody(entry: Entry): Buffer {
  const r = entry.record;
  if (r.body_encoding === "base64") return Buffer.from(String(r.body), "base64");
  if (r.body_encoding === "json") return Buffer.from(entry.text ?? JSON.stringify(r.body) ?? "null", "utf8");
  return Buffer.from(String(r.body ?? ""), "utf8");
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", "'\\''")}'`;
}

/**
 * The replay as a curl command, from the record's (redacted) headers: a credential shows as
 * `[redacted]`, to fill in. A body that is not UTF-8 goes through base64 -d.
 */
export function curlCommand(entry: Entry, url: string): string {
  const headers = entry.record.headers ?? {};
  const parts = ["curl", "-X", "POST", shellQuote(url)];
  let contentType = false;
  for (const [name, value] of Object.entries(headers)) {
    if (HOP_BY_HOP.has(name.toLowerCase())) continue;
    if (name.toLowerCase() === "content-type") contentType = true;
    parts.push("-H", shellQuote(`${name}: ${value}`));
  }
  if (!contentType) parts.push("-H", shellQuote("content-type: application/json"));
  const body = replayBody(entry);
  let text: string | undefined;
  try {
    text = utf8.decode(body);
  } catch {
    text = undefined;
  }
  if (text === undefined) return `printf %s ${shellQuote(body.toString("base64"))} | base64 -d | ${parts.join(" ")} --data-binary @-`;
  return `${parts.join(" ")} --data-binary ${shellQuote(text)}`;
}

/** Sends one replay. Never throws: a failure is a result with `error`. */
export async function sendReplay(url: string, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<Omit<ReplayResult, "target" | "resigned" | "edited">> {
  const { request } = await import("undici");
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const res = await request(url, { method: "POST", headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    let text = "";
    for await (const chunk of res.body) {
      if (text.length < 2_000) text += (chunk as Buffer).toString("utf8");
    }
    return { status: res.statusCode, latency_ms: ms(), body_start: text.length > 200 ? text.slice(0, 200) + "…" : text };
  } catch (e) {
    const err = e as { code?: string; message?: string; cause?: { code?: string } };
    const code = err.code ?? err.cause?.code;
    const where = new URL(url).host;
    const error =
      code === "ECONNREFUSED"
        ? `connection refused to ${where}`
        : code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT"
          ? `no answer from ${where} within ${timeoutMs / 1000}s`
          : `${where}: ${code ?? err.message ?? String(e)}`;
    return { latency_ms: ms(), error };
  }
}
