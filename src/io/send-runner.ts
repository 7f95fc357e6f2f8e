/**
 * The long-running part of `send`: workers that send events over keep-alive connections, paced by
 * a rate or a scenario's clock, retried on the provider's schedule, until the count, the duration
 * or the stop signal. What to send and how to report it are the caller's (src/commands/send).
 */
import { delivered, nextDelay, type Outcome, type RetryPolicy } from "../core/send/retry.js";
import { Samples } from "../core/stats.js";
import { HttpClient } from "./http-client.js";

export interface OutgoingRequest {
  label: string;
  /** GET: the event is in `url`'s query string, there is no body. */
  method: "POST" | "GET";
  /** The URL of this request (GET: with its query). */
  url: URL;
  bytes: Uint8Array;
  headers: Record<string, string>;
  eventId?: string;
  /** Signs a retry again (schemes with a timestamp); returns the new headers. */
  resign?: (headers: Record<string, string>) => Record<string, string>;
}

export interface SendResult {
  index: number;
  label: string;
  status?: number;
  error?: string;
  latencyMs: number;
  attempts: number;
  delivered: boolean;
  bodyStart?: string;
  eventId?: string;
}

export interface Tally {
  sent: number;
  ok: number;
  c3: number;
  c4: number;
  c5: number;
  network: number;
  undelivered: number;
}

export interface RunOptions {
  /** Events to send (Infinity: until the duration ends). */
  count: number;
  concurrency: number;
  /** At most this many per second. */
  rate?: number;
  durationMs?: number;
  /** A scenario's clock: when event `index` is due, ms after the start. */
  dueAt?: (index: number) => number | undefined;
  timeoutMs: number;
  /** Retry policy of event `index` (undefined: no retries). */
  policy: (index: number) => RetryPolicy | undefined;
  build: (index: number) => OutgoingRequest;
  signal: AbortSignal;
  now: () => number;
  onRetry: (request: OutgoingRequest, reason: string, attempt: number, delayMs: number) => void;
  onResult: (result: SendResult) => void;
  /** A problem with a 2xx answer (a challenge answered wrong), which makes it undelivered. */
  checkAnswer?: (index: number, status: number, body: string) => string | undefined;
  /** Gets the running tally (for a progress line). */
  onTally?: (tally: Readonly<Tally>) => void;
}

export interface RunSummary {
  tally: Tally;
  latencies: Samples;
  elapsedMs: number;
  interrupted: boolean;
}

/** Waits, but not past the stop signal (a retry wait can be half an hour); setTimeout's own limit is 24.8 days. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const end = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", end);
      resolve();
    };
    const timer = setTimeout(end, Math.min(ms, 2_147_483_647));
    signal.addEventListener("abort", end, { once: true });
  });
}

export async function runSends(o: RunOptions): Promise<RunSummary> {
  const client = new HttpClient({ connections: o.concurrency, timeoutMs: o.timeoutMs });
  const latencies = new Samples();
  const tally: Tally = { sent: 0, ok: 0, c3: 0, c4: 0, c5: 0, network: 0, undelivered: 0 };
  o.onTally?.(tally);
  const started = performance.now();
  const deadline = o.durationMs !== undefined ? started + o.durationMs : Number.POSITIVE_INFINITY;
  let nextIndex = 0;

  const sendOne = async (index: number): Promise<void> => {
    const request = o.build(index);
    const policy = o.policy(index);
    let headers = request.headers;
    let attempts = 0;
    for (;;) {
      attempts++;
      const res = await client.send(request.method, request.url, headers, request.method === "GET" ? undefined : request.bytes);
      const outcome: Outcome = res.status !== undefined ? { kind: "response", status: res.status, ...(res.retryAfter && { retryAfter: res.retryAfter }) } : { kind: "network", message: res.error ?? "failed" };
      const delay = policy && !o.signal.aborted ? nextDelay(policy, attempts - 1, outcome, o.now()) : undefined;
      if (delay !== undefined) {
        o.onRetry(request, String(res.status ?? res.error), attempts, delay);
        await pause(delay, o.signal);
        if (!o.signal.aborted) {
          if (request.resign) headers = request.resign(headers);
          continue;
        }
      }
      const problem = res.status !== undefined && res.status >= 200 && res.status < 300 ? o.checkAnswer?.(index, res.status, res.bodyStart ?? "") : undefined;
      if (problem) res.error = problem;
      const ok = delivered(outcome) && problem === undefined;
      latencies.add(res.latencyMs);
      tally.sent++;
      if (ok) tally.ok++;
      else tally.undelivered++;
      if (res.status === undefined) tally.network++;
      else if (res.status >= 500) tally.c5++;
      else if (res.status >= 400) tally.c4++;
      else if (res.status >= 300) tally.c3++; // not followed: a provider does not follow redirects either
      o.onResult({ index, label: request.label, ...(res.status !== undefined && { status: res.status }), ...(res.error && { error: res.error }), latencyMs: res.latencyMs, attempts, delivered: ok, ...(res.bodyStart !== undefined && { bodyStart: res.bodyStart }), ...(request.eventId && { eventId: request.eventId }) });
      return;
    }
  };

  const worker = async () => {
    for (;;) {
      if (o.signal.aborted || performance.now() >= deadline) return;
      const index = nextIndex++;
      if (index >= o.count) return;
      const due = o.dueAt?.(index) ?? (o.rate !== undefined ? (index * 1000) / o.rate : undefined);
      if (due !== undefined) {
        const wait = started + due - performance.now();
        if (wait > 0) await pause(wait, o.signal);
      }
      if (o.signal.aborted) return;
      await sendOne(index);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, Number.isFinite(o.count) ? o.count : o.concurrency) }, worker));
  } finally {
    await client.close();
  }
  return { tally, latencies, elapsedMs: performance.now() - started, interrupted: o.signal.aborted };
}
