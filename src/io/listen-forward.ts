/**
 * `listen --forward-to URL`: delivers an accepted request to the user's app with undici (keep-alive
 * connections, loaded only when forwarding is on) and reports the app's status, latency and the
 * start of its answer. Never throws: a failure is a ForwardResult with `error`.
 */
import type { ForwardPlan, ForwardResult } from "../core/webhook/index.js";

/** The most of the app's answer that is kept (and relayed to the sender). */
const MAX_RESPONSE = 64 * 1024;

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
          if (size < MAX_RESPONSE) chunks.push(b.subarray(0, MAX_RESPONSE - size));
          size += b.byteLength;
        }
        const contentType = res.headers["content-type"];
        return {
          status: res.statusCode,
          latencyMs: options.now() - started,
          body: Buffer.concat(chunks).toString("utf8"),
          ...(typeof contentType === "string" && { contentType }),
        };
      } catch (e) {
        const { message, timedOut } = describeError(e, plan.url);
        return { latencyMs: options.now() - started, error: message, ...(timedOut && { timedOut: true }) };
      }
    },
    close: () => agent.close(),
  };
}
