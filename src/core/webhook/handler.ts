/**
 * Webhook handling as a pure function: a request ({method, url, headers, raw body bytes, receipt
 * time, peer}) plus the listener's settings and state (the recent deliveries, counters) in; the
 * decision out — the status and body to answer, the event-log record, the view to print, and what
 * the summary counts. The HTTP adapter (src/io/http-server.ts) only reads bytes and writes answers.
 *
 * Order of checks: peer allowed → path → method → body size → provider (auto: signature headers,
 * then the payload's shape) → signature or token on the raw bytes → UTF-8 and JSON → event type
 * and schema → duplicate → lateness → --strict → simulated failures → forwarding.
 */
import * as crypto from "node:crypto";
import { formatDuration } from "../duration.js";
import { isoFormatter, isoTime } from "../iso-time.js";
import { encodeBody, type EventRecord } from "../events/record.js";
import { eventFacts, type EventFacts } from "../events/facts.js";
import { duplicateWarning, futureWarning, lateWarning, type EventView } from "../events/view.js";
import { getHeader, headerNames, type HeaderBag } from "../headers.js";
import { getProvider, providerFromHeaders, type ProviderName, type SchemeOptions } from "../providers/index.js";
import { detectEvent, formatPath, validateEvent, SCHEMA_PROVIDERS, type EventRef, type Issue } from "../schemas/index.js";
import type { VerifyResult } from "../signing/types.js";

/** A verification outcome: the provider's VerifyResult, or `skipped` when there was nothing to verify with. */
type Check = Pick<VerifyResult, "message" | "matchedSecret" | "diagnoses"> & { verdict: VerifyResult["verdict"] | "skipped"; reason?: string };
import { RecentDeliveries } from "./recent.js";

/** The body answered to every accepted event: Events Push's documented acknowledgement. */
export const ACK_BODY = '{"status":"success","message":"Event received successfully."}';

export interface WebhookConfig {
  /** "auto": from the signature headers, then from the payload's shape. */
  provider: "auto" | ProviderName;
  /** The one path served (query string ignored; a trailing slash does not matter). */
  path: string;
  /** Signing secrets (several: rotation). They apply to whichever provider a request is from. */
  secrets: readonly string[];
  /** Bearer tokens for Events Push (Authorization: Bearer <token>). */
  tokens: readonly string[];
  scheme?: SchemeOptions;
  /** The body limit, for the 413 message. */
  maxBodyBytes: number;
  /** Events older than this when they arrive are flagged late. */
  lateAfterMs: number;
  /** Refuse events that fail their schema (400) instead of accepting them with warnings. */
  strict?: boolean;
  /** Answer accepted events with this status instead of 200 (to exercise a sender's retries). */
  respond?: number;
  /** Answer the first N accepted events with 500 (or `respond` when set), then normally. */
  failFirst?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Forward accepted requests to this URL (the user's app) and answer with its status. */
  forwardTo?: string;
  /**
   * Authorization for the app (Basic, from credentials in the --forward-to URL): sent when the
   * request has no Authorization header of its own (the provider's is forwarded unchanged).
   */
  forwardAuthorization?: string;
  /** Re-sign forwarded requests with this secret, the detected provider's way. */
  forwardSecret?: string;
  /** Peers allowed to send (undefined: everyone). */
  allowPeer?: (ip: string) => boolean;
  /** Read the header timeout from here, for the 408 message. */
  requestTimeoutMs?: number;
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

/** Shared, never changed: a decision that needs other headers gets a new object. */
const JSON_TYPE: Readonly<Record<string, string>> = Object.freeze({ "Content-Type": "application/json" });

function errorBody(message: string): string {
  return JSON.stringify({ status: "error", message });
}

/** sha256 of the body, base64: `crypto.hash` (one call, Node 20.12+) where there is one. */
const oneShot = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: "base64" | "hex") => string }).hash;
function sha256(data: Uint8Array, encoding: "base64" | "hex" = "base64"): string {
  return oneShot ? oneShot("sha256", data, encoding) : crypto.createHash("sha256").update(data).digest(encoding);
}

/** ISO time of a receipt time, with a memory of its own: requests often share a millisecond. */
const receiptIso = isoFormatter();

let lastPath: [string, string] | undefined;
/** normalizePath of the configured path, remembered (it is the same on every request). */
function servedPath(path: string): string {
  if (lastPath?.[0] !== path) lastPath = [path, normalizePath(path)];
  return lastPath[1];
}

/** "/hooks/" and "/hooks" are the same path; the query string is not part of it. */
export function normalizePath(target: string): string {
  const q = target.search(/[?#]/);
  let p = q < 0 ? target : target.slice(0, q);
  if (!p.startsWith("/")) {
    // absolute-form target (a proxy request): keep its path
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(p);
    p = m ? (m[1] ?? "/") : "/" + p;
  }
  return p.length > 1 && p.endsWith("/") ? p.replace(/\/+$/, "") || "/" : p;
}

const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"]);

/**
 * The received headers for the log: names lower-cased, repeated values joined, credentials
 * redacted (`Authorization: Bearer [redacted]` keeps the scheme, so the log shows what was sent).
 */
export function redactHeaders(headers: HeaderBag): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(headers)) {
    const raw = headers[key];
    if (raw === undefined) continue;
    const name = key.toLowerCase();
    const value = typeof raw === "string" ? raw : raw.join(", ");
    if (SECRET_HEADERS.has(name)) {
      const scheme = /^(Bearer|Basic|Token|Digest)\s/i.exec(value);
      out[name] = scheme ? `${scheme[1]} [redacted]` : "[redacted]";
    } else {
      out[name] = value;
    }
  }
  return out;
}

function sizeText(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function issueText(issue: Issue): string {
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** Offset of the first byte that is not valid UTF-8 (-1 when all are), for the 400 message. */
export function firstBadUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n > b.length - 1) return i;
    for (let k = 1; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    const c1 = b[i + 1]!;
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 >= 0xa0) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 >= 0x90)) return i;
    i += n + 1;
  }
  return -1;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A label for requests that are not events, per status. */
const REFUSED: Record<number, string> = {
  400: "(malformed)",
  401: "(unauthorized)",
  403: "(forbidden)",
  404: "(not found)",
  405: "(wrong method)",
  408: "(timed out)",
  413: "(too large)",
  431: "(headers too large)",
};

/**
 * Decides what to answer to one request, and records it. Pure, apart from remembering the
 * request's dedupe key in `state` when it is answered 2xx (for forwarded requests, that waits for
 * withForwardResult).
 */
export function handleWebhook(req: WebhookRequest, config: WebhookConfig, state: WebhookState): Decision {
  const receivedIso = receiptIso(req.receivedAt);
  const path = normalizePath(req.url);
  const record: EventRecord = {
    v: 1,
    source: "webhook",
    received_at: receivedIso,
    ...(req.peer !== undefined && { peer: req.peer }),
    method: req.method,
    path: req.url,
    headers: redactHeaders(req.headers),
    body: "",
    body_encoding: "utf8",
  };
  const view: EventView = { receivedAt: req.receivedAt, source: "webhook", method: req.method, path: req.url, ...(req.peer !== undefined && { peer: req.peer }), warnings: [] };
  const tally: Tally = { type: "", verified: false, failed: false, duplicate: false, late: false };

  let text: string | undefined;
  const refuse = (status: number, message: string, extra?: Record<string, string>): Decision => {
    if (view.body === undefined && text !== undefined) view.rawBody = text;
    record.status = status;
    record.error = message;
    view.status = status;
    view.errors = [message, ...(view.errors ?? [])];
    tally.failed = true;
    if (!tally.type) tally.type = REFUSED[status] ?? `(${status})`;
    return { status, headers: extra ? Object.assign({}, JSON_TYPE, extra) : JSON_TYPE, body: errorBody(message), record, view, tally };
  };

  if (config.allowPeer && !config.allowPeer(req.peer ?? "")) {
    return refuse(403, `peer ${req.peer ?? "(unknown)"} is not allowed to send to this listener (--allow-ip)`);
  }
  const wantPath = servedPath(config.path);
  if (path !== wantPath) return refuse(404, `no webhook endpoint at ${path}: this listener receives POST ${wantPath}`);
  if (req.method !== "POST") {
    return refuse(405, `${req.method} is not allowed: webhooks are delivered with POST ${wantPath}`, { Allow: "POST" });
  }
  if (req.tooLarge) {
    record.body_bytes = req.tooLarge.bytes;
    return refuse(413, `body is over the ${sizeText(config.maxBodyBytes)} limit (--max-body); received ${req.tooLarge.bytes > config.maxBodyBytes ? `more than ${sizeText(config.maxBodyBytes)}` : sizeText(req.tooLarge.bytes)}`);
  }

  const encoded = encodeBody(req.body);
  record.body = encoded.body;
  record.body_encoding = encoded.body_encoding;
  text = encoded.body_encoding === "utf8" ? encoded.body : undefined;

  // Parse once, lazily: auto-detection may need it before verification.
  let parsed: { ok: true; value: unknown } | { ok: false; error: string } | undefined;
  const parse = () => {
    if (parsed) return parsed;
    if (req.body.byteLength === 0) parsed = { ok: false, error: "the body is empty: expected a JSON event" };
    else if (text === undefined) parsed = { ok: false, error: `the body is not valid UTF-8 text (bad byte at offset ${firstBadUtf8(req.body)} of ${req.body.byteLength}), so it is not JSON` };
    else {
      try {
        // RFC 8259 §8.1: a parser may ignore a byte order mark (the record keeps it).
        parsed = { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown };
      } catch (e) {
        parsed = { ok: false, error: `the body is not JSON: ${(e as Error).message}` };
      }
    }
    return parsed;
  };

  // ── Provider ──
  let providerName: ProviderName | undefined;
  let ref: EventRef | undefined;
  if (config.provider !== "auto") providerName = config.provider;
  else {
    providerName = providerFromHeaders(req.headers);
    if (!providerName && config.scheme?.header && getHeader(req.headers, config.scheme.header) !== undefined) providerName = "hmac";
    if (!providerName) {
      const p = parse();
      if (p.ok) {
        ref = detectEvent(p.value);
        providerName = ref?.provider;
      }
    }
  }
  if (providerName) {
    record.provider = providerName;
    view.provider = providerName;
  }

  // ── Signature / token, on the raw bytes ──
  let verification: Check;
  const provider = providerName ? getProvider(providerName) : undefined;
  if (!provider) {
    if (config.secrets.length > 0 || config.tokens.length > 0) {
      const p = parse();
      if (!p.ok) return refuse(400, p.error);
      const seen = headerNames(req.headers);
      verification = {
        verdict: "invalid",
        reason: "missing-header",
        message: `cannot tell who sent this: no Zubie-Signature, X-Uber-Signature or webhook-signature header, and the body is not a known provider's event (headers seen: ${seen.join(", ") || "none"}); use --provider`,
        diagnoses: [],
      };
    } else {
      verification = { verdict: "skipped", message: "not verified: no secret given (--secret) and no known signature header", diagnoses: [] };
    }
  } else if (provider.auth === "unsigned") {
    verification = provider.verify({ body: req.body, headers: req.headers, secrets: [], now: req.receivedAt });
  } else {
    const keys = provider.auth === "bearer" ? (config.tokens.length > 0 ? config.tokens : config.provider === provider.name ? config.secrets : []) : config.secrets;
    if (keys.length === 0) {
      const flag = provider.auth === "bearer" ? "--token" : "--secret";
      verification = { verdict: "skipped", message: `not verified: no ${provider.secretName} given (${flag})`, diagnoses: [] };
    } else {
      verification = provider.verify({ body: req.body, headers: req.headers, secrets: keys, now: req.receivedAt, ...(config.scheme && { options: config.scheme }) });
    }
  }
  const checked: NonNullable<EventRecord["verification"]> = { verdict: verification.verdict, message: verification.message };
  if (verification.reason) checked.reason = verification.reason;
  if (verification.matchedSecret !== undefined) checked.matched_secret = verification.matchedSecret;
  record.verification = checked;
  view.verdict = verification.verdict;
  tally.verified = verification.verdict === "valid";
  if (verification.verdict === "invalid") {
    const more = verification.diagnoses.slice(1).map((d) => d.message);
    view.warnings.push(...more);
    // Say which event it would have been (the body is not trusted, but it helps to find the sender).
    const p = parse();
    const claimed = ref ?? (p.ok ? detectEvent(p.value) : undefined);
    if (claimed) {
      record.event = claimed.event;
      view.event = claimed.event;
      tally.type = claimed.event;
    }
    return refuse(401, `signature check failed: ${verification.message}`);
  }
  if (verification.verdict === "skipped") view.warnings.push(verification.message);

  // ── JSON, event type, schema ──
  const p = parse();
  if (!p.ok) return refuse(400, p.error);
  const payload = p.value;
  view.body = payload;
  if (ref === undefined) ref = detectEvent(payload);
  const schemaProvider = (SCHEMA_PROVIDERS as readonly string[]).includes(providerName ?? "") ? providerName : undefined;
  if (ref && schemaProvider && ref.provider !== schemaProvider) {
    view.warnings.push(`the payload looks like a ${ref.provider} event (${ref.event}), but the request came as ${schemaProvider}`);
  }
  let eventType = ref?.event;
  if (eventType === undefined && isObject(payload) && typeof payload.type === "string") eventType = payload.type; // Standard Webhooks convention
  if (eventType !== undefined) {
    record.event = eventType;
    view.event = eventType;
  }
  tally.type = eventType ?? "(other)";
  let schemaErrors: string[] = [];
  if (ref || schemaProvider) {
    const validation = validateEvent(payload, ref ? { schema: ref } : {});
    schemaErrors = validation.errors.map(issueText);
    const warnings = validation.warnings.map(issueText);
    record.validation = { valid: validation.valid, errors: schemaErrors, warnings };
    if (!validation.valid || warnings.length > 0) {
      const shown = schemaErrors.slice(0, 5).map((e) => `schema: ${e}`);
      if (schemaErrors.length > 5) shown.push(`schema: … and ${schemaErrors.length - 5} more problems`);
      view.warnings.push(...shown, ...warnings.map((w) => `schema: ${w}`));
    }
  }

  // ── Facts: id, time, who, summary ──
  const facts: EventFacts = eventFacts(ref, payload);
  if (facts.id) {
    record.event_id = facts.id;
    view.id = facts.id;
  }
  if (facts.time !== undefined) record.event_time = isoTime(facts.time);
  if (facts.who) view.who = facts.who;
  if (facts.summary) view.summary = facts.summary;

  // ── Duplicate ──
  const webhookId = providerName === "standard-webhooks" ? getHeader(req.headers, "webhook-id")?.trim() : undefined;
  const dedupeKey = facts.id
    ? `${providerName ?? "?"}:id:${facts.id}`
    : webhookId
      ? `webhook-id:${webhookId}`
      : `sha256:${sha256(req.body)}`;
  const first = state.recent.get(dedupeKey);
  if (first !== undefined) {
    record.duplicate_of = first;
    tally.duplicate = true;
    view.warnings.push(duplicateWarning(first, { ...(facts.id && { id: facts.id }), ...(webhookId && { webhookId }) }));
  }

  // ── Lateness ──
  if (facts.time !== undefined) {
    const lateBy = req.receivedAt - facts.time;
    if (lateBy > config.lateAfterMs) {
      record.late_by_ms = lateBy;
      tally.late = true;
      view.warnings.push(lateWarning(lateBy, facts.time));
    } else if (-lateBy > config.lateAfterMs) {
      view.warnings.push(futureWarning(-lateBy, facts.time));
    }
  }

  if (config.strict && schemaErrors.length > 0) {
    return refuse(400, `the event does not match its schema (--strict): ${schemaErrors[0]}${schemaErrors.length > 1 ? ` (and ${schemaErrors.length - 1} more)` : ""}`);
  }

  // ── Accepted: simulated failures, forwarding, or the acknowledgement ──
  state.accepted++;
  const decision: Decision = { status: 200, headers: JSON_TYPE, body: ACK_BODY, record, view, tally, dedupeKey };
  if (config.delayMs) decision.delayMs = config.delayMs;
  if (config.failFirst !== undefined && state.accepted <= config.failFirst) {
    const status = config.respond !== undefined && config.respond >= 400 ? config.respond : 500;
    const why = `simulated failure ${state.accepted} of ${config.failFirst} (--fail-first)`;
    record.simulated = why;
    (view.notes ??= []).push(`${why}: answered ${status}`);
    return finish(decision, status, errorBody(why), state);
  }
  if (config.respond !== undefined) {
    const why = `status set by --respond ${config.respond}`;
    record.simulated = why;
    (view.notes ??= []).push(why);
    const ok = config.respond >= 200 && config.respond < 300;
    return finish(decision, config.respond, config.respond === 204 || config.respond === 304 ? "" : ok ? ACK_BODY : errorBody(why), state);
  }
  if (config.forwardTo) {
    decision.forward = forwardPlan(req, providerName, config);
    record.status = undefined;
    return decision;
  }
  return finish(decision, 200, ACK_BODY, state);
}

/** Builds the schemas ahead of the first request (they are built on first use, ~50 ms). */
export function warmUp(): void {
  validateEvent({ event: "trip_end", user_key: "" });
}

function finish(decision: Decision, status: number, body: string | Uint8Array, state: WebhookState): Decision {
  decision.status = status;
  decision.body = body;
  decision.record.status = status;
  decision.view.status = status;
  if (status >= 200 && status < 300 && decision.dedupeKey && decision.record.duplicate_of === undefined) {
    state.recent.remember(decision.dedupeKey, decision.record.received_at);
  }
  return decision;
}

// ── Forwarding ───────────────────────────────────────────────────────────────────────────────

/** Headers that belong to one connection, not to the message: never forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length", "expect", "http2-settings"]);

/**
 * The request to send to the app: the raw body and the received headers unchanged (less the
 * hop-by-hop ones), or re-signed with `forwardSecret` the provider's way.
 */
export function forwardPlan(req: WebhookRequest, providerName: ProviderName | undefined, config: WebhookConfig): ForwardPlan {
  const headers: Record<string, string> = {};
  for (const key of Object.keys(req.headers)) {
    const v = req.headers[key];
    if (v === undefined || HOP_BY_HOP.has(key.toLowerCase())) continue;
    headers[key.toLowerCase()] = typeof v === "string" ? v : v.join(", ");
  }
  if (config.forwardAuthorization && headers.authorization === undefined) headers.authorization = config.forwardAuthorization;
  const plan: ForwardPlan = { url: config.forwardTo!, method: "POST", headers, body: req.body, resigned: false };
  if (config.forwardSecret === undefined) return plan;
  const provider = providerName ? getProvider(providerName) : undefined;
  if (!provider) {
    plan.warning = "not re-signed: the sender's provider is unknown (use --provider)";
    return plan;
  }
  if (provider.auth === "unsigned") {
    plan.warning = `not re-signed: ${provider.title} webhooks are unsigned`;
    return plan;
  }
  const webhookId = getHeader(req.headers, "webhook-id")?.trim() || `msg_${sha256(req.body, "hex").slice(0, 24)}`;
  const signed = provider.sign({ body: req.body, secret: config.forwardSecret, id: webhookId, timestamp: Math.floor(req.receivedAt / 1000), ...(config.scheme && { options: config.scheme }) });
  for (const [name, value] of Object.entries(signed)) {
    if (name.toLowerCase() === "content-type" && headers["content-type"] !== undefined) continue;
    headers[name.toLowerCase()] = value;
  }
  plan.resigned = true;
  return plan;
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

/** Clips the app's response to one line for the log and the screen. */
function responseStart(body: string, max = 200): string {
  const one = body.replace(/\s+/g, " ").trim();
  return one.length > max ? one.slice(0, max - 1) + "…" : one;
}

/** Completes a forwarded request's decision with the app's answer: the provider gets the app's status. */
export function withForwardResult(decision: Decision, result: ForwardResult, state: WebhookState): Decision {
  const plan = decision.forward!;
  const f: NonNullable<EventRecord["forward"]> = { url: plan.url, latency_ms: Math.round(result.latencyMs), ...(plan.resigned && { resigned: true }) };
  const notes = (decision.view.notes ??= []);
  if (plan.warning) notes.push(`forward: ${plan.warning}`);
  if (result.status === undefined) {
    const status = result.timedOut ? 504 : 502;
    const message = `could not deliver to the app at ${plan.url}: ${result.error ?? "no answer"}`;
    f.error = result.error ?? "no answer";
    decision.record.forward = f;
    decision.record.error = message;
    decision.view.errors = [...(decision.view.errors ?? []), message];
    decision.tally.failed = true;
    decision.headers = JSON_TYPE;
    return finish(decision, status, errorBody(message), state);
  }
  f.status = result.status;
  const start = result.body !== undefined && result.body !== "" ? responseStart(result.body) : undefined;
  if (start !== undefined) f.response = start;
  decision.record.forward = f;
  notes.push(`forwarded to ${plan.url}${plan.resigned ? " (re-signed)" : ""}: ${result.status} in ${formatDuration(result.latencyMs)}${start !== undefined ? ` ${start}` : ""}`);
  decision.headers = result.headers ?? (result.contentType ? { "Content-Type": result.contentType } : {});
  return finish(decision, result.status, result.raw ?? result.body ?? "", state);
}

// ── Requests that never got that far ─────────────────────────────────────────────────────────

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

/**
 * The answer and the record for a request node:http could not complete: headers too large (431),
 * too slow (408), malformed HTTP (400), or a client that hung up (no answer possible: status
 * undefined). `status` 0 means do not answer.
 */
export function handleClientProblem(problem: ClientProblem): Decision {
  const head = problem.raw ? Buffer.from(problem.raw.subarray(0, 2048)).toString("latin1") : "";
  const line = /^([A-Z]{3,12}) (\S{1,2048}) HTTP\/\d\.\d\r?\n/.exec(head);
  const method = problem.request?.method ?? line?.[1];
  const url = problem.request?.url ?? line?.[2];
  const record: EventRecord = {
    v: 1,
    source: "webhook",
    received_at: isoTime(problem.receivedAt),
    ...(problem.peer !== undefined && { peer: problem.peer }),
    ...(method !== undefined && { method }),
    ...(url !== undefined && { path: url }),
    ...(problem.request && { headers: redactHeaders(problem.request.headers) }),
    body: "",
    body_encoding: "utf8",
    ...(problem.bodyBytes !== undefined && problem.bodyBytes > 0 && { body_bytes: problem.bodyBytes }),
  };
  let status: number;
  let message: string;
  let label: string;
  switch (problem.code) {
    case "HPE_HEADER_OVERFLOW":
      status = 431;
      message = `request headers are over the ${problem.headerLimitBytes ? sizeText(problem.headerLimitBytes) : "size"} limit`;
      label = REFUSED[431]!;
      break;
    case "ERR_HTTP_REQUEST_TIMEOUT":
      status = 408;
      message = `the request did not arrive in full within ${problem.timeoutMs ? formatDuration(problem.timeoutMs) : "the time limit"} (slow client; --request-timeout)`;
      label = REFUSED[408]!;
      break;
    case "ECONNRESET":
    case "EPIPE":
    case "HPE_INVALID_EOF_STATE":
    case "ABORTED":
      status = 0;
      message = `the client closed the connection before the request was complete${problem.bodyBytes ? ` (after ${problem.bodyBytes} body bytes)` : ""}`;
      label = "(aborted)";
      break;
    default:
      status = 400;
      message = `malformed HTTP request: ${problem.message.replace(/^Parse Error:\s*/, "")}${problem.code.startsWith("HPE_") ? ` (${problem.code})` : ""}`;
      label = REFUSED[400]!;
  }
  if (status) record.status = status;
  record.error = message;
  const view: EventView = {
    receivedAt: problem.receivedAt,
    source: "webhook",
    ...(method !== undefined && { method }),
    ...(url !== undefined && { path: url }),
    ...(problem.peer !== undefined && { peer: problem.peer }),
    ...(status && { status }),
    errors: [message],
    warnings: [],
  };
  if (method === undefined) view.event = "(malformed request)";
  return {
    status,
    headers: { "Content-Type": "application/json", Connection: "close" },
    body: errorBody(message),
    record,
    view,
    tally: { type: label, verified: false, failed: true, duplicate: false, late: false },
  };
}
