/**
 * Webhook handling as a pure function: a request ({method, url, headers, raw body bytes, receipt
 * time, peer}) plus the listener's settings (its routes) and state (the recent deliveries, counters)
 * in; the decision out — the status and body to answer, the event-log record, the view to print, and
 * what the summary counts. The HTTP adapter (src/io/http-server.ts) only reads bytes and writes answers.
 *
 * The sections, in order:
 *   identify  peer allowed → route (path) → method → body size → provider (identify.ts)
 *   verify    the signature or token on the raw bytes (verify.ts)
 *   assess    UTF-8 and JSON → event type and schema → facts → duplicate → lateness (assess.ts)
 *   respond   --strict → simulated failures → forwarding (forward.ts) or the acknowledgement (respond.ts)
 * Requests node:http could not complete are in client-problem.ts.
 */
import { encodeBody, type EventRecord } from "../events/record.js";
import type { EventView } from "../events/view.js";
import { isoFormatter } from "../iso-time.js";
import { getProvider, providerNames, providers } from "../providers/index.js";
import { detectEvent } from "../schemas/detect.js";
import { validateEvent } from "../schemas/index.js";
import { assess } from "./assess.js";
import { identify, normalizePath, redactHeaders, routesAt, served } from "./identify.js";
import { respond } from "./respond.js";
import { errorBody, JSON_TYPE, REFUSED, sizeText, type Decision, type Tally, type WebhookConfig, type WebhookRequest, type WebhookState } from "./types.js";
import { verifyRequest } from "./verify.js";

/** ISO time of a receipt time, with a memory of its own: requests often share a millisecond. */
const receiptIso = isoFormatter();

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

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** The body as JSON, or why it is not. */
function parseBody(body: Uint8Array, text: string | undefined): Parsed {
  if (body.byteLength === 0) return { ok: false, error: "the body is empty: expected a JSON event" };
  if (text === undefined) return { ok: false, error: `the body is not valid UTF-8 text (bad byte at offset ${firstBadUtf8(body)} of ${body.byteLength}), so it is not JSON` };
  try {
    // RFC 8259 §8.1: a parser may ignore a byte order mark (the record keeps it).
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown };
  } catch (e) {
    return { ok: false, error: `the body is not JSON: ${(e as Error).message}` };
  }
}

/**
 * Decides what to answer to one request, and records it. Pure, apart from remembering the
 * request's dedupe key in `state` when it is answered 2xx (for forwarded requests, that waits for
 * withForwardResult).
 */
export function handleWebhook(req: WebhookRequest, config: WebhookConfig, state: WebhookState): Decision {
  const path = normalizePath(req.url);
  const record: EventRecord = {
    v: 1,
    source: "webhook",
    received_at: receiptIso(req.receivedAt),
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

  // ── Identify: peer, route, method, size ──
  if (config.allowPeer && !config.allowPeer(req.peer ?? "")) {
    return refuse(403, `peer ${req.peer ?? "(unknown)"} is not allowed to send to this listener (--allow-ip)`);
  }
  const here = routesAt(config.routes, path);
  if (here.length === 0) return refuse(404, `no webhook endpoint at ${path}: this listener receives ${served(config.routes)}`);
  const route = here.find((r) => r.method === req.method);
  if (!route) {
    const methods = here.map((r) => r.method);
    // A GET on a POST route: a provider that forwards by GET is served with a GET route.
    const byGet = req.method === "GET" ? providerNames.filter((n) => providers[n].query) : [];
    const hint = byGet.length ? ` (${byGet.join(", ")} deliver${byGet.length === 1 ? "s" : ""} by GET: serve ${byGet.length === 1 ? "it" : "them"} with --route "GET ${path}=${byGet[0]}")` : "";
    return refuse(405, `${req.method} is not allowed: webhooks are delivered with ${methods.join(" or ")} ${path}${hint}`, { Allow: methods.join(", ") });
  }
  if (req.tooLarge) {
    record.body_bytes = req.tooLarge.bytes;
    return refuse(413, `body is over the ${sizeText(config.maxBodyBytes)} limit (--max-body); received ${req.tooLarge.bytes > config.maxBodyBytes ? `more than ${sizeText(config.maxBodyBytes)}` : sizeText(req.tooLarge.bytes)}`);
  }
  const encoded = encodeBody(req.body);
  record.body = encoded.body;
  record.body_encoding = encoded.body_encoding;
  text = encoded.body_encoding === "utf8" ? encoded.body : undefined;
  // Parsed once, when first needed: auto-detection may need it before verification. A GET delivery
  // carries its event in the query string (the record keeps it in `path`).
  const byQuery = route.method === "GET" && route.provider !== "auto" ? getProvider(route.provider)?.query : undefined;
  if (route.method === "GET" && !byQuery) return refuse(400, `GET deliveries carry their event in the query string, which ${route.label ?? route.provider} does not do: serve it with POST`);
  let parsed: Parsed | undefined;
  const parse = () => (parsed ??= byQuery ? { ok: true, value: byQuery.toPayload(new URLSearchParams(req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "")) } : parseBody(req.body, text));

  const { provider: providerName, ref } = identify(route, req.headers, parse);
  if (providerName) {
    record.provider = providerName;
    view.provider = providerName;
  }

  // ── Verify, on the raw bytes ──
  const verification = verifyRequest(req, route, config.routes, providerName);
  const checked: NonNullable<EventRecord["verification"]> = { verdict: verification.verdict, message: verification.message };
  if (verification.reason) checked.reason = verification.reason;
  if (verification.matchedSecret !== undefined) checked.matched_secret = verification.matchedSecret;
  record.verification = checked;
  view.verdict = verification.verdict;
  tally.verified = verification.verdict === "valid";
  if (verification.verdict === "invalid") {
    view.warnings.push(...verification.diagnoses.slice(1).map((d) => d.message));
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

  // ── Assess: JSON, schema, facts, duplicate, lateness ──
  const p = parse();
  if (!p.ok) return refuse(400, p.error);
  const { schemaErrors, dedupeKey } = assess({ payload: p.value, body: req.body, headers: req.headers, receivedAt: req.receivedAt, providerName, ref, lateAfterMs: config.lateAfterMs }, record, view, tally, state);

  // ── Respond ──
  if (route.strict && schemaErrors.length > 0) {
    return refuse(400, `the event does not match its schema (--strict): ${schemaErrors[0]}${schemaErrors.length > 1 ? ` (and ${schemaErrors.length - 1} more)` : ""}`);
  }
  return respond({ status: 200, headers: JSON_TYPE, body: "", record, view, tally, dedupeKey }, req, route, providerName, p.value, config, state);
}

/** Builds the schemas ahead of the first request (they are built on first use, ~50 ms). */
export function warmUp(): void {
  validateEvent({ event: "trip_end", user_key: "" });
}
