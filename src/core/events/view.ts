/**
 * What the event renderer (src/io/render.ts) prints for one event: a plain object that both an HTTP
 * request (`listen`, src/core/webhook) and a websocket frame (`tail`) can fill. Every field but
 * `receivedAt` and `warnings` is optional.
 */
import { formatDuration } from "../duration.js";

export interface EventView {
  /** Receipt time, ms since the epoch. */
  receivedAt: number;
  /** Where it came from; webhooks show their HTTP status and verdict. */
  source?: "webhook" | "feed";
  provider?: string;
  /** The provider's event type (trip_end, trip:finished, …). */
  event?: string;
  /** Signature or token verdict (webhooks). `skipped`: nothing to verify with. */
  verdict?: "valid" | "invalid" | "unsigned" | "skipped";
  /** HTTP status answered (webhooks). */
  status?: number;
  method?: string;
  path?: string;
  peer?: string;
  /** Vehicle nickname / VIN, IMEI, driver (facts.who). */
  who?: string;
  /** One line of what matters (facts.summary). */
  summary?: string;
  /** The provider's event id. */
  id?: string;
  /** Why a request was refused: shown in red. */
  errors?: string[];
  /** Things a person should look at: late, duplicate, schema problems, signature diagnosis. */
  warnings: string[];
  /** Neutral facts: forwarded to the app and its answer, a simulated failure. */
  notes?: string[];
  /** The parsed payload, pretty-printed with `verbose`. */
  body?: unknown;
  /** The raw body text when it is not JSON (printed, clipped, with `verbose`). */
  rawBody?: string;
  /** Milliseconds spent handling it. */
  handlingMs?: number;
}

// ── Shared wording for the warnings both commands print ──────────────────────────────────────

/** "late by 2h 3m (event time 2019-09-27T17:35:35.000Z)". */
export function lateWarning(lateByMs: number, eventTime: number): string {
  return `late by ${formatDuration(lateByMs)} (event time ${new Date(eventTime).toISOString()})`;
}

/** "event time is 3m 10s in the future (2026-…): the sender's clock is ahead, or the time field is wrong". */
export function futureWarning(aheadByMs: number, eventTime: number): string {
  return `event time is ${formatDuration(aheadByMs)} in the future (${new Date(eventTime).toISOString()}): the sender's clock is ahead, or the time field is wrong`;
}

/** "duplicate of the delivery received at 2026-…Z (event id 6f0d…)" or "(same body)". */
export function duplicateWarning(firstReceivedAt: string, key: { id?: string; hash?: boolean; webhookId?: string }): string {
  const by = key.id ? `event id ${key.id}` : key.webhookId ? `webhook-id ${key.webhookId}` : "same body";
  return `duplicate of the delivery received at ${firstReceivedAt} (${by})`;
}
