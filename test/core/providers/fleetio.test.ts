/**
 * Fleetio: X-Fleetio-Webhook-Signature = lowercase hex of HMAC-SHA256(webhook secret key, raw body)
 * (developer.fleetio.com, "Receiving a Webhook Event Payload"), its typical mistakes, detection,
 * validation, facts, fresh sends and the scenario.
 *
 * Fleetio publishes no test vector. The known answers below were computed for this file with
 * `openssl dgst -sha256 -hmac fleetio-shared-key` (over the message of Fleetio's webhooks overview,
 * printed compactly, and over fixtures/fleetio/issue_created.json as stored) and are checked again
 * with node:crypto here, never with our signing code.
 */
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventFacts } from "../../../src/core/events/facts.js";
import { providers } from "../../../src/core/providers/index.js";
import { fleetioRepair } from "../../../src/core/providers/fleetio/scenario.js";
import { detectEvent } from "../../../src/core/schemas/detect.js";
import { validateEvent } from "../../../src/core/schemas/index.js";
import { refreshEvent } from "../../../src/core/send/refresh.js";
import { isoToMs } from "../../../src/core/time.js";

const fl = providers.fleetio;
const FIXTURES = join(import.meta.dirname, "../../../fixtures");
const bytesOf = (id: string) => readFileSync(join(FIXTURES, `${id}.json`));
const fixture = (id: string) => JSON.parse(bytesOf(id).toString("utf8")) as Record<string, any>;
const ALL = ["dtc_alert_created", "issue_created", "work_order_created", "work_order_completed", "issue_resolved", "fuel_entry_created", "vehicle_updated"];

const KEY = "fleetio-shared-key";
const NOW = Date.UTC(2026, 2, 10, 13, 0, 0);
const hex = (body: Buffer | string, key = KEY, algorithm = "sha256") => createHmac(algorithm, key).update(body).digest("hex");
const check = (body: Buffer, signature: string | undefined, extra: Partial<Parameters<typeof fl.verify>[0]> = {}) =>
  fl.verify({ body, headers: signature === undefined ? { "content-type": "application/json" } : { "x-fleetio-webhook-signature": signature }, secrets: [KEY], now: NOW, ...extra });

describe("known answers", () => {
  // The message of Fleetio's webhooks overview (developer.fleetio.com/docs/overview/webhooks), as JSON.
  const OVERVIEW = '{"id":1,"event":"vehicle_updated","timestamp":"2017-11-03T10:15:38.741-05:00","triggered_by":"ryoung@fleetio.com","payload":{"id":123,"current_meter_value":110111.0}}';
  // printf '%s' "$OVERVIEW" | openssl dgst -sha256 -hmac fleetio-shared-key
  const OVERVIEW_SIG = "a47c72b7368631de5fb931d62c4cee95394a50b05d21599c739a8afb7b497bff";
  // openssl dgst -sha256 -hmac fleetio-shared-key fixtures/fleetio/issue_created.json
  const FIXTURE_SIG = "0dcedeef064a71b97aad2bc17ca6c9054a7b5764b6dde0b81b930ff3eeea68ea";

  it("the vectors are what node:crypto computes", () => {
    expect(hex(OVERVIEW)).toBe(OVERVIEW_SIG);
    expect(hex(bytesOf("fleetio/issue_created"))).toBe(FIXTURE_SIG);
  });

  it("signs them: lowercase hex in X-Fleetio-Webhook-Signature, JSON content type", () => {
    expect(fl.sign({ body: Buffer.from(OVERVIEW), secret: KEY })).toEqual({ "Content-Type": "application/json", "X-Fleetio-Webhook-Signature": OVERVIEW_SIG });
    expect(fl.sign({ body: bytesOf("fleetio/issue_created"), secret: KEY })["X-Fleetio-Webhook-Signature"]).toBe(FIXTURE_SIG);
  });

  it("verifies them (upper-case hex too), and not once a byte differs", () => {
    const body = Buffer.from(OVERVIEW);
    expect(check(body, OVERVIEW_SIG)).toMatchObject({ valid: true, matchedSecret: 0, message: "X-Fleetio-Webhook-Signature matches secret 1 of 1" });
    expect(check(body, OVERVIEW_SIG.toUpperCase()).valid).toBe(true);
    expect(check(Buffer.from(OVERVIEW.replace("110111.0", "110111")), OVERVIEW_SIG).valid).toBe(false);
    expect(check(bytesOf("fleetio/issue_created"), FIXTURE_SIG, { secrets: ["old-key", KEY] })).toMatchObject({ valid: true, matchedSecret: 1 });
  });

  it("describes the scheme in one line", () => {
    expect(fl.describe()).toBe("X-Fleetio-Webhook-Signature: hex of HMAC-SHA-256(webhook secret key, raw body)");
    expect(fl.signatureHeader()).toBe("X-Fleetio-Webhook-Signature");
  });
});

describe("diagnoses of Fleetio's typical mistakes", () => {
  const body = bytesOf("fleetio/work_order_completed");

  it("base64 instead of hex", () => {
    const r = check(body, createHmac("sha256", KEY).update(body).digest("base64"));
    expect(r).toMatchObject({ valid: false, reason: "wrong-encoding" });
    expect(r.message).toBe("X-Fleetio-Webhook-Signature is base64 but fleetio signatures are hex (decoded as base64 it matches: the sender used the wrong encoding)");
  });

  it("HMAC-SHA1 instead of HMAC-SHA256 (or a sha256= prefix, which is read through)", () => {
    const r = check(body, hex(body, KEY, "sha1"));
    expect(r).toMatchObject({ valid: false, reason: "wrong-algorithm" });
    expect(r.message).toBe("X-Fleetio-Webhook-Signature is 20 bytes, the size of HMAC-SHA1, not SHA-256 (32 bytes); it matches with HMAC-SHA1");
    expect(check(body, `sha256=${hex(body)}`).valid).toBe(true);
  });

  it("the body re-serialized or pretty-printed before verification (a framework's parsed params)", () => {
    const compact = JSON.stringify(JSON.parse(body.toString("utf8")));
    const r = check(body, hex(compact));
    expect(r).toMatchObject({ valid: false, reason: "body-modified" });
    expect(r.message).toContain("JSON.stringify(JSON.parse(body))");
    // Signed as a 2-space JSON text, received flattened.
    expect(check(Buffer.from(compact), hex(JSON.stringify(JSON.parse(compact), null, 2))).message).toContain("pretty-printed");
  });

  it("a plain SHA-256 of the body, or another key: a mismatch", () => {
    expect(check(body, createHash("sha256").update(body).digest("hex"))).toMatchObject({ valid: false, reason: "mismatch" });
    expect(check(body, hex(body, "another-webhook-key")).reason).toBe("mismatch");
  });

  it("the webhook's Authorization value taken for its secret key", () => {
    const auth = "Bearer 7f3c9a11-fleet-relay";
    const headers = { "x-fleetio-webhook-signature": hex(body), authorization: auth };
    for (const secret of [auth, "7f3c9a11-fleet-relay"]) {
      const r = fl.verify({ body, headers, secrets: [secret], now: NOW });
      expect(r).toMatchObject({ valid: false, reason: "secret-format" });
      expect(r.message).toBe('the secret given is the webhook\'s Authorization value (sent as the Authorization header), not its secret key: Fleetio signs X-Fleetio-Webhook-Signature with the key shown by "View Secret Key"');
      expect(r.diagnoses.map((d) => d.code)).not.toContain("mismatch");
    }
    // With the right key the Authorization header changes nothing.
    expect(fl.verify({ body, headers, secrets: [KEY], now: NOW }).valid).toBe(true);
  });

  it("the header missing, and the secret never said", () => {
    const r = check(body, undefined);
    expect(r).toMatchObject({ valid: false, reason: "missing-header" });
    expect(r.message).toBe("no X-Fleetio-Webhook-Signature header; headers seen: content-type");
    for (const x of [r, check(body, hex(body, KEY + "\n")), check(body, "zz")]) {
      for (const m of [x.message, ...x.diagnoses.map((d) => d.message)]) expect(m).not.toContain(KEY);
    }
  });
});

describe("detection", () => {
  it("reads the envelope: event with triggered_by and the record in payload", () => {
    for (const f of ALL) expect(detectEvent(fixture(`fleetio/${f}`)), f).toEqual({ provider: "fleetio", event: f });
    // Fleetio's own import example (no user: triggered_by null is a background job).
    expect(detectEvent({ id: 12298850, event: "import_completed", timestamp: "2022-01-14T10:42:15.000-07:00", payload: { id: 1203509 }, triggered_by: null })).toEqual({ provider: "fleetio", event: "import_completed" });
  });

  it("takes no event of an unknown record kind, nor one without triggered_by or payload", () => {
    const p = fixture("fleetio/issue_created");
    expect(detectEvent({ ...p, event: "charge_succeeded" })?.provider).not.toBe("fleetio");
    const { triggered_by: _t, ...noUser } = p;
    expect(detectEvent(noUser)?.provider).not.toBe("fleetio");
    expect(detectEvent({ ...p, payload: "4102377" })?.provider).not.toBe("fleetio");
    expect(detectEvent({ ...p, event: "vehicle_" })?.provider).not.toBe("fleetio");
  });

  it("steals no other provider's fixtures (Zubie's vehicle_* events included)", () => {
    for (const id of ["zubie/vehicle_trouble_code", "zubie/vehicle_location_update", "smartcar/vehicle_state", "samsara/vehicle_updated", "traccar/alarm", "automatic/trip_finished"]) {
      expect(detectEvent(fixture(id))?.provider, id).toBe(id.split("/")[0]);
    }
  });

  it("by the signature header", async () => {
    const { providerFromHeaders } = await import("../../../src/core/providers/index.js");
    expect(providerFromHeaders({ "X-Fleetio-Webhook-Signature": "ab" })).toBe("fleetio");
  });
});

describe("validation", () => {
  it("every fixture is valid, strict", () => {
    for (const f of ALL) expect(validateEvent(fixture(`fleetio/${f}`), { strict: true }), f).toMatchObject({ valid: true, errors: [], warnings: [] });
  });

  it("a work order whose total does not add up, a fuel entry whose cost is not volume × price", () => {
    const wo = fixture("fleetio/work_order_completed");
    wo.payload.total_amount = 323.49;
    const v = validateEvent(wo);
    expect(v.valid).toBe(false);
    expect(v.errors[0]!.message).toContain("total_amount 323.49 is not labor_subtotal + parts_subtotal + tax_total (330.58)");
    const fuel = fixture("fleetio/fuel_entry_created");
    fuel.payload.cost = 161.14;
    expect(validateEvent(fuel).errors[0]!.message).toContain("cost 161.14 is not the volume × price_per_volume_unit (116.14)");
  });

  it("string ids, a bad state, a timestamp without offset are errors", () => {
    const p = fixture("fleetio/issue_created");
    expect(validateEvent({ ...p, id: "90417356" }).valid).toBe(false);
    expect(validateEvent({ ...p, payload: { ...p.payload, state: "pending" } }).valid).toBe(false);
    expect(validateEvent({ ...p, timestamp: "2026-03-10T07:55:12" }).valid).toBe(false);
  });

  it("triggered_by as a user, an email (older payloads) or null", () => {
    const p = fixture("fleetio/issue_created");
    for (const t of [null, "dana.whitfield@example.com", p.triggered_by]) expect(validateEvent({ ...p, triggered_by: t }).valid).toBe(true);
  });

  it("another Fleetio event is checked by its envelope, with a warning", () => {
    const other = { id: 90417400, event: "contact_created", timestamp: "2026-03-10T08:01:00.000-05:00", triggered_by: null, payload: { id: 5512, first_name: "Ana" } };
    const v = validateEvent(other);
    expect(v.valid).toBe(true);
    expect(v.warnings[0]!.message).toContain("not one of the documented Fleetio events");
  });
});

describe("profile", () => {
  it("HMAC, not timestamped, no published retry schedule or answer deadline, a text dev secret", () => {
    expect(fl).toMatchObject({ auth: "hmac", secretRequired: true, timestamped: false, authHeaders: ["x-fleetio-webhook-signature"], exampleFixture: "fleetio/issue_created" });
    expect(fl.retrySchedule).toBeUndefined();
    expect(fl.answerWithinMs).toBeUndefined();
    expect(fl.devSecret((n) => new Uint8Array(n).fill(1))).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it("a fresh send is a new delivery id at now, the record kept, every time moved alike", () => {
    const p = fixture("fleetio/work_order_completed");
    const later = isoToMs(p.timestamp)! + 86_400_000;
    const fresh = refreshEvent("fleetio", p, { now: later, random: Math.random }) as Record<string, any>;
    expect(fresh.id).not.toBe(p.id);
    expect(Number.isInteger(fresh.id) && String(fresh.id).length === String(p.id).length).toBe(true);
    expect(fresh.payload.id).toBe(p.payload.id);
    expect(isoToMs(fresh.timestamp)).toBe(later);
    expect(fresh.timestamp).toMatch(/-05:00$/);
    expect(isoToMs(fresh.payload.completed_at)! - isoToMs(fresh.payload.started_at)!).toBe(isoToMs(p.payload.completed_at)! - isoToMs(p.payload.started_at)!);
  });
});

describe("facts", () => {
  const facts = (f: string) => eventFacts({ provider: "fleetio", event: f }, fixture(`fleetio/${f}`));

  it("the delivery id, the timestamp, the van", () => {
    expect(facts("issue_created")).toMatchObject({ id: "90417356", time: Date.UTC(2026, 2, 10, 12, 55, 12, 418), who: "Van 117, vehicle 2208137" });
    expect(facts("dtc_alert_created").who).toBe("Van 117 (VIN 1FTBW3XMXNKA43127)");
    expect(facts("vehicle_updated").who).toBe("Van 117 (VIN 1FTBW3XMXNKA43127)");
  });

  it("one line per record kind, with who did it", () => {
    expect(facts("dtc_alert_created").summary).toBe("DTC P0217 Engine Coolant Over Temperature Condition at 84390.4 mi");
    expect(facts("issue_created").summary).toBe("issue #1047 opened: Engine coolant over temperature (P0217), priority high · by Dana Whitfield");
    expect(facts("work_order_created").summary).toBe("work order #3318 created (Open), 1 line item · by Dana Whitfield");
    expect(facts("work_order_completed").summary).toBe("work order #3318 completed: total 330.58 (labor 237.50, parts 85.99) in 3h 26m · by Luis Ortega");
    expect(facts("issue_resolved").summary).toBe("issue #1047 resolved: Engine coolant over temperature (P0217) (Replaced thermostat and housing, refilled coolant…) · by Luis Ortega");
    expect(facts("fuel_entry_created").summary).toBe("fuel entry created, 31.482 gal × 3.689 = 116.14, at 84431 mi, Casey's #3312 · by Marcus Reyes");
    expect(facts("vehicle_updated").summary).toBe("vehicle updated: 2022 Ford Transit-350, meter 84431 mi · by Marcus Reyes");
  });

  it("an email as triggered_by, odd payloads read as less", () => {
    const p = { ...fixture("fleetio/issue_created"), triggered_by: "dana.whitfield@example.com" };
    expect(eventFacts({ provider: "fleetio", event: "issue_created" }, p).summary).toMatch(/ · by dana\.whitfield@example\.com$/);
    expect(eventFacts({ provider: "fleetio", event: "issue_created" }, { id: 1, event: "issue_created", payload: 7 })).toEqual({ id: "1", summary: "issue opened" });
  });
});

describe("fleetio-repair scenario", () => {
  const templates = Object.fromEntries(fleetioRepair.fixtures.map((id) => [id, fixture(id)]));
  let x = 5;
  const random = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

  it("a DTC alert, the issue, the work order done, the issue resolved: one van, times advancing, every event valid and new", () => {
    const steps = fleetioRepair.build(templates, { start: NOW, random });
    expect(steps.map((s) => s.event)).toEqual(["dtc_alert_created", "issue_created", "work_order_created", "work_order_completed", "issue_resolved"]);
    const times = steps.map((s) => isoToMs(String(s.payload.timestamp))!);
    expect(times[0]).toBe(NOW);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(steps.map((s) => s.atMs)).toEqual(times.map((t) => t - NOW));
    for (const s of steps) expect(eventFacts({ provider: "fleetio", event: s.event }, s.payload).who, s.event).toMatch(/^Van 117[ ,]/);
    expect(new Set(steps.map((s) => s.payload.id)).size).toBe(steps.length);
    const issue = steps[1]!.payload.payload as Record<string, unknown>;
    expect(issue.dtc_alert_id).toBe((steps[0]!.payload.payload as { id: number }).id);
    expect((steps[3]!.payload.payload as { issue_ids: number[] }).issue_ids).toEqual([issue.id]);
    for (const s of steps) expect(validateEvent(s.payload, { strict: true }), s.event).toMatchObject({ valid: true, errors: [], warnings: [] });
  });

  it("at ten times the speed every span inside shrinks too", () => {
    const steps = fleetioRepair.build(templates, { start: NOW, random, speed: 10 });
    const wo = steps[3]!.payload.payload as { started_at: string; completed_at: string };
    expect(isoToMs(wo.completed_at)! - isoToMs(wo.started_at)!).toBe(((3 * 60 + 26) * 60_000) / 10);
    expect(steps[4]!.atMs).toBe((isoToMs(fixture("fleetio/issue_resolved").timestamp)! - isoToMs(fixture("fleetio/dtc_alert_created").timestamp)!) / 10);
  });
});
