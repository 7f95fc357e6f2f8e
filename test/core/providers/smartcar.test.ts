/**
 * Smartcar: SC-Signature, the VERIFY challenge (listen's answer, send's check of a receiver's
 * answer), detection, facts, fresh sends and the scenario. Every expected HMAC here is either a
 * vector published by Smartcar or computed with node:crypto in this file (never with our code).
 */
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventFacts } from "../../../src/core/events/facts.js";
import { providers } from "../../../src/core/providers/index.js";
import { challengeResponse } from "../../../src/core/providers/smartcar/index.js";
import { smartcarDrive } from "../../../src/core/providers/smartcar/scenario.js";
import { detectEvent } from "../../../src/core/schemas/detect.js";
import { validateEvent } from "../../../src/core/schemas/index.js";
import { refreshEvent } from "../../../src/core/send/refresh.js";

const sc = providers.smartcar;
const FIXTURES = join(import.meta.dirname, "../../../fixtures");
const bytesOf = (id: string) => readFileSync(join(FIXTURES, `${id}.json`));
const fixture = (id: string) => JSON.parse(bytesOf(id).toString("utf8")) as Record<string, any>;
const hmacHex = (key: string, data: string | Buffer) => createHmac("sha256", key).update(data).digest("hex");
const TOKEN = "2f6b0c1e-7f3a-4c55-9d1e-6a2b8c4d0e11";
const NOW = 1_763_480_000_000;

describe("known answers", () => {
  // smartcar/java-sdk, src/test/java/com/smartcar/sdk/SmartcarTest.java, testHashChallenge and
  // testVerifyPayload: hashChallenge("amt", "challenge") == "9baf5a74…" and verifyPayload("amt",
  // that value, "challenge") is true (the same HMAC serves the challenge and SC-Signature).
  const JAVA_SDK = "9baf5a7464bd86740ad5a06e439dcf535a075022ed2c92d74efacf646d79328e";

  it("answers the Java SDK's published challenge vector", () => {
    expect(challengeResponse("amt", "challenge")).toBe(JAVA_SDK);
  });

  it("signs and verifies SC-Signature as the Java SDK's verifyPayload does", () => {
    const body = Buffer.from("challenge");
    expect(sc.sign({ body, secret: "amt" })).toEqual({ "Content-Type": "application/json", "SC-Signature": JAVA_SDK });
    expect(sc.verify({ body, headers: { "sc-signature": JAVA_SDK }, secrets: ["amt"], now: NOW })).toMatchObject({ valid: true, matchedSecret: 0 });
  });

  it("matches the Python SDK's test inputs, computed with node:crypto", () => {
    // smartcar/python-sdk tests/e2e/test_smartcar.py test_static_webhook_methods: amt "abc123abc123",
    // challenge "9c9c9c9c" (the test checks a round trip, it publishes no value).
    expect(challengeResponse("abc123abc123", "9c9c9c9c")).toBe(hmacHex("abc123abc123", "9c9c9c9c"));
  });

  it("signs a fixture's raw bytes (lowercase hex HMAC-SHA256 keyed with the token)", () => {
    const body = bytesOf("smartcar/vehicle_state");
    expect(sc.sign({ body, secret: TOKEN })["SC-Signature"]).toBe(hmacHex(TOKEN, body));
    expect(sc.verify({ body, headers: { "SC-Signature": hmacHex(TOKEN, body).toUpperCase() }, secrets: [TOKEN], now: NOW }).valid).toBe(true);
  });
});

describe("signature diagnoses", () => {
  it("a body that only matches re-serialized says what Smartcar's Node SDK would have done", () => {
    const pretty = bytesOf("smartcar/vehicle_state");
    const compact = JSON.stringify(JSON.parse(pretty.toString("utf8")));
    const r = sc.verify({ body: pretty, headers: { "SC-Signature": hmacHex(TOKEN, compact) }, secrets: [TOKEN], now: NOW });
    expect(r).toMatchObject({ valid: false, reason: "body-modified" });
    expect(r.message).toContain("JSON.stringify(JSON.parse(body))");
    expect(r.message).toContain("Smartcar's Node SDK verifyPayload");
  });

  it("names the token a signature was made with when it is another known one", () => {
    const body = bytesOf("smartcar/vehicle_error");
    const r = sc.verify({ body, headers: { "SC-Signature": hmacHex("client-secret-xyz", body) }, secrets: [TOKEN], now: NOW, alternateSecrets: [{ label: "the client secret", secret: "client-secret-xyz" }] });
    expect(r.reason).toBe("other-secret");
    expect(r.message).toContain("the client secret");
  });
});

describe("detection", () => {
  it("reads v4 events by eventType and the delivery meta, and the 2.0 verify", () => {
    for (const e of ["verify", "vehicle_state", "vehicle_error"]) expect(detectEvent(fixture(`smartcar/${e}`))?.provider).toBe("smartcar");
    expect(detectEvent({ version: "2.0", webhookId: "w1", eventName: "verify", payload: { challenge: "abc" } })).toEqual({ provider: "smartcar", event: "VERIFY" });
    expect(detectEvent({ version: "2.0", webhookId: "w1", eventName: "schedule", payload: { vehicles: [] } })).toEqual({ provider: "smartcar", event: "schedule" });
    expect(detectEvent({ eventType: "VEHICLE_STATE", data: {} })).toEqual({ provider: "smartcar", event: "VEHICLE_STATE" });
  });

  it("takes no other provider's payloads", () => {
    expect(detectEvent(fixture("samsara/geofence_entry"))?.provider).toBe("samsara");
    expect(detectEvent({ eventType: "Something", data: {} })).toBeUndefined();
    expect(detectEvent(fixture("zubie/trip_end"))?.provider).toBe("zubie");
  });

  it("validates a 2.0 VERIFY, and a 2.0 event of another kind with a warning", () => {
    expect(validateEvent({ version: "2.0", webhookId: "w1", eventName: "verify", payload: { challenge: "abc" } })).toMatchObject({ valid: true, errors: [] });
    const other = validateEvent({ version: "2.0", webhookId: "w1", eventName: "schedule", payload: { vehicles: [] } });
    expect(other.valid).toBe(true);
    expect(other.warnings[0]!.message).toContain("not one of the documented Smartcar events");
  });
});

describe("VERIFY: what listen answers", () => {
  it("answers 200 with the challenge's HMAC keyed with the token, v4 and 2.0", () => {
    const v4 = fixture("smartcar/verify");
    expect(sc.answer!("VERIFY", v4, TOKEN)).toEqual({ status: 200, body: JSON.stringify({ challenge: hmacHex(TOKEN, v4.data.challenge) }), contentType: "application/json" });
    const v2 = { version: "2.0", webhookId: "w1", eventName: "verify", payload: { challenge: "c-2.0" } };
    expect(JSON.parse(sc.answer!("VERIFY", v2, TOKEN)!.body)).toEqual({ challenge: hmacHex(TOKEN, "c-2.0") });
  });

  it("says why it cannot answer, and leaves other events to the usual acknowledgement", () => {
    expect(sc.answer!("VERIFY", { eventType: "VERIFY", data: {} }, TOKEN)!.status).toBe(400);
    const none = sc.answer!("VERIFY", fixture("smartcar/verify"), undefined)!;
    expect(none.status).toBe(500);
    expect(JSON.parse(none.body).message).toContain("application management token");
    expect(sc.answer!("VEHICLE_STATE", fixture("smartcar/vehicle_state"), TOKEN)).toBeUndefined();
  });
});

describe("VERIFY: send checks the receiver's answer", () => {
  const p = fixture("smartcar/verify");
  const c: string = p.data.challenge;
  const right = hmacHex(TOKEN, c);
  const check = (body: string, status = 200) => sc.checkAnswer!("VERIFY", p, { status, body }, TOKEN);

  it("accepts the right answer, in either case of hex", () => {
    expect(check(JSON.stringify({ challenge: right }))).toBeUndefined();
    expect(check(JSON.stringify({ challenge: right.toUpperCase() }))).toBeUndefined();
    expect(sc.checkAnswer!("VEHICLE_STATE", fixture("smartcar/vehicle_state"), { status: 200, body: "ok" }, TOKEN)).toBeUndefined();
  });

  it("diagnoses the usual mistakes, each by name", () => {
    const cases: [string, string | RegExp][] = [
      [JSON.stringify({ challenge: hmacHex(TOKEN, JSON.stringify(p)) }), "HMAC of the whole request body instead of the challenge: hash only data.challenge"],
      [JSON.stringify({ challenge: createHmac("sha256", TOKEN).update(c).digest("base64") }), "base64-encoded: Smartcar expects it hex-encoded"],
      [JSON.stringify({ challenge: c }), "echoed the challenge back unchanged"],
      [JSON.stringify({ challenge: hmacHex(c, TOKEN) }), "key and message swapped"],
      [JSON.stringify({ challenge: createHash("sha256").update(c).digest("hex") }), "a plain SHA-256 of the challenge, not an HMAC"],
      [JSON.stringify({ challenge: createHmac("sha1", TOKEN).update(c).digest("hex") }), "HMAC-SHA1 instead of HMAC-SHA256"],
      [JSON.stringify({ challenge: hmacHex(TOKEN, JSON.stringify(c)) }), "with its JSON quotes"],
      [JSON.stringify({ hmac: right }), 'the right HMAC under "hmac": Smartcar reads the "challenge" field'],
      [JSON.stringify({ status: "ok" }), 'without a "challenge" field (fields: status)'],
      [JSON.stringify({ challenge: null }), 'answered "challenge" as null'],
      [right, "the right HMAC as plain text: Smartcar expects a JSON body"],
      ["OK", "a body that is not JSON"],
    ];
    for (const [body, want] of cases) {
      const problem = check(body);
      expect(problem, body).toBeDefined();
      if (typeof want === "string") expect(problem, body).toContain(want);
      else expect(problem, body).toMatch(want);
      expect(problem).not.toContain(TOKEN);
    }
  });

  it("says what it can when the answer was keyed with another key: not which key", () => {
    const problem = check(JSON.stringify({ challenge: hmacHex("the-client-secret", c) }))!;
    expect(problem).toContain("HMAC-SHA256 of another key");
    expect(problem).toContain("client secret");
    expect(problem).toContain("cannot be told from the answer");
    expect(problem).toContain(`expected ${right}`);
    expect(problem).not.toContain("the-client-secret");
  });

  it("reports a 2xx that is not 200", () => {
    expect(check("", 204)).toContain("VERIFY answered 204: Smartcar expects 200");
  });

  it("checks 2.0 VERIFY answers on payload.challenge", () => {
    const v2 = { version: "2.0", webhookId: "w1", eventName: "verify", payload: { challenge: "c-2.0" } };
    expect(sc.checkAnswer!("VERIFY", v2, { status: 200, body: JSON.stringify({ challenge: hmacHex(TOKEN, "c-2.0") }) }, TOKEN)).toBeUndefined();
    expect(sc.checkAnswer!("VERIFY", v2, { status: 200, body: JSON.stringify({ challenge: hmacHex(TOKEN, JSON.stringify(v2)) }) }, TOKEN)).toContain("hash only payload.challenge");
  });
});

describe("profile", () => {
  it("retries 25 s, 50 s, 100 s and waits 15 s for an answer (Smartcar's delivery behavior)", () => {
    expect(sc.retrySchedule).toEqual([25_000, 50_000, 100_000]);
    expect(sc.answerWithinMs).toBe(15_000);
    expect(sc.timestamped).toBe(false);
    expect(sc.authHeaders).toEqual(["sc-signature"]);
  });

  it("a fresh send is a new event delivered now: new eventId and deliveryId, the challenge kept", () => {
    let x = 3;
    const random = () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const p = fixture("smartcar/verify");
    const fresh = refreshEvent("smartcar", p, { now: NOW, random }) as Record<string, any>;
    expect(fresh.eventId).not.toBe(p.eventId);
    expect(fresh.meta.deliveryId).not.toBe(p.meta.deliveryId);
    expect(fresh.meta.deliveredAt).toBe(NOW);
    expect(fresh.data.challenge).toBe(p.data.challenge);
  });

  it("facts: who, what the signals say, where", () => {
    const f = eventFacts({ provider: "smartcar", event: "VEHICLE_STATE" }, fixture("smartcar/vehicle_state"));
    expect(f).toMatchObject({ id: "025697fd-04e7-4680-8f2d-2c9a0f7885c9", time: 1763476328412, who: "2023 TOYOTA RAV4 Prime, vehicle 7ff451e9-ac1e-497a-89db-cece56a656fe" });
    expect(f.summary).toBe("triggered by location-preciselocation · battery 64% · fuel 71% · odometer 18342.6 km · at 37.33492,-121.88813");
    expect(f.positions).toEqual([{ lat: 37.33492, lon: -121.88813, role: "at", time: 1763476325000 }]);
    expect(eventFacts({ provider: "smartcar", event: "VEHICLE_ERROR" }, fixture("smartcar/vehicle_error")).summary).toBe("error UNREACHABLE (VEHICLE_STATE) on 2 signals");
  });
});

describe("smartcar-drive scenario", () => {
  const templates = { "smartcar/vehicle_state": fixture("smartcar/vehicle_state"), "smartcar/vehicle_error": fixture("smartcar/vehicle_error") };
  const seeded = () => {
    let x = 11;
    return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  };
  const steps = smartcarDrive.build(templates, { start: NOW, random: seeded() });

  it("one car, times advancing, odometer rising, battery falling, every event valid", () => {
    expect(steps.map((s) => s.event)).toEqual(["VEHICLE_STATE", "VEHICLE_STATE", "VEHICLE_STATE", "VEHICLE_ERROR", "VEHICLE_ERROR", "VEHICLE_STATE", "VEHICLE_STATE"]);
    expect(new Set(steps.map((s) => s.payload.vehicleId)).size).toBe(1);
    const times = steps.map((s) => (s.payload.meta as { deliveredAt: number }).deliveredAt);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]).toBe(NOW);
    const states = steps.filter((s) => s.event === "VEHICLE_STATE").map((s) => eventFacts({ provider: "smartcar", event: s.event }, s.payload).summary!);
    expect(states[0]).toMatch(/^first delivery/);
    const odo = states.map((t) => Number(/odometer ([\d.]+)/.exec(t)![1]));
    expect([...odo].sort((a, b) => a - b)).toEqual(odo);
    expect(odo.at(-1)! - odo[0]!).toBeGreaterThan(20);
    expect(steps[4]!.payload.data).toMatchObject({ errors: [{ state: "RESOLVED", code: "UNREACHABLE" }] });
    for (const s of steps) expect(validateEvent(s.payload, { strict: true }), s.event).toMatchObject({ valid: true, errors: [], warnings: [] });
    expect(new Set(steps.map((s) => s.payload.eventId)).size).toBe(steps.length);
  });

  it("shrinks every time alike when sped up", () => {
    const fast = smartcarDrive.build(templates, { start: NOW, random: seeded(), speed: 60 });
    expect(fast.at(-1)!.atMs).toBe((34 * 60_000) / 60);
    const signal = (fast[1]!.payload.data as { signals: { meta: { oemUpdatedAt: number } }[] }).signals[0]!;
    expect((fast[1]!.payload.meta as { deliveredAt: number }).deliveredAt - signal.meta.oemUpdatedAt).toBe(50);
  });
});
