/**
 * `listen`'s request pipeline, between the thin HTTP adapter (http-server.ts) and the pure handler
 * (src/core/webhook): decide, forward if asked, append the record to the event log and only then
 * answer; print the event; count it for the summary.
 */
import { formatDuration } from "../core/duration.js";
import { getProvider } from "../core/providers/index.js";
import { Samples } from "../core/stats.js";
import {
  handleClientProblem,
  handleWebhook,
  withForwardResult,
  type ClientProblem,
  type Decision,
  type WebhookConfig,
  type WebhookRequest,
  type WebhookState,
} from "../core/webhook/index.js";
import type { EventRecord } from "../core/events/record.js";
import type { EventLog } from "./event-log.js";
import type { Answer } from "./http-server.js";
import type { Forwarder } from "./listen-forward.js";
import type { Output } from "./output.js";
import { formatEvent } from "./render.js";

export interface TypeStats {
  received: number;
  verified: number;
  failed: number;
  duplicates: number;
  late: number;
  /** Handling time, ms: from the request's arrival to its answer (less --delay). */
  handling: Samples;
}

/** Rows beyond this many event types are counted together, so the table (and memory) stay bounded. */
const MAX_TYPES = 200;
const OTHER_TYPES = "(other types)";

export interface ListenServiceOptions {
  config: WebhookConfig;
  state: WebhookState;
  log?: EventLog;
  forwarder?: Forwarder;
  out: Output;
  verbose: boolean;
  /** --events: which event types are shown (requests that are not events are always shown). */
  show: (event: string | undefined) => boolean;
  /** Each final record, with the headers as received (the inspector page: listen --ui). */
  onRecord?: (record: EventRecord, headers: WebhookRequest["headers"] | undefined) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ListenService {
  readonly stats = new Map<string, TypeStats>();
  /** Requests handled (answered or not). */
  handled = 0;
  private logFailures = 0;

  constructor(private readonly o: ListenServiceOptions) {}

  /** The answer for one request; the record is in the log before this resolves. */
  async request(req: WebhookRequest): Promise<Answer> {
    let decision = handleWebhook(req, this.o.config, this.o.state);
    if (decision.forward && this.o.forwarder) {
      const result = await this.o.forwarder.send(decision.forward);
      decision = withForwardResult(decision, result, this.o.state);
    }
    return this.complete(decision, req.startedAt ?? performance.now(), true, req.headers);
  }

  /**
   * The answer (status 0: none) for a request node:http could not complete. It is answered at
   * once, without waiting for its record's write: such a client often hangs up right after
   * sending, and node closes the connection then (an error answer is worth more than the order).
   */
  async problem(p: ClientProblem): Promise<Answer> {
    return this.complete(handleClientProblem(p), p.startedAt ?? performance.now(), false);
  }

  /**
   * `startedAt`: performance.now() when the request arrived. `durable`: wait for the record's write
   * before answering (a request that could not be read is answered at once). The event is printed
   * once its answer is known, so the screen shows the status the sender really got.
   */
  private async complete(decision: Decision, startedAt: number, durable = true, headers?: WebhookRequest["headers"]): Promise<Answer> {
    const { out, log } = this.o;
    decision.record.handling_ms = Math.round((performance.now() - startedAt) * 100) / 100;
    decision.view.handlingMs = decision.record.handling_ms;
    // The provider gives up on an answer after a while (Motive 3 s, Events Push 2 s): say when we were slower.
    const provider = decision.record.provider ? getProvider(decision.record.provider) : undefined;
    const answeredAfter = decision.record.handling_ms + (decision.delayMs ?? 0);
    if (provider?.answerWithinMs !== undefined && answeredAfter > provider.answerWithinMs) {
      decision.view.warnings.push(`answered after ${formatDuration(answeredAfter)}: ${provider.title} counts a delivery as failed when the answer takes over ${formatDuration(provider.answerWithinMs)}`);
    }
    // One serialization for the log and for --json.
    let line = log || out.json ? JSON.stringify(decision.record) : "";
    const written = log?.appendLine(line);
    let answer: Answer = { status: decision.status, headers: decision.headers, body: decision.body };
    if (written && !durable) {
      written.catch((e: unknown) => this.logFailed(e));
    } else if (written) {
      try {
        await written;
      } catch (e) {
        // Not stored: say so to the sender (it will retry) rather than acknowledge an event we lost,
        // and forget the delivery so that the retry is not taken for a duplicate.
        this.logFailed(e);
        if (decision.status > 0) {
          const message = "the listener could not store the event";
          answer = { status: 500, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ status: "error", message }) };
          if (decision.dedupeKey) this.o.state.recent.forget(decision.dedupeKey, decision.record.received_at);
          decision.view.status = 500;
          decision.view.errors = [...(decision.view.errors ?? []), `${message} (not in the event log)`];
          decision.tally.failed = true;
          decision.record.status = 500;
          decision.record.error = message;
          if (out.json) line = JSON.stringify(decision.record);
        }
      }
    }
    this.print(decision, line, !durable);
    this.o.onRecord?.(decision.record, headers);
    this.count(decision, performance.now() - startedAt);
    if (decision.delayMs) await sleep(decision.delayMs);
    return answer;
  }

  private logFailed(e: unknown): void {
    this.logFailures++;
    if (this.logFailures === 1 || this.logFailures % 100 === 0) {
      this.o.out.error(`${(e as Error).message} (${this.logFailures} record${this.logFailures === 1 ? "" : "s"} not written; events answered 500)`);
    }
  }

  /**
   * Prints one request. `always`: shown whatever --events says (a request that could not be read
   * is not an event). Printing never fails a request: whatever goes wrong is reported instead.
   */
  private print(decision: Decision, line: string, always = false): void {
    const type = decision.view.event;
    if (!always && type !== undefined && !this.o.show(type)) return;
    try {
      if (this.o.out.json) this.o.out.jsonLine(line);
      else this.o.out.data(formatEvent(decision.view, this.o.out.chalk, { verbose: this.o.verbose }));
    } catch (e) {
      this.o.out.error(`cannot print the ${type ?? "request"} received at ${decision.record.received_at}: ${(e as Error).message} (it is in the event log)`);
    }
  }

  /** Writes what is gathered for stdout (Output gathers it per turn of the event loop). */
  flush(): void {
    this.o.out.flush();
  }

  private count(decision: Decision, ms: number): void {
    this.handled++;
    const t = decision.tally;
    let key = t.type || "(unknown)";
    let s = this.stats.get(key);
    if (!s && this.stats.size >= MAX_TYPES) {
      key = OTHER_TYPES;
      s = this.stats.get(key);
    }
    if (!s) {
      s = { received: 0, verified: 0, failed: 0, duplicates: 0, late: 0, handling: new Samples(10_000) };
      this.stats.set(key, s);
    }
    s.received++;
    if (t.verified) s.verified++;
    if (t.failed) s.failed++;
    if (t.duplicate) s.duplicates++;
    if (t.late) s.late++;
    s.handling.add(ms);
  }
}
