/**
 * Motive (KeepTruckin): X-KT-Webhook-Signature, detection, diagnoses, facts, fresh sends and the
 * scenario. Every expected HMAC here is either the vector Motive publishes or was computed with
 * `openssl dgst` (noted at each), never with our code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventFacts, eventIdentity } from "../../../src/core/events/facts.js";
import { providers } from "../../../src/core/providers/index.js";
import { MOTIVE_ACTIONS } from "../../../src/core/providers/motive/index.js";
import { motiveRun } from "../../../src/core/providers/motive/scenario.js";
import { detectEvent } from "../../../src/core/schemas/detect.js";
import { validateEvent } from "../../../src/core/schemas/index.js";
import { refreshEvent } from "../../../src/core/send/refresh.js";

const mo = providers.motive;
const FIXTURES = join(import.meta.dirname, "../../../fixtures");
const bytesOf = (id: string) => readFileSync(join(FIXTURES, `${id}.json`));
const fixture = (id: string) => JSON.parse(bytesOf(id).toString("utf8")) as Record<string, any>;
const NOW = 1_715_700_000_000;
const verify = (body: Uint8Array, signature: string, secrets = [SECRET]) => mo.verify({ body, headers: { "x-kt-webhook-signature": signature }, secrets, now: NOW });

/** A secret shaped like Motive's (32 hex digits), made up for these tests. */
const SECRET = "0f2c6a9e4b7d13580c4e2a6f9b1d3e57";
const LOCATION = bytesOf("motive/vehicle_location_updated");
// `openssl dgst -sha1 -hmac 0f2c6a9e4b7d13580c4e2a6f9b1d3e57 fixtures/motive/vehicle_location_updated.json`
const LOCATION_SHA1 = "6e592f8923dfdb947857136e79981bb02f14aba4";
// the same with -sha256
const LOCATION_SHA256 = "e7e038c2fd793e7ab40f198e8008969c4b6b48787961b5e7d01108583df0f3d8";
// the same with -sha1 -binary | base64
const LOCATION_SHA1_BASE64 = "blkviSPf25R4VxNueZgbsC8Uq6Q=";

describe("known answers", () => {
  // Motive's webhook overview (https://developer.gomotive.com/reference/company-webhooks-overview,
  // "Verifying Authenticity"): the payload ["fault_code_closed"] with the secret
  // d9d36bea41c44ae49d1bfc4a48ba2abe has X-KT-Webhook-Signature f04a8386a21a6cba0447024e83b3f0983352bb72.
  // (The page's openssl line passes the signature as -hmac; with the secret, openssl prints the same value.)
  const DOC_BODY = Buffer.from('["fault_code_closed"]');
  const DOC_SECRET = "d9d36bea41c44ae49d1bfc4a48ba2abe";
  const DOC_SIGNATURE = "f04a8386a21a6cba0447024e83b3f0983352bb72";

  it("signs Motive's published example", () => {
    expect(mo.sign({ body: DOC_BODY, secret: DOC_SECRET })).toEqual({ "Content-Type": "application/json", "X-KT-Webhook-Signature": DOC_SIGNATURE });
  });

  it("verifies Motive's published example, upper-case hex too", () => {
    expect(verify(DOC_BODY, DOC_SIGNATURE, [DOC_SECRET])).toMatchObject({ valid: true, verdict: "valid", matchedSecret: 0 });
    expect(verify(DOC_BODY, DOC_SIGNATURE.toUpperCase(), [DOC_SECRET]).valid).toBe(true);
  });

  it("signs and verifies a fixture as openssl does", () => {
    expect(mo.sign({ body: LOCATION, secret: SECRET })["X-KT-Webhook-Signature"]).toBe(LOCATION_SHA1);
    expect(verify(LOCATION, LOCATION_SHA1)).toMatchObject({ valid: true, message: "X-KT-Webhook-Signature matches secret 1 of 1" });
  });

  it("describes itself, with a secret shaped like Motive's", () => {
    expect(mo.describe()).toBe("X-KT-Webhook-Signature: hex of HMAC-SHA-1(webhook secret, raw body)");
    expect(mo.devSecret((n) => Uint8Array.from({ length: n }, (_, i) => i))).toBe("000102030405060708090a0b0c0d0e0f");
    expect(mo).toMatchObject({ answerWithinMs: 3_000, timestamped: false, secretRequired: true, authHeaders: ["x-kt-webhook-signature"] });
    expect(mo.retrySchedule).toBeUndefined();
  });
});

describe("diagnoses Motive's likely mistakes", () => {
  it("an HMAC-SHA256 where Motive signs with SHA-1", () => {
    const r = verify(LOCATION, LOCATION_SHA256);
    expect(r.reason).toBe("wrong-algorithm");
    expect(r.message).toContain("it matches with HMAC-SHA256");
    expect(r.message).toContain("Motive signs X-KT-Webhook-Signature with HMAC-SHA1");
  });

  it("base64 where Motive sends hex", () => {
    const r = verify(LOCATION, LOCATION_SHA1_BASE64);
    expect(r.reason).toBe("wrong-encoding");
    expect(r.message).toContain("decoded as base64 it matches");
    expect(r.message).toContain("Motive sends the hex digest");
  });

  it("the secret's hex digits taken as bytes", () => {
    const asBytes = Buffer.from(SECRET, "hex").toString("latin1");
    const sig = mo.sign({ body: LOCATION, secret: asBytes })["X-KT-Webhook-Signature"]!;
    const r = verify(LOCATION, sig);
    expect(r.reason).toBe("secret-format");
    expect(r.message).toContain("hex-decoded into bytes");
  });

  it("a body re-serialized before verification", () => {
    const compact = Buffer.from(JSON.stringify(JSON.parse(LOCATION.toString("utf8"))));
    const r = verify(LOCATION, mo.sign({ body: compact, secret: SECRET })["X-KT-Webhook-Signature"]!);
    expect(r.reason).toBe("body-modified");
  });
});

describe("detection", () => {
  it("reads every fixture by its action", () => {
    for (const a of MOTIVE_ACTIONS) expect(detectEvent(fixture(`motive/${a}`)), a).toEqual({ provider: "motive", event: a });
  });

  it("wants a Motive action in a Motive-shaped payload", () => {
    // GitHub also sends `action`.
    expect(detectEvent({ action: "opened", number: 12, pull_request: { id: 1 }, sender: { id: 2 } })).toBeUndefined();
    expect(detectEvent({ action: "vehicle_location_updated", lat: 1, lon: 2 })).toBeUndefined();
    expect(detectEvent({ action: "something_else", vehicle: { id: 1, number: "7" } })).toBeUndefined();
    expect(detectEvent({ action: "fault_code_opened", vehicle: { id: 1, number: "7" } })).toEqual({ provider: "motive", event: "fault_code_opened" });
  });

  it("takes no other provider's payloads", () => {
    for (const id of ["samsara/geofence_entry", "zubie/trip_end", "smartcar/vehicle_state", "traccar/deviceOverspeed", "uber/driver_online", "automatic/trip_finished"]) {
      expect(detectEvent(fixture(id))?.provider, id).toBe(id.split("/")[0]);
    }
  });
});

describe("facts", () => {
  const f = (a: string) => eventFacts({ provider: "motive", event: a }, fixture(`motive/${a}`));
  const WHO = "vehicle 1187, driver Dana Reyes";

  it("the vehicle and driver, the action's own time, one line", () => {
    expect(f("vehicle_location_updated")).toEqual({
      time: Date.parse("2024-05-14T12:52:30Z"),
      who: WHO,
      summary: "at 40.76305,-87.15184 (I-65 S near Remington, IN) · 103.2 km/h",
      positions: [{ lat: 40.76305, lon: -87.15184, role: "at", time: Date.parse("2024-05-14T12:52:30Z") }],
    });
    expect(f("engine_toggle_event")).toMatchObject({ time: Date.parse("2024-05-14T11:58:40Z"), who: WHO, summary: "engine on at 41.48331,-87.33268 (Merrillville, IN)" });
    expect(f("user_duty_status_updated")).toEqual({ time: Date.parse("2024-05-14T12:01:07Z"), who: WHO, summary: "duty status: driving" });
    expect(f("hos_violation_upserted")).toEqual({ time: Date.parse("2024-05-14T14:05:00Z"), who: WHO, summary: "HOS violation: 30 Minute Break Required, open" });
    expect(f("fault_code_opened")).toMatchObject({ time: Date.parse("2024-05-14T13:41:15Z"), summary: "fault code opened: SPN 110 FMI 16 Engine Coolant Temperature" });
    expect(f("fault_code_closed")).toMatchObject({ time: Date.parse("2024-05-14T14:02:48Z"), summary: "fault code closed: SPN 110 FMI 16 Engine Coolant Temperature (6 observations)" });
    expect(f("vehicle_geofence_event")).toMatchObject({ time: Date.parse("2024-05-14T14:21:10Z"), summary: 'entered "Plainfield DC"' });
  });

  it("a speeding episode: its span, its worst speed, where it started and ended", () => {
    expect(f("speeding_event_created")).toEqual({
      time: Date.parse("2024-05-14T13:20:32Z"),
      who: WHO,
      summary: "speeding: max 126.4 km/h, 21.8 km/h over the limit for 2m 30s",
      positions: [
        { lat: 40.43902, lon: -86.82015, role: "start", time: Date.parse("2024-05-14T13:18:02Z") },
        { lat: 40.41207, lon: -86.79046, role: "end", time: Date.parse("2024-05-14T13:20:32Z") },
      ],
    });
  });

  it("a geofence exit says how long the vehicle stayed", () => {
    const exit = { ...fixture("motive/vehicle_geofence_event"), type: "exit", end_time: "2024-05-14T15:06:10Z", duration: 2700 };
    expect(eventFacts({ provider: "motive", event: "vehicle_geofence_event" }, exit).summary).toBe('left "Plainfield DC" after 45m');
  });

  it("no event id: a fault's opening and closing share the record's id, so dedupe is by body", () => {
    expect(eventIdentity({ provider: "motive", event: "fault_code_opened" }, fixture("motive/fault_code_opened"))).toEqual({ time: Date.parse("2024-05-14T13:41:15Z") });
  });

  it("reports less on odd payloads, never throws", () => {
    expect(eventFacts({ provider: "motive", event: "speeding_event_created" }, { action: "speeding_event_created", vehicle: "x", duration: "long" })).toEqual({ summary: "speeding" });
  });
});

describe("fresh sends and validation", () => {
  it("moves the action's times to now and keeps the records' ids", () => {
    const p = fixture("motive/speeding_event_created");
    const fresh = refreshEvent("motive", p, { now: NOW, random: () => 0.5 }) as Record<string, any>;
    expect(Date.parse(fresh.end_time)).toBe(NOW);
    expect(Date.parse(fresh.end_time) - Date.parse(fresh.start_time)).toBe(150_000);
    expect(fresh.id).toBe(p.id);
    expect(fresh.vehicle).toEqual(p.vehicle);
  });

  it("validates every fixture strictly, and names a wrong field", () => {
    for (const a of MOTIVE_ACTIONS) expect(validateEvent(fixture(`motive/${a}`), { strict: true }), a).toMatchObject({ valid: true, errors: [], warnings: [] });
    const bad = validateEvent({ ...fixture("motive/vehicle_location_updated"), lat: 123 });
    expect(bad.valid).toBe(false);
    expect(JSON.stringify(bad.errors)).toContain("latitude must be between -90 and 90");
  });
});

describe("motive-run scenario", () => {
  const templates = Object.fromEntries(motiveRun.fixtures.map((id) => [id, fixture(id)]));
  const seeded = () => {
    let x = 7;
    return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  };
  const steps = motiveRun.build(templates, { start: NOW, random: seeded() });

  it("on duty, engine on, driving, locations, speeding, the DC, engine off, off duty: one truck, every event valid", () => {
    expect(steps.map((s) => s.event)).toEqual([
      "user_duty_status_updated",
      "engine_toggle_event",
      "user_duty_status_updated",
      "vehicle_location_updated",
      "vehicle_location_updated",
      "speeding_event_created",
      "vehicle_location_updated",
      "vehicle_location_updated",
      "vehicle_geofence_event",
      "user_duty_status_updated",
      "engine_toggle_event",
      "user_duty_status_updated",
    ]);
    const facts = steps.map((s) => eventFacts({ provider: "motive", event: s.event }, s.payload));
    expect(facts.filter((x) => x.summary?.startsWith("duty status")).map((x) => x.summary)).toEqual(["duty status: on duty (not driving)", "duty status: driving", "duty status: on duty (not driving)", "duty status: off duty"]);
    expect(facts[1]!.summary).toMatch(/^engine on at 41.48331,-87.33268/);
    expect(facts[10]!.summary).toMatch(/^engine off at 39.70425,-86.3687/);
    for (const x of facts) expect(x.who).toBe("vehicle 1187, driver Dana Reyes");
    const times = facts.map((x) => x.time!);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const odo = steps.filter((s) => s.event === "vehicle_location_updated").map((s) => s.payload.odometer as number);
    expect([...odo].sort((a, b) => a - b)).toEqual(odo);
    for (const s of steps) expect(validateEvent(s.payload, { strict: true }), s.event).toMatchObject({ valid: true, errors: [], warnings: [] });
  });

  it("shrinks every time alike when sped up", () => {
    const fast = motiveRun.build(templates, { start: NOW, random: seeded(), speed: 60 });
    expect(fast.at(-1)!.atMs).toBe((150 * 60_000) / 60);
    const speeding = fast.find((s) => s.event === "speeding_event_created")!.payload;
    // Motive's times are whole seconds (the fixtures' format is kept): 2.5 s prints as 2 or 3.
    expect(Math.abs(Date.parse(speeding.end_time as string) - Date.parse(speeding.start_time as string) - 150_000 / 60)).toBeLessThanOrEqual(1_000);
    expect(speeding.duration).toBe(3);
  });
});
