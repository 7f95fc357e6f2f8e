/**
 * Sends HTTP requests through undici with keep-alive connections. Every failure becomes one line a
 * person can act on ("connection refused to 127.0.0.1:3000", "no answer within 10s").
 */
import { Pool } from "undici";

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

/** One keep-alive connection pool per origin (send talks to one URL). */
export class HttpClient {
  private readonly pools = new Map<string, Pool>();
  constructor(private readonly options: HttpClientOptions) {}

  private pool(url: URL): Pool {
    let pool = this.pools.get(url.origin);
    if (!pool) {
      pool = new Pool(url.origin, { connections: this.options.connections, keepAliveTimeout: 10_000, connectTimeout: this.options.timeoutMs });
      this.pools.set(url.origin, pool);
    }
    return pool;
  }

  /** A POST with a body, or a GET (the event in the query string). */
  async send(method: "POST" | "GET", url: URL, headers: Record<string, string>, body: Uint8Array | undefined): Promise<HttpResult> {
    const started = performance.now();
    try {
      const res = await this.pool(url).request({
        path: url.pathname + url.search,
        method,
        headers,
        ...(body !== undefined && { body }),
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
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

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }
}
