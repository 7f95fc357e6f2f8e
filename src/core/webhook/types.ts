/**
 * The shapes of webhook handling: a listener's settings (its routes), a request as received, and
 * the decision made about it. See handler.ts for the order of the checks.
 */
import { hash } from "node:crypto";
import type { EventRecord } from "../events/record.js";
import type { EventView } from "../events/view.js";
import type { HeaderBag } from "../headers.js";
import type { ProviderName, SchemeOptions } from "../providers/index.js";
import { RecentDeliveries } from "./recent.js";


/** The body answered to every accepted event: Events Push's documented acknowledgement. */
export const ACK_BODY = '{"status":"success","message":"Event received successfully."}';

/** The keys (secrets or tokens) a route checks one provider's requests with. */
export interface RouteKeys {
  keys: readonly string[];
  /** They are the project's dev secret: real deliveries need the provider's real secret. */
  dev?: boolean;
  /** How to give the real one, for the diagnosis of a failure against the dev secret. */
  hint?: string;
}

/** One path a listener serves, and who sends to it. */
export interface RouteConfig {
  /** The path served (query string ignored; a trailing slash does not matter). */
  path: string;
  /** The method deliveries use (POST; GET for providers that forward positions in the query). */
  method: "POST" | "GET";
  /** "auto": from the signature headers, then from the payload's shape. */
  provider: "auto" | ProviderName;
  /** The provider's name as the user calls it (a custom HMAC provider of the config file). */
  label?: string;
  scheme?: SchemeOptions;
  /** The keys per provider (for "auto", of every provider that may send). */
  keys: Readonly<Partial<Record<string, RouteKeys>>>;
  /** Refuse events that fail their schema (400) instead of accepting them with warnings. */
  strict?: boolean;
  /** Forward accepted requests to this URL (the user's app) and answer with its status. */
  forwardTo?: string;
  /**
   * Authorization for the app (Basic, from credentials in the --forward-to URL): sent when the
   * request has no Authorization header of its own (the provider's is forwarded unchanged).
   */
  forwardAuthorization?: string;
  /** Re-sign forwarded requests with this secret, the detected provider's way. */
  forwardSecret?: string;
}

export interface WebhookConfig {
  routes: readonly RouteConfig[];
  /** The body limit, for the 413 message. */
  maxBodyBytes: number;
  /** Events older than this when they arrive are flagged late. */
  lateAfterMs: number;
  /** Answer accepted events with this status instead of 200 (to exercise a sender's retries). */
  respond?: number;
  /** Answer the first N accepted events with 500 (or `respond` when set), then normally. */
  failFirst?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Peers allowed to send (undefined: everyone). */
  allowPeer?: (ip: string) => boolean;
}

/** What the listener remembers between requests. */
export class WebhookState {
  readonly recent: RecentDeliveries;
  /** Requests that passed every check so far (for --fail-first). */
  accepted = 0;

  constructor(dedupeCapacity = 20_000) {
    this.recent = new RecentDeliveries(dedupeCapacity);
  }
}

export interface WebhookRequest {
  method: string;
  /** The request target as received: path and query. */
  url: string;
  headers: HeaderBag;
  /** The raw body bytes, exactly as received (empty when the body went over the limit). */
  body: Uint8Array;
  /** When the request arrived, ms since the epoch. */
  receivedAt: number;
  /** The peer's IP address. */
  peer?: string;
  /** The body went over the limit after this many bytes; nothing of it is kept. */
  tooLarge?: { bytes: number };
  /** A monotonic clock reading (performance.now()) at arrival, to time the handling finely. */
  startedAt?: number;
}

/** What the summary table counts for a request. */
export interface Tally {
  /** Event type, or a label for requests that were not events ("(not found)", …). */
  type: string;
  verified: boolean;
  /** Refused by us: bad signature, not JSON, wrong path or method, too large, malformed. */
  failed: boolean;
  duplicate: boolean;
  late: boolean;
}

export interface ForwardPlan {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  body: Uint8Array;
  resigned: boolean;
  /** Why the request could not be re-signed as asked. */
  warning?: string;
}

export interface Decision {
  status: number;
  headers: Record<string, string>;
  /** The answer's body: text, or the app's bytes as they came (--forward-to). */
  body: string | Uint8Array;
  record: EventRecord;
  view: EventView;
  tally: Tally;
  /** Wait this long before answering (--delay). */
  delayMs?: number;
  /** Forward before answering; then call withForwardResult. */
  forward?: ForwardPlan;
  /** The dedupe key, remembered once the request is answered 2xx. */
  dedupeKey?: string;
}

export interface ForwardResult {
  /** The app's status, when it answered. */
  status?: number;
  latencyMs: number;
  /** The app's body as text, for the log and the screen (the start of it is kept). */
  body?: string;
  /** The app's body exactly as it came, to relay to the sender (absent when too large to relay). */
  raw?: Uint8Array;
  contentType?: string;
  /** The app's headers that are relayed with its answer: Content-Type, Content-Encoding, Location, Retry-After. */
  headers?: Record<string, string>;
  /** Why it could not be delivered. */
  error?: string;
  /** The error was a timeout (answered 504 rather than 502). */
  timedOut?: boolean;
}

export interface ClientProblem {
  /** node:http's error code: HPE_HEADER_OVERFLOW, ERR_HTTP_REQUEST_TIMEOUT, HPE_INVALID_METHOD, ECONNRESET, … */
  code: string;
  message: string;
  receivedAt: number;
  peer?: string;
  /** The bytes the parser was looking at, if any (the start of the request). */
  raw?: Uint8Array;
  /** The request, when its head had been read before the problem (a slow or aborted body). */
  request?: Pick<WebhookRequest, "method" | "url" | "headers">;
  /** Body bytes received before the problem. */
  bodyBytes?: number;
  /** A monotonic clock reading (performance.now()) at arrival. */
  startedAt?: number;
  headerLimitBytes?: number;
  timeoutMs?: number;
}

/** Shared, never changed: a decision that needs other headers gets a new object. */
export const JSON_TYPE: Readonly<Record<string, string>> = Object.freeze({ "Content-Type": "application/json" });

export function errorBody(message: string): string {
  return JSON.stringify({ status: "error", message });
}

/** sha256 of the body (base64 by default). */
export function sha256(data: Uint8Array, encoding: "base64" | "hex" = "base64"): string {
  return hash("sha256", data, encoding);
}

/** A label for requests that are not events, per status. */
export const REFUSED: Record<number, string> = {
  400: "(malformed)",
  401: "(unauthorized)",
  403: "(forbidden)",
  404: "(not found)",
  405: "(wrong method)",
  408: "(timed out)",
  413: "(too large)",
  431: "(headers too large)",
};

export function sizeText(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
