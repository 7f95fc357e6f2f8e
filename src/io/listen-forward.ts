/**
 * `listen --forward-to URL`: delivers an accepted request to the user's app with undici (keep-alive
 * connections, loaded only when forwarding is on) and reports the app's status, latency and the
 * start of its answer. Never throws: a failure is a ForwardResult with `error`.
 */
import type { ForwardPlan, ForwardResult } from "../core/webhook/index.js";

/** The largest answer of the app that is relayed to the sender as it came. */
const MAX_RELAY = 1 << 20;
/** The app's headers that go back to the sender with its status and body. */
const RELAYED = ["content-type", "content-encoding", "location", "retry-after"];

export interface Forwarder {
  send(plan: ForwardPlan): Promise<ForwardResult>;
  close(): Promise<void>;
}

function describeError(e: unknown, url: string): { message: string; timedOut: boolean } {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  switch (code) {
    case "ECONNREFUSED":
      return { message: `connection refused (is the app running at ${url}?)`, timedOut: false };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { message: `host not found (${new URL(url).hostname})`, timedOut: false };
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return { message: "the app did not answer in time (--forward-timeout)", timedOut: true };
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return { message: "the app closed the connection without answering", timedOut: false };
    default:
      return { message: `${code ? `${code}: ` : ""}${err.message ?? String(e)}`, timedOut: false };
  }
}

export async function createForwarder(options: { timeoutMs: number; now: () => number }): Promise<Forwarder> {
  const { Agent, request } = await import("undici");
  const agent = new Agent({
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connectTimeout: Math.min(options.timeoutMs, 10_000),
    keepAliveTimeout: 4_000,
    connections: 64,
  });
  return {
    async send(plan) {
      const started = options.now();
      try {
        const res = await request(plan.url, { method: plan.method, headers: plan.headers, body: Buffer.from(plan.body), dispatcher: agent });
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of res.body) {
          const b = chunk as Buffer;
          if (size + b.byteLength <= MAX_RELAY) chunks.push(b);
          size += b.byteLength;
        }
        const headers: Record<string, string> = {};
        for (const name of RELAYED) {
          const v = res.headers[name];
          if (v !== undefined) headers[name.replace(/(^|-)[a-z]/g, (c) => c.toUpperCase())] = Array.isArray(v) ? v.join(", ") : v;
        }
        const contentType = headers["Content-Type"];
        const encoding = headers["Content-Encoding"];
        const latencyMs = options.now() - started;
        if (size > MAX_RELAY) {
          // Too large to relay whole: the sender gets the app's status and a note, never a cut body.
          const note = `the app's answer (${size} bytes) is over ${MAX_RELAY} bytes; its status is relayed, not its body`;
          return { status: res.statusCode, latencyMs, body: `(${size} bytes, not relayed)`, headers: { "Content-Type": "application/json" }, raw: Buffer.from(JSON.stringify({ status: "relayed", message: note })) };
        }
        const raw = Buffer.concat(chunks);
        // For the log and the screen: the text, or what the bytes are when they are not text.
        const shown = encoding && encoding !== "identity" ? `(${encoding}-encoded, ${raw.byteLength} bytes)` : raw.subarray(0, 4096).toString("utf8");
        return { status: res.statusCode, latencyMs, body: shown, raw, headers, ...(contentType !== undefined && { contentType }) };
      } catch (e) {
        const { message, timedOut } = describeError(e, plan.url);
        return { latencyMs: options.now() - started, error: message, ...(timedOut && { timedOut: true }) };
      }
    },
    close: () => agent.close(),
  };
}
