/**
 * One line of an event log (NDJSON). `listen` writes one per request, `tail --save` one per feed
 * event; `send --from-log` reads them back. Secrets never appear: header values that carry a
 * signature or token are kept (a signature is not a secret) except Authorization, which is redacted.
 */
export interface EventRecord {
  /** Format version. */
  v: 1;
  /** Where it came from: an HTTP request to `listen`, or a frame read by `tail`. */
  source: "webhook" | "feed";
  /** ISO 8601 UTC time of receipt. */
  received_at: string;
  peer?: string;
  method?: string;
  path?: string;
  /** Received headers, names lower-cased; Authorization and other credentials redacted. */
  headers?: Record<string, string>;
  /**
   * What was received. A webhook's raw body exactly as received: UTF-8 text (`utf8`), or base64 when
   * it was not valid UTF-8 (`base64`). A feed event as JSON itself (`json`): the frame's text as
   * received when it held one event on one line, else the event encoded on one line.
   */
  body: unknown;
  body_encoding: "utf8" | "base64" | "json";
  provider?: string;
  event?: string;
  /** The provider's event id (dedupe key) where it has one. */
  event_id?: string;
  /** The event's own time, ISO 8601, when the payload carries one. */
  event_time?: string;
  verification?: {
    verdict: "valid" | "invalid" | "unsigned" | "skipped";
    reason?: string;
    message: string;
    matched_secret?: number;
  };
  validation?: {
    valid: boolean;
    errors: string[];
    warnings: string[];
  };
  /** received_at of the earlier delivery this one repeats. */
  duplicate_of?: string;
  /** How late the event arrived (receipt time minus event time), when over the threshold. */
  late_by_ms?: number;
  /** HTTP status answered (listen). */
  status?: number;
  /**
   * Why the request was refused or could not be read (listen): wrong path or method, body too
   * large, not JSON, a malformed request or a slow client, a client that hung up.
   */
  error?: string;
  /** Bytes of body received when `body` does not hold them all (a body over --max-body is not kept). */
  body_bytes?: number;
  /** listen --respond / --fail-first: the status was chosen to exercise the sender's retries. */
  simulated?: string;
  /** listen --forward-to: what the app answered. */
  forward?: {
    url: string;
    status?: number;
    latency_ms: number;
    /** The start of the app's response body. */
    response?: string;
    /** The request could not be delivered (connection refused, timeout, …). */
    error?: string;
    /** The signature was replaced (--forward-secret). */
    resigned?: boolean;
  };
  /** Milliseconds spent handling the request before answering. */
  handling_ms?: number;
}

/**
 * One decoder for every body (a fatal decoder keeps no state between whole-buffer calls).
 * `ignoreBOM` keeps a leading byte order mark in the text, so the record holds every byte received.
 */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Encodes raw bytes for a record: text when they are valid UTF-8, base64 otherwise. */
export function encodeBody(bytes: Uint8Array): { body: string; body_encoding: "utf8" | "base64" } {
  try {
    return { body: utf8.decode(bytes), body_encoding: "utf8" };
  } catch {
    return { body: Buffer.from(bytes).toString("base64"), body_encoding: "base64" };
  }
}

/** The raw bytes of a record's body (a `json` body as compact JSON). */
export function decodeBody(record: Pick<EventRecord, "body" | "body_encoding">): Buffer {
  if (record.body_encoding === "json") return Buffer.from(JSON.stringify(record.body) ?? "null", "utf8");
  return Buffer.from(String(record.body), record.body_encoding === "base64" ? "base64" : "utf8");
}

/**
 * The NDJSON line of a feed event, built by hand: at 100,000 events `tail` spent more time in
 * JSON.stringify of a record object (and allocating it) than in anything of its own. The result is
 * exactly JSON.stringify(record) for the same fields in the same order, the event's JSON text kept
 * as it is. Positional arguments, so that no object is built per event; `receivedAt` and
 * `eventTime` are ISO times and `provider` a provider name, none of which needs escaping.
 */
export function feedRecordLine(
  receivedAt: string,
  /** The event's JSON text, on one line (see oneLineJson). */
  json: string,
  provider: string | undefined,
  event: string,
  eventId?: string,
  eventTime?: string,
  lateByMs?: number,
): string {
  let line = `{"v":1,"source":"feed","received_at":"${receivedAt}","body":${json},"body_encoding":"json"`;
  if (provider !== undefined) line += `,"provider":"${provider}"`;
  line += `,"event":${JSON.stringify(event)}`;
  if (eventId !== undefined) line += `,"event_id":${JSON.stringify(eventId)}`;
  if (eventTime !== undefined) line += `,"event_time":"${eventTime}"`;
  if (lateByMs !== undefined) line += `,"late_by_ms":${lateByMs}`;
  return line + "}";
}

/**
 * JSON text that can sit inside an NDJSON line: `text` itself (already known to be one JSON value)
 * when it has no line break, else `value` encoded again. Escaping the text into a string instead
 * cost `tail` about a tenth of its time per event, and left readers a string to parse again.
 */
export function oneLineJson(text: string | undefined, value: unknown): string {
  if (text !== undefined && text.indexOf("\n") === -1 && text.indexOf("\r") === -1) return text;
  return JSON.stringify(value) ?? "null";
}
