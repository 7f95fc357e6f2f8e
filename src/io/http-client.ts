/**
 * Sends HTTP requests through undici with keep-alive connections. Every failure becomes one line a
 * person can act on ("connection refused to 127.0.0.1:3000", "no answer within 10s").
 */
import { Agent, request } from "undici";

export interface HttpResult {
  status?: number;
  /** ms from sending to the end of the response. */
  latencyMs: number;
  /** The start of the response body (up to 200 characters). */
  bodyStart?: string;
  retryAfter?: string;
  /** A network failure, in one line; status is undefined then. */
  error?: string;
}

export interface HttpClientOptions {
  connections: number;
  timeoutMs: number;
}

function describe(err: Error & { code?: string; cause?: Error & { code?: string } }, url: URL, timeoutMs: number): string {
  const code = err.code ?? err.cause?.code;
  const where = url.host;
  switch (code) {
    case "ECONNREFUSED":
      return `connection refused to ${where}`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `host not found: ${url.hostname}`;
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return `connection to ${where} closed before the response`;
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
    case "UND_ERR_ABORTED":
    case "ABORT_ERR":
      return `no answer from ${where} within ${timeoutMs / 1000}s (--timeout)`;
    default:
      if (err.name === "TimeoutError" || err.name === "AbortError") return `no answer from ${where} within ${timeoutMs / 1000}s (--timeout)`;
      return `${where}: ${err.message}`;
  }
}

export class HttpClient {
  private readonly agent: Agent;
  constructor(private readonly options: HttpClientOptions) {
    this.agent = new Agent({ connections: options.connections, keepAliveTimeout: 10_000, connectTimeout: options.timeoutMs });
  }

  async post(url: URL, headers: Record<string, string>, body: Uint8Array): Promise<HttpResult> {
    const started = performance.now();
    try {
      const res = await request(url, {
        method: "POST",
        headers,
        body,
        dispatcher: this.agent,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await res.body.text();
      const retryAfter = res.headers["retry-after"];
      return {
        status: res.statusCode,
        latencyMs: performance.now() - started,
        bodyStart: text.length > 200 ? text.slice(0, 200) + "…" : text,
        ...(typeof retryAfter === "string" && { retryAfter }),
      };
    } catch (e) {
      return { latencyMs: performance.now() - started, error: describe(e as Error & { code?: string; cause?: Error & { code?: string } }, url, this.options.timeoutMs) };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
