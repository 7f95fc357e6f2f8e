/**
 * Samsara: the v1 signature over "v1:<timestamp>:<body>" keyed with the base64-decoded secret, its
 * typical mistakes, detection, facts, fresh sends and the scenario. Expected signatures are
 * Samsara's published golden vector or computed with node:crypto in this file (never our code).
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventFacts } from "../../../src/core/events/facts.js";
import { providers } from "../../../src/core/providers/index.js";
import { samsaraRoute } from "../../../src/core/providers/samsara/scenario.js";
import { detectEvent } from "../../../src/core/schemas/detect.js";
import { validateEvent } from "../../../src/core/schemas/index.js";
import { refreshEvent } from "../../../src/core/send/refresh.js";
import { isoToMs } from "../../../src/core/time.js";

const sm = providers.samsara;
const FIXTURES = join(import.meta.dirname, "../../../fixtures");
const bytesOf = (id: string) => readFileSync(join(FIXTURES, `${id}.json`));
const fixture = (id: string) => JSON.parse(bytesOf(id).toString("utf8")) as Record<string, any>;

/** Samsara's scheme, written here with node:crypto alone. */
const v1 = (secretBase64: string, ts: number | string, body: Buffer | string, key: Buffer = Buffer.from(secretBase64, "base64")) =>
  "v1=" + createHmac("sha256", key).update(Buffer.concat([Buffer.from(`v1:${ts}:`), Buffer.from(body)])).digest("hex");

const SECRET = Buffer.from("fleet-webhook-secret-0042").toString("base64");
const TS = 1_773_150_440;
const NOW = TS * 1000;
const headersFor = (body: Buffer, ts: number | string = TS, sig = v1(SECRET, ts, body)) => ({ "x-samsara-signature": sig, "x-samsara-timestamp": String(ts) });
const check = (body: Buffer, headers: Record<string, string>, extra: Partial<Parameters<typeof sm.verify>[0]> = {}) => sm.verify({ body, headers, secrets: [SECRET], now: NOW, ...extra });

describe("known answers", () => {
  // samsarahq/samsara-dotnet, WebhooksHelperTests (src/Samsara.Net.Test): the golden vector pinned
  // to Samsara's backend signer (helper_test.go TestComputeV1Signature_GoldenValue):
  // ComputeV1Signature("test-body", "test-secret", 1700000000) == "v1=e05d9d1f…", with the portal
  // secret Base64("test-secret") == "dGVzdC1zZWNyZXQ=".
  const GOLDEN = "v1=e05d9d1f326a1f8a845d2520d09d45c6b20c1931828bbd1dd3858446e7ae7082";

  it("signs Samsara's golden vector", () => {
    const h = sm.sign({ body: Buffer.from("test-body"), secret: "dGVzdC1zZWNyZXQ=", timestamp: 1_700_000_000, id: "req-1" });
    expect(h["X-Samsara-Signature"]).toBe(GOLDEN);
    expect(h["X-Samsara-Timestamp"]).toBe("1700000000");
    expect(h["X-Samsara-Request"]).toBe("req-1");
  });

  it("verifies it, and not once the timestamp or the body differ (as the SDK's tests check)", () => {
    const body = Buffer.from("test-body");
    const at = { secrets: ["dGVzdC1zZWNyZXQ="], now: 1_700_000_000_000 };
    expect(sm.verify({ body, headers: { "X-Samsara-Signature": GOLDEN, "X-Samsara-Timestamp": "1700000000" }, ...at })).toMatchObject({ valid: true, matchedSecret: 0 });
    expect(sm.verify({ body, headers: { "X-Samsara-Signature": GOLDEN, "X-Samsara-Timestamp": "1700000001" }, ...at }).valid).toBe(false);
    expect(sm.verify({ body: Buffer.from("test-body\n"), headers: { "X-Samsara-Signature": GOLDEN, "X-Samsara-Timestamp": "1700000000" }, ...at }).valid).toBe(false);
  });

  it("signs a fixture as node:crypto does, naming its event type", () => {
    const body = bytesOf("samsara/geofence_entry");
    const h = sm.sign({ body, secret: SECRET, timestamp: TS });
    expect(h).toEqual({ "Content-Type": "application/json", "X-Samsara-Signature": v1(SECRET, TS, body), "X-Samsara-Timestamp": String(TS), "X-Samsara-Event-Type": "GeofenceEntry" });
    expect(check(body, headersFor(body))).toMatchObject({ valid: true });
    expect(() => sm.sign({ body, secret: SECRET })).toThrow(/timestamp/);
  });
});

describe("diagnoses of Samsara's typical mistakes", () => {
  const body = bytesOf("samsara/engine_fault_on");

  it("the secret used as literal text instead of base64-decoded", () => {
    const literal = v1(SECRET, TS, body, Buffer.from(SECRET, "utf8"));
    const r = check(body, headersFor(body, TS, literal));
    expect(r).toMatchObject({ valid: false, reason: "secret-format" });
    expect(r.message).toContain("literal text instead of base64-decoded");
  });

  it("the timestamp header missing", () => {
    const r = check(body, { "x-samsara-signature": v1(SECRET, TS, body), "content-type": "application/json" });
    expect(r).toMatchObject({ valid: false, reason: "missing-header" });
    expect(r.message).toMatch(/^no X-Samsara-Timestamp header: Samsara signs "v1:<timestamp>:<body>"/);
    expect(r.message).toContain("headers seen: content-type, x-samsara-signature");
  });

  it("the timestamp outside the tolerance, by how much, saying the signature matches", () => {
    const old = TS - 432;
    const r = check(body, headersFor(body, old));
    expect(r).toMatchObject({ valid: false, reason: "timestamp-out-of-tolerance" });
    expect(r.message).toBe("X-Samsara-Timestamp is 7m 12s in the past, outside the tolerance of 5m (--tolerance to widen, or off); the signature itself matches secret 1");
    expect(check(body, headersFor(body, TS + 3600)).message).toContain("1h in the future");
    expect(check(body, headersFor(body, old), { options: { toleranceSeconds: 600 } }).valid).toBe(true);
    expect(check(body, headersFor(body, old), { options: { toleranceSeconds: null } }).valid).toBe(true);
    // A wrong signature with an old timestamp: both are said.
    const both = check(body, headersFor(body, old, v1(Buffer.from("other").toString("base64"), old, body)));
    expect(both.diagnoses.map((d) => d.code)).toEqual(["mismatch", "timestamp-out-of-tolerance"]);
  });

  it("the v1= prefix missing (the bare hex, or another prefix), and whether it would match", () => {
    const bare = v1(SECRET, TS, body).slice(3);
    const r = check(body, headersFor(body, TS, bare));
    expect(r).toMatchObject({ valid: false, reason: "malformed-header" });
    expect(r.message).toBe('X-Samsara-Signature has no "v1=" prefix (it is the bare signature): Samsara sends "v1=<hex>"; without the prefix it matches secret 1, so the sender dropped or changed it');
    expect(check(body, headersFor(body, TS, `sha256=${bare}`)).message).toContain('it starts with "sha256="');
    expect(check(body, headersFor(body, TS, "deadbeef")).message).toMatch(/no "v1=" prefix .*: Samsara sends "v1=<hex>"$/);
  });

  it("the body alone signed, or <timestamp>.<body>", () => {
    const alone = "v1=" + createHmac("sha256", Buffer.from(SECRET, "base64")).update(body).digest("hex");
    const r = check(body, headersFor(body, TS, alone));
    expect(r).toMatchObject({ reason: "signed-content" });
    expect(r.message).toContain("an HMAC of the body alone");
    const dotted = "v1=" + createHmac("sha256", Buffer.from(SECRET, "base64")).update(Buffer.concat([Buffer.from(`${TS}.`), body])).digest("hex");
    expect(check(body, headersFor(body, TS, dotted)).message).toContain('"<timestamp>.<body>"');
  });

  it("a secret that is not base64, a timestamp in milliseconds, base64 where hex is expected", () => {
    const r = sm.verify({ body, headers: headersFor(body), secrets: ["not base64 at all!"], now: NOW });
    expect(r.diagnoses.map((d) => d.code)).toContain("secret-format");
    expect(r.diagnoses.find((d) => d.code === "secret-format")!.message).toContain("not valid base64");
    const ms = check(body, headersFor(body, NOW));
    expect(ms).toMatchObject({ valid: false, reason: "malformed-header" });
    expect(ms.message).toContain("milliseconds rather than the Unix seconds Samsara sends");
    const b64 = "v1=" + createHmac("sha256", Buffer.from(SECRET, "base64")).update(Buffer.concat([Buffer.from(`v1:${TS}:`), body])).digest("base64");
    expect(check(body, headersFor(body, TS, b64))).toMatchObject({ reason: "wrong-encoding" });
    expect(check(body, headersFor(body, "soon")).reason).toBe("malformed-header");
  });

  it("never says the secret", () => {
    for (const r of [check(body, headersFor(body, TS, v1(SECRET, TS, body, Buffer.from(SECRET)))), check(body, {}), check(Buffer.from("x"), headersFor(body))]) {
      for (const m of [r.message, ...r.diagnoses.map((d) => d.message)]) expect(m).not.toContain(SECRET);
    }
  });
});

describe("detection", () => {
  it("reads the Webhooks 2.0 envelope: eventType with orgId and eventTime", () => {
    for (const f of ["geofence_entry", "geofence_exit", "engine_fault_on", "engine_fault_off", "severe_speeding_started", "severe_speeding_ended", "alert_incident", "vehicle_updated"]) {
      const p = fixture(`samsara/${f}`);
      expect(detectEvent(p), f).toEqual({ provider: "samsara", event: p.eventType });
    }
  });

  it("takes neither Webhooks 1.0 nor Smartcar payloads", () => {
    expect(detectEvent({ eventId: "bf72239c-bebd-4c22-b64c-6fc692ef7c46", eventMs: 1587597109477, eventType: "Alert", event: {} })).toBeUndefined();
    expect(detectEvent(fixture("smartcar/vehicle_state"))?.provider).toBe("smartcar");
  });

  it("validates another Samsara event type by its envelope, with a warning", () => {
    const other = { eventId: "017db07f-6e95-470e-8cc0-a371f9deed2b", eventTime: "2026-03-10T13:02:41.318Z", eventType: "AddressCreated", orgId: 20936, webhookId: "1411751028848270", data: { address: { id: "494123" } } };
    const v = validateEvent(other);
    expect(v.valid).toBe(true);
    expect(v.warnings[0]!.message).toContain("not one of the documented Samsara events");
    const broken = validateEvent({ ...fixture("samsara/geofence_entry"), orgId: "4017752" });
    expect(broken.valid).toBe(false);
  });
});

describe("profile", () => {
  it("is timestamped, with a request id header and a base64 dev secret; no retry schedule is published", () => {
    expect(sm.timestamped).toBe(true);
    expect(sm.deliveryIdHeader).toBe("X-Samsara-Request");
    expect(sm.newDeliveryId!((n) => new Uint8Array(n).fill(7))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const dev = sm.devSecret((n) => new Uint8Array(n).fill(1))!;
    expect(Buffer.from(dev, "base64")).toHaveLength(32);
    expect(sm.retrySchedule).toBeUndefined();
    expect(sm.authHeaders).toContain("x-samsara-signature");
  });

  it("a fresh send is a new event at now, every time in it moved alike", () => {
    const p = fixture("samsara/severe_speeding_ended");
    const fresh = refreshEvent("samsara", p, { now: NOW + 86_400_000, random: Math.random }) as Record<string, any>;
    expect(fresh.eventId).not.toBe(p.eventId);
    expect(isoToMs(fresh.eventTime)).toBe(NOW + 86_400_000);
    const span = (x: Record<string, any>) => isoToMs(x.data.data.endTime)! - isoToMs(x.data.data.startTime)!;
    expect(span(fresh)).toBe(span(p));
    // To the precision of each format: endTime has whole seconds.
    expect(Math.abs(isoToMs(fresh.eventTime)! - isoToMs(fresh.data.data.endTime)! - (isoToMs(p.eventTime)! - isoToMs(p.data.data.endTime)!))).toBeLessThan(1000);
  });

  it("facts: the truck, what happened, where", () => {
    const f = eventFacts({ provider: "samsara", event: "GeofenceEntry" }, fixture("samsara/geofence_entry"));
    expect(f).toMatchObject({ id: "f1ac6f03-c0d3-4f46-bc1c-0bac4060ef40", time: Date.UTC(2026, 2, 10, 13, 47, 12, 627), who: "Truck 214 (VIN 3AKJHHDR5NSMK8412)" });
    expect(f.summary).toBe('entered "Kenosha distribution center" (9700 58th Pl, Kenosha, WI 53144)');
    expect(f.positions).toEqual([{ lat: 42.5694, lon: -87.9336, role: "at", time: Date.UTC(2026, 2, 10, 13, 47, 12, 627) }]);
    const summary = (e: string, id: string) => eventFacts({ provider: "samsara", event: e }, fixture(`samsara/${id}`)).summary;
    expect(summary("EngineFaultOn", "engine_fault_on")).toBe("engine fault on: SPN 110 FMI 0 Engine Coolant Temperature");
    expect(summary("SevereSpeedingEnded", "severe_speeding_ended")).toBe("severe speeding ended after 2m 33s");
    expect(summary("AlertIncident", "alert_incident")).toBe('alert "Arrival at Kenosha distribution center" (geofence entry), open');
    expect(summary("VehicleUpdated", "vehicle_updated")).toBe("vehicle updated: 2022 Freightliner Cascadia");
  });
});

describe("samsara-route scenario", () => {
  const templates = Object.fromEntries(samsaraRoute.fixtures.map((id) => [id, fixture(id)]));
  let x = 5;
  const steps = samsaraRoute.build(templates, { start: NOW, random: () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) });

  it("one truck, depot to customer, times advancing, every event valid and new", () => {
    expect(steps.map((s) => s.event)).toEqual(["GeofenceExit", "SevereSpeedingStarted", "SevereSpeedingEnded", "EngineFaultOn", "EngineFaultOff", "GeofenceEntry"]);
    const times = steps.map((s) => isoToMs(String(s.payload.eventTime))!);
    expect(times[0]).toBe(NOW);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(steps.map((s) => eventFacts({ provider: "samsara", event: s.event }, s.payload).who)).size).toBe(1);
    expect(new Set(steps.map((s) => s.payload.eventId)).size).toBe(steps.length);
    const ended = (steps[2]!.payload.data as { data: { startTime: string; endTime: string } }).data;
    expect(isoToMs(ended.endTime)! - isoToMs(ended.startTime)!).toBe(3 * 60_000);
    for (const s of steps) expect(validateEvent(s.payload, { strict: true }), s.event).toMatchObject({ valid: true, errors: [], warnings: [] });
  });
});
