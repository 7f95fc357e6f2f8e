import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  ACK_BODY,
  firstBadUtf8,
  forwardPlan,
  handleClientProblem,
  handleWebhook,
  normalizePath,
  redactHeaders,
  WebhookState,
  withForwardResult,
  type RouteConfig,
  type RouteKeys,
  type WebhookConfig,
  type WebhookRequest,
} from "../../../src/core/webhook/index.js";
import { providerNames, providers } from "../../../src/core/providers/index.js";

const FIXTURES = join(__dirname, "../../../fixtures");
const bytes = (id: string) => readFileSync(join(FIXTURES, `${id}.json`));
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const SECRET = "app-secret-123";

const zubieSig = (body: Uint8Array, secret = SECRET) => createHmac("sha256", secret).update(body).digest("base64");
const uberSig = (body: Uint8Array, secret = SECRET) => createHmac("sha256", secret).update(body).digest("hex");

interface Settings extends Partial<Omit<WebhookConfig, "routes">>, Partial<Omit<RouteConfig, "keys" | "provider">> {
  provider?: RouteConfig["provider"];
  secrets?: string[];
  tokens?: string[];
  devKeys?: boolean;
}

/** One route, as `listen --provider P --path X --secret S --token T` sets it up. */
function config(extra: Settings = {}): WebhookConfig {
  const { provider = "auto", path = "/", method = "POST", secrets = [SECRET], tokens = [], scheme, strict, forwardTo, forwardAuthorization, forwardSecret, devKeys, ...rest } = extra;
  const keys: Record<string, RouteKeys> = {};
  for (const p of provider === "auto" ? providerNames : [provider]) {
    if (providers[p].auth === "unsigned") continue;
    const k = providers[p].auth === "bearer" ? (tokens.length ? tokens : provider === p ? secrets : []) : secrets;
    if (k.length) keys[p] = { keys: k, ...(devKeys && { dev: true, hint: "--secret-env ZUBIE_SECRET" }) };
  }
  const route: RouteConfig = { path, method, provider, keys, ...(scheme && { scheme }), ...(strict && { strict }), ...(forwardTo && { forwardTo }), ...(forwardAuthorization && { forwardAuthorization }), ...(forwardSecret && { forwardSecret }) };
  return { routes: [route], maxBodyBytes: 1 << 20, lateAfterMs: 5 * 60_000, ...rest };
}

function post(body: Uint8Array | string, headers: Record<string, string> = {}, extra: Partial<WebhookRequest> = {}): WebhookRequest {
  const b = typeof body === "string" ? Buffer.from(body) : body;
  return { method: "POST", url: "/", headers: { "content-type": "application/json", ...headers }, body: b, receivedAt: NOW, peer: "127.0.0.1", ...extra };
}

/** A Zubie event whose timestamp is `ageMs` before NOW (not late unless asked). */
function zubieEvent(extra: Record<string, unknown> = {}, ageMs = 1000): Buffer {
  const payload = JSON.parse(bytes("zubie/trip_end").toString()) as Record<string, unknown>;
  payload.timestamp = new Date(NOW - ageMs).toISOString();
  return Buffer.from(JSON.stringify({ ...payload, ...extra }));
}

describe("handleWebhook: accepted events", () => {
  it("verifies a signed Zubie event, validates it, records it and answers 200 with the acknowledgement", () => {
    const body = zubieEvent();
    const d = handleWebhook(post(body, { "Zubie-Signature": zubieSig(body) }), config(), new WebhookState());
    expect(d.status).toBe(200);
    expect(d.body).toBe(ACK_BODY);
    expect(JSON.parse(String(d.body))).toEqual({ status: "success", message: "Event received successfully." });
    expect(d.record).toMatchObject({
      v: 1, source: "webhook", received_at: "2026-11-24T12:00:00.000Z", peer: "127.0.0.1", method: "POST", path: "/",
      body: body.toString(), body_encoding: "utf8", provider: "zubie", event: "trip_end", status: 200,
      verification: { verdict: "valid", matched_secret: 0 }, validation: { valid: true, errors: [], warnings: [] },
      event_time: "2026-11-24T11:59:59.000Z",
    });
    expect(d.record.duplicate_of).toBeUndefined();
    expect(d.record.late_by_ms).toBeUndefined();
    expect(d.view).toMatchObject({ provider: "zubie", event: "trip_end", verdict: "valid", status: 200, who: "HO787189 (VIN 5FNRL38249B044393)", warnings: [] });
    expect(d.tally).toEqual({ type: "trip_end", verified: true, failed: false, duplicate: false, late: false });
  });

  it("every bundled fixture, signed the provider's way, is accepted in auto mode", () => {
    const cases: [string, Record<string, string>][] = [
      ["zubie/vehicle_geofence_departure", {}],
      ["uber/driver_online", { "X-Uber-Signature": uberSig(bytes("uber/driver_online")) }],
      ["events-push/sos", { Authorization: "Bearer tok-1" }],
      ["automatic/mil_on", {}],
    ];
    cases[0]![1] = { "Zubie-Signature": zubieSig(bytes("zubie/vehicle_geofence_departure")) };
    for (const [id, headers] of cases) {
      const d = handleWebhook(post(bytes(id), headers), config({ tokens: ["tok-1"] }), new WebhookState());
      expect(d.status, id).toBe(200);
      expect(d.record.provider, id).toBe(id.split("/")[0]);
      expect(d.record.validation?.valid, id).toBe(true);
    }
  });

  it("auto: the provider comes from the signature header first, then from the payload's shape", () => {
    const uberBody = bytes("uber/driver_ontrip");
    // Uber's header wins even though nothing else is said.
    expect(handleWebhook(post(uberBody, { "X-Uber-Signature": uberSig(uberBody) }), config(), new WebhookState()).record).toMatchObject({ provider: "uber", event: "REALTIME_DRIVER_STATUS_CHANGE", verification: { verdict: "valid" } });
    // No signature header: Automatic's shape says who it is, and Automatic webhooks are unsigned.
    const d = handleWebhook(post(bytes("automatic/trip_finished")), config(), new WebhookState());
    expect(d.status).toBe(200);
    expect(d.record).toMatchObject({ provider: "automatic", event: "trip:finished", event_id: "E_5a1c3e7000000007", verification: { verdict: "unsigned" } });
  });

  it("standard-webhooks: verified with the reference library's signature; dedupe by webhook-id; type read from the payload", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = JSON.stringify({ type: "invoice.paid", data: { id: 7 } });
    const wh = new Webhook(secret);
    const at = new Date(NOW);
    const sig = wh.sign("msg_1", at, body);
    const headers = { "webhook-id": "msg_1", "webhook-timestamp": String(NOW / 1000), "webhook-signature": sig };
    const state = new WebhookState();
    const first = handleWebhook(post(body, headers), config({ secrets: [secret] }), state);
    expect(first.record).toMatchObject({ provider: "standard-webhooks", event: "invoice.paid", status: 200, verification: { verdict: "valid" } });
    expect(first.record.validation).toBeUndefined();
    const again = handleWebhook(post(body, headers, { receivedAt: NOW + 1000 }), config({ secrets: [secret] }), state);
    expect(again.record.duplicate_of).toBe("2026-11-24T12:00:00.000Z");
    expect(again.view.warnings).toContain("duplicate of the delivery received at 2026-11-24T12:00:00.000Z (webhook-id msg_1)");
  });

  it("generic HMAC: in auto mode the configured --signature-header means hmac; the payload is any JSON", () => {
    const body = Buffer.from('{"kind":"ping","n":1}');
    const sig = "sha256=" + createHmac("sha256", SECRET).update(body).digest("hex");
    const scheme = { header: "X-Hub-Signature-256", prefix: "sha256=" };
    const d = handleWebhook(post(body, { "x-hub-signature-256": sig }), config({ scheme }), new WebhookState());
    expect(d.status).toBe(200);
    expect(d.record).toMatchObject({ provider: "hmac", verification: { verdict: "valid" } });
    expect(d.record.validation).toBeUndefined();
    expect(d.tally.type).toBe("(other)");
    const bad = handleWebhook(post(body, { "x-hub-signature-256": "sha256=" + "0".repeat(64) }), config({ provider: "hmac", scheme }), new WebhookState());
    expect(bad.status).toBe(401);
  });

  it("flags a duplicate (Uber event_id) and still acknowledges it", () => {
    const body = bytes("uber/driver_offline");
    const state = new WebhookState();
    const req = post(body, { "X-Uber-Signature": uberSig(body) });
    expect(handleWebhook(req, config(), state).record.duplicate_of).toBeUndefined();
    const d = handleWebhook({ ...req, receivedAt: NOW + 5000 }, config(), state);
    expect(d.status).toBe(200);
    expect(d.record.duplicate_of).toBe("2026-11-24T12:00:00.000Z");
    expect(d.tally.duplicate).toBe(true);
    expect(d.view.warnings[0]).toBe("duplicate of the delivery received at 2026-11-24T12:00:00.000Z (event id d5e3f9a2-7b4c-4eaf-9f81-6c2b0a3d4e06)");
  });

  it("flags a late event (event time against receipt time) and an event from the future", () => {
    const late = zubieEvent({}, 2 * 3600_000 + 5 * 60_000);
    const d = handleWebhook(post(late, { "Zubie-Signature": zubieSig(late) }), config(), new WebhookState());
    expect(d.status).toBe(200);
    expect(d.record.late_by_ms).toBe(2 * 3600_000 + 5 * 60_000);
    expect(d.view.warnings).toContain("late by 2h 5m (event time 2026-11-24T09:55:00.000Z)");
    expect(d.tally.late).toBe(true);
    const early = zubieEvent({}, -10 * 60_000);
    const f = handleWebhook(post(early, { "Zubie-Signature": zubieSig(early) }), config(), new WebhookState());
    expect(f.record.late_by_ms).toBeUndefined();
    expect(f.view.warnings[0]).toMatch(/^event time is 10m in the future/);
    // The threshold is a setting.
    expect(handleWebhook(post(late, { "Zubie-Signature": zubieSig(late) }), config({ lateAfterMs: 3 * 3600_000 }), new WebhookState()).record.late_by_ms).toBeUndefined();
  });

  it("schema problems are warnings and still acknowledged, unless strict (400)", () => {
    const body = zubieEvent({ trip: { distance: "far" } });
    const headers = { "Zubie-Signature": zubieSig(body) };
    const d = handleWebhook(post(body, headers), config(), new WebhookState());
    expect(d.status).toBe(200);
    expect(d.record.validation?.valid).toBe(false);
    expect(d.record.validation?.errors.length).toBeGreaterThan(0);
    expect(d.view.warnings.some((w) => w.startsWith("schema: $.trip"))).toBe(true);
    const s = handleWebhook(post(body, headers), config({ strict: true }), new WebhookState());
    expect(s.status).toBe(400);
    expect(JSON.parse(String(s.body)).message).toMatch(/^the event does not match its schema \(--strict\): \$\.trip/);
  });

  it("without a secret, signed requests are accepted but marked not verified", () => {
    const body = zubieEvent();
    const d = handleWebhook(post(body, { "Zubie-Signature": zubieSig(body) }), config({ secrets: [] }), new WebhookState());
    expect(d.status).toBe(200);
    expect(d.record.verification).toEqual({ verdict: "skipped", message: "not verified: no app secret given (--secret)" });
    expect(d.view.warnings[0]).toBe("not verified: no app secret given (--secret)");
  });

  it("a fixed provider is used even when the payload looks like another's, with a warning", () => {
    const body = bytes("uber/driver_online");
    const d = handleWebhook(post(body, { "Zubie-Signature": zubieSig(body) }), config({ provider: "zubie" }), new WebhookState());
    expect(d.status).toBe(200);
    expect(d.record.provider).toBe("zubie");
    expect(d.view.warnings[0]).toBe("the payload looks like a uber event (REALTIME_DRIVER_STATUS_CHANGE), but the request came as zubie");
  });

  it("events-push with --provider uses --secret as the bearer token when no --token is given", () => {
    const d = handleWebhook(post(bytes("events-push/overspeed"), { Authorization: "Bearer s3" }), config({ provider: "events-push", secrets: ["s3"] }), new WebhookState());
    expect(d.record.verification?.verdict).toBe("valid");
    expect(d.record.headers?.authorization).toBe("Bearer [redacted]");
  });
});

describe("handleWebhook: refusals", () => {
  const body = zubieEvent();

  it("401 for a bad signature, with the diagnosis, the event it claims to be, and the body kept", () => {
    const d = handleWebhook(post(body, { "Zubie-Signature": zubieSig(body, "other") }), config(), new WebhookState());
    expect(d.status).toBe(401);
    expect(JSON.parse(String(d.body))).toEqual({ status: "error", message: expect.stringMatching(/^signature check failed: Zubie-Signature does not match/) });
    expect(d.record).toMatchObject({ status: 401, provider: "zubie", event: "trip_end", verification: { verdict: "invalid", reason: "mismatch" }, body: body.toString() });
    expect(d.view.verdict).toBe("invalid");
    expect(d.tally).toMatchObject({ type: "trip_end", failed: true, verified: false });
  });

  it("401 explains a body re-serialized by a proxy", () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2));
    const d = handleWebhook(post(pretty, { "Zubie-Signature": zubieSig(body) }), config(), new WebhookState());
    expect(d.status).toBe(401);
    expect(d.record.verification?.reason).toBe("body-modified");
    expect(d.record.error).toContain("re-serialized");
  });

  it("401 when a secret is set and nothing says who sent the request", () => {
    const d = handleWebhook(post('{"hello":"world"}'), config(), new WebhookState());
    expect(d.status).toBe(401);
    expect(d.record.error).toContain("cannot tell who sent this");
    expect(d.record.error).toContain("headers seen: content-type");
  });

  it("401 for a missing or wrong bearer token", () => {
    const push = bytes("events-push/fuel_fill");
    expect(handleWebhook(post(push), config({ tokens: ["t1"] }), new WebhookState()).status).toBe(401);
    const wrong = handleWebhook(post(push, { Authorization: "Bearer nope" }), config({ tokens: ["t1"] }), new WebhookState());
    expect(wrong.status).toBe(401);
    expect(wrong.record.headers?.authorization).toBe("Bearer [redacted]");
    expect(JSON.stringify(wrong.record)).not.toContain("nope");
  });

  it("400 for a body that is not JSON, empty, or not UTF-8 (kept as base64)", () => {
    const notJson = handleWebhook(post("{nope"), config({ secrets: [] }), new WebhookState());
    expect(notJson.status).toBe(400);
    expect(JSON.parse(String(notJson.body)).message).toMatch(/^the body is not JSON: /);
    expect(notJson.view.rawBody).toBe("{nope");
    expect(handleWebhook(post(""), config({ secrets: [] }), new WebhookState()).record.error).toBe("the body is empty: expected a JSON event");
    const binary = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const b = handleWebhook(post(binary), config({ secrets: [] }), new WebhookState());
    expect(b.status).toBe(400);
    expect(b.record).toMatchObject({ body: binary.toString("base64"), body_encoding: "base64", error: "the body is not valid UTF-8 text (bad byte at offset 2 of 6), so it is not JSON" });
    // A signed provider's request is verified first: a bad signature is 401 even when the body is junk.
    expect(handleWebhook(post("junk", { "Zubie-Signature": "AAAA" }), config(), new WebhookState()).status).toBe(401);
    // …and a good signature over junk is 400.
    expect(handleWebhook(post("junk", { "Zubie-Signature": zubieSig(Buffer.from("junk")) }), config(), new WebhookState()).status).toBe(400);
  });

  it("404 for other paths, 405 for other methods (with Allow), 413 for a body over the limit, 403 for a peer not allowed", () => {
    const nf = handleWebhook(post(body, {}, { url: "/other?x=1" }), config({ path: "/hooks" }), new WebhookState());
    expect(nf.status).toBe(404);
    expect(JSON.parse(String(nf.body))).toEqual({ status: "error", message: "no webhook endpoint at /other: this listener receives POST /hooks" });
    expect(handleWebhook(post(body, { "Zubie-Signature": zubieSig(body) }, { url: "/hooks/?a=b" }), config({ path: "/hooks" }), new WebhookState()).status).toBe(200);
    const m = handleWebhook({ ...post(""), method: "GET" }, config(), new WebhookState());
    expect(m).toMatchObject({ status: 405, headers: { Allow: "POST" } });
    const big = handleWebhook(post(Buffer.alloc(0), {}, { tooLarge: { bytes: 5 << 20 } }), config({ maxBodyBytes: 1 << 20 }), new WebhookState());
    expect(big.status).toBe(413);
    expect(JSON.parse(String(big.body)).message).toBe("body is over the 1 MiB limit (--max-body); received more than 1 MiB");
    expect(big.record.body_bytes).toBe(5 << 20);
    const ip = handleWebhook(post(body, {}, { peer: "10.1.2.3" }), config({ allowPeer: (p) => p === "127.0.0.1" }), new WebhookState());
    expect(ip.status).toBe(403);
    expect(ip.record.error).toBe("peer 10.1.2.3 is not allowed to send to this listener (--allow-ip)");
  });

  it("refused requests do not count as delivered: a later valid delivery is not a duplicate", () => {
    const state = new WebhookState();
    handleWebhook(post(body, { "Zubie-Signature": "bad" }), config(), state);
    expect(handleWebhook(post(body, { "Zubie-Signature": zubieSig(body) }), config(), state).record.duplicate_of).toBeUndefined();
  });
});

describe("handleWebhook: simulated failures", () => {
  const body = zubieEvent();
  const req = post(body, { "Zubie-Signature": zubieSig(body) });

  it("--fail-first N answers the first N accepted events 500, then 200; retries are not duplicates", () => {
    const state = new WebhookState();
    const cfg = config({ failFirst: 2 });
    const statuses = [1, 2, 3, 4].map(() => handleWebhook(req, cfg, state));
    expect(statuses.map((d) => d.status)).toEqual([500, 500, 200, 200]);
    expect(statuses[0]!.record.simulated).toBe("simulated failure 1 of 2 (--fail-first)");
    expect(statuses[2]!.record.duplicate_of).toBeUndefined();
    expect(statuses[3]!.record.duplicate_of).toBeDefined();
  });

  it("--respond STATUS answers every accepted event with it; with --fail-first, it is the failure status", () => {
    expect(handleWebhook(req, config({ respond: 503 }), new WebhookState())).toMatchObject({ status: 503, record: { simulated: "status set by --respond 503" } });
    expect(handleWebhook(req, config({ respond: 204 }), new WebhookState())).toMatchObject({ status: 204, body: "" });
    const state = new WebhookState();
    expect([1, 2].map(() => handleWebhook(req, config({ respond: 429, failFirst: 1 }), state).status)).toEqual([429, 429]);
  });

  it("--delay is passed on to the adapter", () => {
    expect(handleWebhook(req, config({ delayMs: 1500 }), new WebhookState()).delayMs).toBe(1500);
  });
});

describe("forwarding", () => {
  const body = zubieEvent();
  const headers = { "Zubie-Signature": zubieSig(body), Host: "127.0.0.1:4000", Connection: "keep-alive", "Content-Length": String(body.byteLength), "X-Trace": "t1" };

  it("plans the request with the raw body and headers, less hop-by-hop ones", () => {
    const d = handleWebhook(post(body, headers), config({ forwardTo: "http://127.0.0.1:3000/hooks" }), new WebhookState());
    expect(d.forward).toEqual({ url: "http://127.0.0.1:3000/hooks", method: "POST", headers: { "content-type": "application/json", "zubie-signature": zubieSig(body), "x-trace": "t1" }, body, resigned: false });
    expect(d.record.status).toBeUndefined();
  });

  it("re-signs with --forward-secret the provider's way", () => {
    const plan = forwardPlan(post(body, headers), "zubie", config({ forwardTo: "http://x/", forwardSecret: "app-secret" }).routes[0]!);
    expect(plan.resigned).toBe(true);
    expect(plan.headers["zubie-signature"]).toBe(zubieSig(body, "app-secret"));
    expect(forwardPlan(post(body, headers), "automatic", config({ forwardTo: "http://x/", forwardSecret: "s" }).routes[0]!).warning).toBe("not re-signed: Automatic webhooks are unsigned");
    expect(forwardPlan(post(body, headers), undefined, config({ forwardTo: "http://x/", forwardSecret: "s" }).routes[0]!).warning).toBe("not re-signed: the sender's provider is unknown (use --provider)");
  });

  it("answers the provider with the app's status; 502/504 when the app cannot be reached", () => {
    const state = new WebhookState();
    const cfg = config({ forwardTo: "http://127.0.0.1:3000/hooks" });
    const ok = withForwardResult(handleWebhook(post(body, headers), cfg, state), { status: 202, latencyMs: 12, body: '{"queued":true}', contentType: "application/json" }, state);
    expect(ok).toMatchObject({ status: 202, body: '{"queued":true}', headers: { "Content-Type": "application/json" }, record: { status: 202, forward: { url: "http://127.0.0.1:3000/hooks", status: 202, latency_ms: 12, response: '{"queued":true}' } } });
    expect(ok.view.notes).toEqual(['forwarded to http://127.0.0.1:3000/hooks: 202 in 12ms {"queued":true}']);
    // The 2xx delivery is remembered: the same body again is a duplicate.
    expect(handleWebhook(post(body, headers), cfg, state).record.duplicate_of).toBeDefined();
    const down = withForwardResult(handleWebhook(post(body, headers), cfg, new WebhookState()), { latencyMs: 3, error: "connection refused" }, state);
    expect(down).toMatchObject({ status: 502, record: { status: 502, forward: { error: "connection refused" } } });
    expect(withForwardResult(handleWebhook(post(body, headers), cfg, new WebhookState()), { latencyMs: 10_000, error: "timeout", timedOut: true }, state).status).toBe(504);
  });

  it("an app's 5xx is not remembered as delivered: the retry is not a duplicate", () => {
    const state = new WebhookState();
    const cfg = config({ forwardTo: "http://127.0.0.1:3000/" });
    withForwardResult(handleWebhook(post(body, headers), cfg, state), { status: 500, latencyMs: 1, body: "oops" }, state);
    expect(handleWebhook(post(body, headers), cfg, state).record.duplicate_of).toBeUndefined();
  });
});

describe("handleClientProblem", () => {
  it("431 for headers over the limit, with the request line read from the raw bytes", () => {
    const d = handleClientProblem({ code: "HPE_HEADER_OVERFLOW", message: "Parse Error: Header overflow", receivedAt: NOW, peer: "127.0.0.1", raw: Buffer.from("POST /hooks HTTP/1.1\r\nX-Big: aaaa"), headerLimitBytes: 16384 });
    expect(d.status).toBe(431);
    expect(d.record).toMatchObject({ method: "POST", path: "/hooks", status: 431, error: "request headers are over the 16 KiB limit", body: "" });
    expect(d.tally.type).toBe("(headers too large)");
  });

  it("408 for a slow client, 400 for malformed HTTP, no answer for a client that left", () => {
    expect(handleClientProblem({ code: "ERR_HTTP_REQUEST_TIMEOUT", message: "Request timeout", receivedAt: NOW, timeoutMs: 2000, request: { method: "POST", url: "/", headers: { authorization: "Bearer x" } }, bodyBytes: 3 }).record)
      .toMatchObject({ status: 408, method: "POST", body_bytes: 3, headers: { authorization: "Bearer [redacted]" }, error: "the request did not arrive in full within 2s (slow client; --request-timeout)" });
    const bad = handleClientProblem({ code: "HPE_INVALID_METHOD", message: "Parse Error: Invalid method encountered", receivedAt: NOW, raw: Buffer.from([0xff, 0, 1]) });
    expect(bad).toMatchObject({ status: 400, record: { error: "malformed HTTP request: Invalid method encountered (HPE_INVALID_METHOD)" }, view: { event: "(malformed request)" } });
    expect(bad.record.method).toBeUndefined();
    const gone = handleClientProblem({ code: "ABORTED", message: "closed", receivedAt: NOW, bodyBytes: 10 });
    expect(gone.status).toBe(0);
    expect(gone.record.status).toBeUndefined();
    expect(gone.record.error).toBe("the client closed the connection before the request was complete (after 10 body bytes)");
  });
});

describe("helpers", () => {
  it("normalizePath ignores the query and a trailing slash", () => {
    expect(normalizePath("/hooks/?a=1")).toBe("/hooks");
    expect(normalizePath("/")).toBe("/");
    expect(normalizePath("//")).toBe("/");
    expect(normalizePath("/a#frag")).toBe("/a");
    expect(normalizePath("http://example.com/x/y?q")).toBe("/x/y");
    expect(normalizePath("*")).toBe("/*");
  });

  it("redactHeaders lower-cases names, joins repeats and hides credentials", () => {
    expect(redactHeaders({ Authorization: "Bearer abc", Cookie: "a=b", "X-Api-Key": "k", "Set-Cookie": ["a", "b"], "Zubie-Signature": "sig" })).toEqual({
      authorization: "Bearer [redacted]", cookie: "[redacted]", "x-api-key": "[redacted]", "set-cookie": "a, b", "zubie-signature": "sig",
    });
  });

  it("firstBadUtf8 finds the first invalid byte", () => {
    expect(firstBadUtf8(Buffer.from("héllo €"))).toBe(-1);
    expect(firstBadUtf8(Buffer.from([0x61, 0xc3]))).toBe(1); // cut short
    expect(firstBadUtf8(Buffer.from([0x61, 0x62, 0xc0, 0x80]))).toBe(2); // overlong
    expect(firstBadUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstBadUtf8(Buffer.from([0xe2, 0x82, 0xac, 0xf5]))).toBe(3);
  });
});
