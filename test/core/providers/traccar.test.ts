/**
 * Traccar: the GET query hook (read and written as Traccar's own code does), detection in both
 * directions, the unsigned verdict and its diagnoses, facts, fresh-send rules, the retry schedule
 * and the trip scenario. Known answers come from Traccar's sources and documents, named at each test:
 *   - github.com/traccar/traccar src/test/java/org/traccar/forward/PositionForwarderUrlTest.java
 *   - https://www.traccar.org/osmand/ (the query parameters a Traccar server reads)
 *   - payloads users posted from their Traccar servers on https://www.traccar.org/forums/ and
 *     https://jpmens.net/2018/09/14/position-and-event-forwarding-from-traccar/ (an older version)
 * Nothing is signed, so there is no signature vector to reproduce.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eventFacts, eventIdentity } from "../../../src/core/events/facts.js";
import { providers } from "../../../src/core/providers/index.js";
import { traccar, TRACCAR_EVENTS } from "../../../src/core/providers/traccar/index.js";
import { formatRequest, formatSentence, fromPayload, javaDouble, javaUrlEncode, parseGprmc, toPayload, FORWARD_URL_TEMPLATE } from "../../../src/core/providers/traccar/query.js";
import { SCENARIOS, type ScenarioStep } from "../../../src/core/scenarios/index.js";
import { detectEvent } from "../../../src/core/schemas/detect.js";
import { formatPath, validateEvent } from "../../../src/core/schemas/index.js";
import { freshRules, refreshEvent } from "../../../src/core/send/refresh.js";
import { loadFixture } from "../../../src/io/fixtures.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures");
type Obj = Record<string, any>;
const fixture = (name: string): Obj => JSON.parse(readFileSync(join(FIXTURES, "traccar", `${name}.json`), "utf8")) as Obj;
const problems = (payload: unknown, strict = false) => {
  const v = validateEvent(payload, { strict });
  return [...v.errors, ...v.warnings].map((e) => `${formatPath(e.path)}: ${e.message}`);
};

describe("GET deliveries: the query Traccar sends (forward.type url, the default)", () => {
  it("formats forward.url as Traccar's PositionForwarderUrl does (known answer: PositionForwarderUrlTest.testFormatRequest)", () => {
    // traccar/traccar src/test/java/org/traccar/forward/PositionForwarderUrlTest.java: forward.url
    // "http://localhost/?fixTime={fixTime}&gprmc={gprmc}&name={name}", a valid position at
    // 2016-01-01 01:02:03.000 (UTC), latitude 20, longitude 30, device named "test".
    const url = formatRequest("http://localhost/?fixTime={fixTime}&gprmc={gprmc}&name={name}", {
      position: { fixTime: "2016-01-01T01:02:03.000+00:00", valid: true, latitude: 20, longitude: 30 },
      device: { name: "test", uniqueId: "123456789012345", status: "online" },
    });
    expect(url).toBe("http://localhost/?fixTime=1451610123000&gprmc=$GPRMC,010203.000,A,2000.0000,N,03000.0000,E,0.00,0.00,010116,,*05&name=test");
  });

  it("reads that request back into a position: the fix from the GPRMC sentence, the device by name", () => {
    const payload = toPayload(new URL("http://localhost/?fixTime=1451610123000&gprmc=$GPRMC,010203.000,A,2000.0000,N,03000.0000,E,0.00,0.00,010116,,*05&name=test").searchParams);
    expect(payload).toEqual({
      position: { fixTime: "2016-01-01T01:02:03.000+00:00", valid: true, latitude: 20, longitude: 30, speed: 0, course: 0, attributes: {} },
      device: { name: "test" },
    });
    expect(detectEvent(payload)).toEqual({ provider: "traccar", event: "position" });
    expect(problems(payload)).toEqual([]);
  });

  it("reads the OsmAnd parameters a Traccar server itself reads (known answers: traccar.org/osmand examples 1 and 2)", () => {
    // https://www.traccar.org/osmand/ Example 1: basic request with the mandatory parameters.
    expect(toPayload(new URLSearchParams("id=12345&lat=48.8566&lon=2.3522&timestamp=1609459200000"))).toEqual({
      position: { fixTime: "2021-01-01T00:00:00.000+00:00", latitude: 48.8566, longitude: 2.3522, attributes: {} },
      device: { uniqueId: "12345" },
    });
    // Example 2: deviceid, an ISO timestamp, speed, bearing, altitude, accuracy; hdop and batt.
    const p = toPayload(new URLSearchParams("deviceid=12345&lat=48.8566&lon=2.3522&timestamp=2021-01-01T00:00:00Z&speed=15&bearing=270&altitude=35&accuracy=10&hdop=0.8&batt=75"));
    expect(p).toEqual({
      position: { fixTime: "2021-01-01T00:00:00.000+00:00", latitude: 48.8566, longitude: 2.3522, altitude: 35, speed: 15, course: 270, accuracy: 10, attributes: { batteryLevel: 75, hdop: 0.8 } },
      device: { uniqueId: "12345" },
    });
    // The documents: timestamp "in seconds or milliseconds since epoch, ISO 8601 format, or yyyy-MM-dd HH:mm:ss".
    for (const ts of ["1609459200", "1609459200000", "2021-01-01T00:00:00Z", "2021-01-01 00:00:00"]) {
      expect((toPayload(new URLSearchParams({ id: "1", lat: "1", lon: "2", timestamp: ts })).position as Obj).fixTime, ts).toBe("2021-01-01T00:00:00.000+00:00");
    }
    expect((toPayload(new URLSearchParams("id=1&location=48.8566,2.3522")).position as Obj)).toMatchObject({ latitude: 48.8566, longitude: 2.3522 });
  });

  it("reads the placeholder names too, and drops what Traccar leaves unfilled ({address} without an address, Java's null)", () => {
    const p = toPayload(new URLSearchParams("uniqueId=356307042441013&latitude=51.9&longitude=4.4&fixTime=1741939420000&course=48.0&address={address}&batteryLevel=null&charge=true&statusCode=0xF11C&io69=1&note=hello"));
    expect(p).toEqual({
      position: { fixTime: "2025-03-14T08:03:40.000+00:00", latitude: 51.9, longitude: 4.4, course: 48, attributes: { charge: true, io69: 1, note: "hello" } },
      device: { uniqueId: "356307042441013" },
    });
  });

  it("writes the query of a position the way a Traccar server configured with FORWARD_URL_TEMPLATE would, and reads it back to the same position", () => {
    const json = fixture("position");
    const query = fromPayload(json);
    expect(FORWARD_URL_TEMPLATE).toMatch(/^id=\{uniqueId\}&/);
    expect(Object.fromEntries([...query].filter(([k]) => k !== "attributes"))).toEqual({
      id: "356307042441013",
      name: "Van 7",
      deviceId: "12",
      status: "online",
      protocol: "teltonika",
      valid: "true",
      timestamp: "1741939420000",
      deviceTime: "1741939420000",
      lat: "51.89604",
      lon: "4.46153",
      altitude: "4.0",
      speed: "27.5",
      bearing: "48.0",
      accuracy: "0.0",
      address: "Pleinweg 210, 3083 EZ Rotterdam, Netherlands",
    });
    const back = toPayload(query);
    const { id: _id, serverTime: _s, outdated: _o, network: _n, geofenceIds: _g, ...kept } = json.position as Obj;
    expect(back.position).toEqual(kept);
    expect(back.device).toEqual({ name: "Van 7", uniqueId: "356307042441013", status: "online" });
    // Schemas, facts and the map read one shape: the same summary and position as the JSON delivery's.
    const jsonFacts = eventFacts(detectEvent(json), json);
    const getFacts = eventFacts(detectEvent(back), back);
    expect(getFacts.summary).toBe(jsonFacts.summary);
    expect(getFacts.positions).toEqual(jsonFacts.positions);
    expect(getFacts.who).toBe(jsonFacts.who);
    expect(problems(back, true)).toEqual([]);
  });

  it("leaves {address} in the query when the position has none, as Traccar does (it replaces it only when set)", () => {
    const json = fixture("position");
    const q = fromPayload({ ...json, position: { ...json.position, address: null } });
    expect(q.get("address")).toBe("{address}");
    expect((toPayload(q).position as Obj).address).toBeUndefined();
  });

  it("writes Java's number and URL encodings", () => {
    expect([0, -0, 12, 51.9225, 0.0001, 1e7].map(javaDouble)).toEqual(["0.0", "-0.0", "12.0", "51.9225", "1.0E-4", "1.0E7"]);
    expect(javaUrlEncode("Van 7 (Ö) *x~")).toBe("Van+7+%28%C3%96%29+*x%7E");
    // OpenGTS status codes and the other placeholders.
    expect(formatRequest("?s={statusCode}&b={batteryLevel}&c={charge}&st={status}&p={protocol}", { position: { speed: 0 }, device: {} })).toBe("?s=0xF020&b=null&c=null&st=offline&p=null");
    expect(formatRequest("?s={statusCode}", { position: { speed: 30, attributes: { alarm: "sos" } } })).toBe("?s=0xF841");
  });

  it("parses and writes GPRMC sentences (southern and western hemispheres too)", () => {
    const s = formatSentence(Date.UTC(2025, 2, 14, 8, 3, 40, 0), -33.8688, -151.2093, 27.5, 48);
    expect(s).toMatch(/^\$GPRMC,080340\.000,A,3352\.1280,S,15112\.5580,W,27\.50,48\.00,140325,,\*[0-9A-F]{2}$/);
    expect(parseGprmc(s)).toEqual({ fixTime: Date.UTC(2025, 2, 14, 8, 3, 40), valid: true, latitude: -33.8688, longitude: -151.2093, speed: 27.5, course: 48 });
    expect(parseGprmc("$GPGGA,1,2,3")).toBeUndefined();
  });
});

describe("detection", () => {
  const traccarFixtures = readdirSync(join(FIXTURES, "traccar")).map((f) => f.slice(0, -5));

  it("finds every Traccar fixture as traccar and its own type; a position, which names none, as position", () => {
    for (const name of traccarFixtures) expect(detectEvent(fixture(name)), name).toEqual({ provider: "traccar", event: name });
  });

  it("takes no other provider's fixture", () => {
    for (const provider of readdirSync(FIXTURES).filter((d) => !d.includes(".") && d !== "traccar")) {
      for (const f of readdirSync(join(FIXTURES, provider))) {
        const payload = JSON.parse(readFileSync(join(FIXTURES, provider, f), "utf8")) as Obj;
        expect(traccar.events.detect(payload), `${provider}/${f}`).toBeUndefined();
        expect(detectEvent(payload)?.provider, `${provider}/${f}`).toBe(provider);
      }
    }
  });

  it("is not Automatic's `type` nor Zubie's `event`, and they are not Traccar's", () => {
    // Automatic names its events in a top-level `type` with a colon; Traccar's is event.type.
    expect(detectEvent({ id: "E_1", type: "ignition:on", created_at: "2019-09-27T16:02:11.000Z", position: { latitude: 1, longitude: 2, fixTime: "x" }, device: {} })?.provider).toBe("automatic");
    expect(detectEvent({ type: "ignitionOn", id: 1, deviceId: 12, eventTime: "2025-03-14T07:59:58.000+00:00" })).toBeUndefined();
    // Zubie's `event` is a string; Traccar's an object.
    expect(detectEvent({ event: "trip_end", user_key: "u", position: { latitude: 1, longitude: 2, fixTime: "x" }, device: { uniqueId: "1" } })?.provider).toBe("zubie");
    expect(detectEvent({ event: { type: "trip_end" } })).toBeUndefined(); // an event object without Traccar's fields
    // A position needs Traccar's own fields and a device beside it, and no event.
    expect(detectEvent({ position: { latitude: 1, longitude: 2 }, vehicle: {} })).toBeUndefined();
    expect(detectEvent({ position: { latitude: 1, longitude: 2 }, device: {} })).toBeUndefined();
    expect(detectEvent({ position: { latitude: 1, longitude: 2, fixTime: "2025-03-14T07:59:58.000+00:00" }, device: {} })).toEqual({ provider: "traccar", event: "position" });
  });

  it("reads what Traccar servers sent, as their users posted it (forum and blog samples)", () => {
    // https://www.traccar.org/forums/topic/why-attributes-is-empty-when-forward-data (Traccar 5/6, a deviceOffline with no position).
    const offline = {
      event: { id: 43334, attributes: {}, deviceId: 385, type: "deviceOffline", eventTime: "2024-05-10T10:45:34.984+00:00", positionId: 0, geofenceId: 0, maintenanceId: 0 },
      device: { id: 385, attributes: {}, groupId: 0, calendarId: 0, name: "868618052108909", uniqueId: "868618052108909", status: "offline", lastUpdate: "2024-05-10T10:45:07.076+00:00", positionId: 0, phone: null, model: null, contact: null, category: null, disabled: false, expirationTime: null },
    };
    expect(detectEvent(offline)).toEqual({ provider: "traccar", event: "deviceOffline" });
    expect(problems(offline, true)).toEqual([]);
    expect(eventFacts(detectEvent(offline), offline)).toEqual({ id: "event:43334", time: Date.parse("2024-05-10T10:45:34.984Z"), who: "device 868618052108909", summary: "device offline" });
    // https://jpmens.net/2018/09/14/position-and-event-forwarding-from-traccar/ (Traccar 4: the event's time was serverTime).
    const enter = {
      geofence: { id: 7, name: "blub9", description: "", area: "CIRCLE (49.133867934876974 8.166520803303387, 33112.6)" },
      position: { id: 18336, attributes: { t: "i", ignition: true, distance: 449672.22 }, deviceId: 7, protocol: "owntracks", deviceTime: "2018-09-14T15:34:17.000+0000", fixTime: "2018-09-14T15:34:17.000+0000", latitude: 49.0156556, longitude: 8.3975169, network: null },
      event: { id: 1216, deviceId: 7, type: "geofenceEnter", serverTime: "2018-09-14T15:34:17.906+0000", positionId: 18336 },
      device: { id: 7, name: "jp", uniqueId: "jp" },
    };
    expect(detectEvent(enter)).toEqual({ provider: "traccar", event: "geofenceEnter" });
    const f = eventFacts(detectEvent(enter), enter);
    expect(f).toMatchObject({ id: "event:1216", time: Date.parse("2018-09-14T15:34:17.906Z"), summary: "entered blub9 · at 49.01566,8.39752" });
  });
});

describe("schemas", () => {
  it("validates every fixture strictly, and says what is wrong with a broken one", () => {
    for (const name of TRACCAR_EVENTS.filter((n) => readdirSync(join(FIXTURES, "traccar")).includes(`${n}.json`))) expect(problems(fixture(name), true), name).toEqual([]);
    const overspeed = fixture("deviceOverspeed");
    delete overspeed.event.attributes.speedLimit;
    overspeed.position.speed = -1;
    expect(problems(overspeed)).toEqual(["$.event.attributes.speedLimit: required field is missing (expected number)", "$.position.speed: speed must be 0 or more"]);
    const enter = fixture("geofenceEnter");
    delete enter.geofence;
    expect(problems(enter)[0]).toMatch(/^\$\.geofence: /);
  });

  it("validates an event type this catalogue does not list as an event, with a warning", () => {
    const p = fixture("ignitionOn");
    p.event.type = "deviceToll";
    const v = validateEvent(p);
    expect(v.valid).toBe(true);
    expect(v.warnings.map((w) => w.message)).toEqual([`"deviceToll" is not one of the documented Traccar events (${TRACCAR_EVENTS.join(", ")})`]);
  });
});

describe("facts", () => {
  const line = (name: string) => eventFacts(detectEvent(fixture(name)), fixture(name));

  it("name the device, the position (speed in km/h and knots), the geofence, the alarm", () => {
    expect(line("deviceOverspeed")).toEqual({
      id: "event:9126",
      time: Date.parse("2025-03-14T08:05:05.000Z"),
      who: "Van 7 (uniqueId 356307042441013)",
      summary: "overspeed 97 km/h (52.4 kn), limit 80 km/h (43.2 kn) · at 51.90521,4.46706 · Maastunnel, 3083 Rotterdam, Netherlands",
      positions: [{ lat: 51.90521, lon: 4.46706, role: "at", time: Date.parse("2025-03-14T08:05:05.000Z") }],
    });
    expect(line("position").summary).toBe("at 51.89604,4.46153 · 51 km/h (27.5 kn) · course 48° · Pleinweg 210, 3083 EZ Rotterdam, Netherlands · ignition on");
    expect(line("position").id).toBe("position:48219");
    expect(line("geofenceEnter").summary).toBe("entered Blaak market hall (customer) · at 51.92004,4.48561 · 15 km/h (8.1 kn) · Binnenrotte 1, 3011 HA Rotterdam, Netherlands");
    expect(line("geofenceExit").summary).toMatch(/^left Waalhaven depot · /);
    expect(line("alarm").summary).toMatch(/^alarm: hardBraking · at 51\.91254,4\.4748 · 40 km\/h \(21\.6 kn\)/);
    expect(line("ignitionOn").summary).toBe("ignition on · at 51.88763,4.43478 · Waalhaven Zuidzijde 19, 3089 JH Rotterdam, Nether…");
    expect(line("deviceOnline")).toEqual({ id: "event:9120", time: Date.parse("2025-03-14T07:58:41.212Z"), who: "Van 7 (uniqueId 356307042441013)", summary: "device online" });
    expect(line("driverChanged").summary).toMatch(/^driver changed to D-0417 · /);
    expect(line("maintenance").summary).toMatch(/^maintenance due: Oil change every 15,000 km · /);
    expect(line("deviceFuelDrop").summary).toMatch(/^fuel drop \(fuel now 38\.5 l\) · /);
  });

  it("dedupe a GET position, which has no id, by its device and fix time", () => {
    const p = toPayload(new URLSearchParams("id=356307042441013&lat=51.9&lon=4.4&timestamp=1741939420000"));
    expect(eventIdentity(detectEvent(p), p)).toEqual({ id: "position:356307042441013@2025-03-14T08:03:40.000Z", time: 1741939420000 });
  });

  it("never throw on odd payloads", () => {
    for (const odd of [{ event: { type: "alarm", eventTime: 5, attributes: [] }, position: "x", device: 1 }, { position: { latitude: "a", fixTime: {} }, device: { uniqueId: 2 } }]) {
      expect(() => eventFacts({ provider: "traccar", event: "alarm" }, odd)).not.toThrow();
      expect(() => eventFacts({ provider: "traccar", event: "position" }, odd)).not.toThrow();
    }
  });
});

describe("profile", () => {
  it("is unsigned: sign sends Content-Type only, verify explains, and names a forward.header token when there is one", () => {
    expect(traccar.auth).toBe("unsigned");
    expect(traccar.sign({ body: Buffer.from("{}"), secret: "" })).toEqual({ "Content-Type": "application/json" });
    const plain = traccar.verify({ body: Buffer.from("{}"), headers: { "content-type": "application/json" }, secrets: [], now: 0 });
    expect(plain).toMatchObject({ provider: "traccar", verdict: "unsigned", valid: false, reason: "unsigned" });
    expect(plain.message).toContain("forward.header");
    expect(plain.diagnoses).toHaveLength(1);
    const token = traccar.verify({ body: Buffer.from("{}"), headers: { Authorization: "Bearer abc" }, secrets: [], now: 0 });
    expect(token.diagnoses.map((d) => d.message)[1]).toMatch(/^the request carries authorization: Traccar sends such a header only as configured in forward\.header/);
    expect(token.diagnoses[1]!.message).not.toContain("abc");
    expect(traccar.devSecret(() => new Uint8Array(32))).toBeUndefined();
  });

  it("retries as PositionForwardingHandler does with forward.retry.enable: 100 ms doubling, 10 times (Keys.java defaults)", () => {
    expect(traccar.retrySchedule).toEqual(Array.from({ length: 10 }, (_, i) => 100 * 2 ** i));
  });

  it("freshens an event on its eventTime and a position on its fixTime, every other time moved alike", () => {
    const now = Date.UTC(2026, 10, 26, 9, 30, 15, 0);
    const random = () => 0.5;
    const e = refreshEvent("traccar", fixture("deviceOverspeed"), { now, random }) as Obj;
    expect(Date.parse(e.event.eventTime)).toBe(now);
    expect(e.position.fixTime).toBe(e.event.eventTime);
    expect(Date.parse(e.position.serverTime) - now).toBe(1094);
    expect(Date.parse(e.device.lastUpdate)).toBe(Date.parse(e.position.serverTime));
    expect(e.event.eventTime).toMatch(/\+00:00$/);
    const p = refreshEvent("traccar", fixture("position"), { now, random }) as Obj;
    expect(Date.parse(p.position.fixTime)).toBe(now);
    const online = refreshEvent("traccar", fixture("deviceOnline"), { now, random }) as Obj;
    expect(Date.parse(online.event.eventTime)).toBe(now);
    expect(freshRules("traccar", fixture("position"))).toBe(providers.traccar.fresh);
  });

  it("renews the numeric ids of a fresh send, the event's positionId with its position's", () => {
    const original = fixture("deviceOverspeed");
    const draws = [0.25, 0.75];
    const e = refreshEvent("traccar", original, { now: Date.now(), random: () => draws.shift() ?? 0.5 }) as Obj;
    expect(e.event.id).not.toBe(original.event.id);
    expect(String(e.event.id)).toHaveLength(Math.max(2, String(original.event.id).length));
    expect(e.position.id).not.toBe(original.position.id);
    expect(e.event.positionId).toBe(e.position.id);
    // An event without a position keeps no dangling reference.
    const online = refreshEvent("traccar", fixture("deviceOnline"), { now: Date.now(), random: Math.random }) as Obj;
    expect(online.event.id).not.toBe(fixture("deviceOnline").event.id);
    expect(validateEvent(online).valid).toBe(true);
  });
});

describe("traccar-trip scenario", () => {
  const templates: Record<string, unknown> = {};
  const scenario = SCENARIOS.find((s) => s.name === "traccar-trip")!;
  beforeAll(async () => {
    for (const id of scenario.fixtures) templates[id] = (await loadFixture(id)).payload;
  });
  const START = Date.UTC(2026, 10, 26, 9, 0, 0);
  const seeded = () => {
    let x = 42;
    return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  };
  const build = (speed = 1): ScenarioStep[] => scenario.build(templates, { start: START, random: seeded(), speed });

  it("is one van's trip, in order: online, ignition on, moving, out of the depot, positions, overspeed, into the customer's geofence, stopped, ignition off", () => {
    expect(build().map((s) => s.event)).toEqual(["deviceOnline", "ignitionOn", "deviceMoving", "geofenceExit", "position", "position", "deviceOverspeed", "position", "geofenceEnter", "deviceStopped", "ignitionOff"]);
  });

  it.each([1, 10])("is coherent as Traccar's data is (speed %d)", (speed) => {
    const steps = build(speed);
    let lastEvent = 0;
    let lastPosition = 0;
    let lastTotal = 0;
    for (const s of steps) {
      const p = s.payload as Obj;
      expect(problems(p, true), s.event).toEqual([]);
      expect(detectEvent(p)).toEqual({ provider: "traccar", event: s.event });
      expect(p.device.uniqueId).toBe("356307042441013");
      if (p.position) {
        expect(p.position.id).toBeGreaterThan(lastPosition);
        lastPosition = p.position.id;
        expect(p.device.positionId).toBe(p.position.id);
        expect(p.device.lastUpdate).toBe(p.position.serverTime);
        // Traccar forwards when its server has the position: the step's time; the fix a second before.
        expect(Date.parse(p.position.serverTime)).toBe(Math.round(START + s.atMs));
        expect(Date.parse(p.position.serverTime) - Date.parse(p.position.fixTime)).toBeLessThanOrEqual(2000);
        expect(p.position.attributes.totalDistance).toBeGreaterThanOrEqual(lastTotal);
        lastTotal = p.position.attributes.totalDistance;
      }
      if (p.event) {
        expect(p.event.id).toBeGreaterThan(lastEvent);
        lastEvent = p.event.id;
        expect(p.event.positionId).toBe(p.position?.id ?? 0);
        if (p.position) expect(p.event.eventTime).toBe(p.position.deviceTime);
      }
    }
    const byEvent = (e: string) => steps.find((s) => s.event === e)!.payload as Obj;
    expect(byEvent("geofenceExit").position.geofenceIds).toEqual([]);
    expect(byEvent("geofenceExit").geofence.id).toBe(2);
    expect(byEvent("geofenceEnter").position.geofenceIds).toEqual([3]);
    expect(byEvent("deviceOverspeed").event.attributes.speed).toBeGreaterThan(byEvent("deviceOverspeed").event.attributes.speedLimit);
    expect(byEvent("ignitionOff").position.attributes.ignition).toBe(false);
    expect(byEvent("deviceStopped").position.speed).toBe(0);
    // Ids are unique: listen sees no duplicates.
    const ids = steps.map((s) => eventIdentity(detectEvent(s.payload), s.payload).id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
