/**
 * The profile contract: every registered provider × its fixtures (fixtures/<provider>/*.json; a
 * provider that carries other providers' events, such as Standard Webhooks, is tried on its example
 * fixture). Each fixture parses against its schema, is detected as its provider and event, signs and
 * verifies with a development secret made by the provider, fails when tampered with (signed
 * providers), becomes a fresh event the way the provider's rules say, and has a facts line. A new
 * provider folder with fixtures and its registry line is covered without touching this file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventFacts, eventIdentity } from "../../../src/core/events/facts.js";
import { getProvider, identifyingHeaders, loadScenarios, providerNames, providers, schemaProviders } from "../../../src/core/providers/index.js";
import type { FreshRules, Provider } from "../../../src/core/providers/types.js";
import { detectEvent } from "../../../src/core/schemas/detect.js";
import { formatPath, listSchemas, validateEvent } from "../../../src/core/schemas/index.js";
import { freshRules, refreshEvent, withNewIds } from "../../../src/core/send/refresh.js";
import { isoToMs } from "../../../src/core/time.js";

const FIXTURES = join(import.meta.dirname, "../../../fixtures");
const NOW = Date.UTC(2026, 10, 26, 9, 30, 15, 250);
const folders = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** A fixed byte source: 0, 1, 2, … so a development secret is the same on every run. */
const counting = () => {
  let next = 0;
  return (n: number) => Uint8Array.from({ length: n }, () => next++ % 256);
};
const seeded = () => {
  let x = 7;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
};

type Obj = Record<string, any>;
const at = (p: unknown, path: string): unknown => path.split(".").reduce<any>((v, k) => (v && typeof v === "object" ? v[k] : undefined), p);

function fixturesOf(p: Provider): { id: string; bytes: Buffer; payload: Obj }[] {
  const ids = folders.includes(p.name) ? readdirSync(join(FIXTURES, p.name)).filter((f) => f.endsWith(".json")).map((f) => `${p.name}/${f.slice(0, -5)}`) : [p.exampleFixture];
  return ids.map((id) => {
    const bytes = readFileSync(join(FIXTURES, `${id}.json`));
    return { id, bytes, payload: JSON.parse(bytes.toString("utf8")) as Obj };
  });
}

/** Every ISO timestamp string in a payload, by path. */
function isoStrings(v: unknown, path = ""): [string, string][] {
  if (typeof v === "string") return isoToMs(v) !== undefined ? [[path, v]] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => isoStrings(x, `${path}[${i}]`));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => isoStrings(x, path ? `${path}.${k}` : k));
  return [];
}

const cases = providerNames.flatMap((name) => fixturesOf(providers[name]).map((f) => [name, f.id, f] as const));

it("every fixture folder belongs to a provider with a catalogue, and every such provider has fixtures", () => {
  expect([...folders].sort()).toEqual([...schemaProviders].sort());
});

describe.each(cases)("%s × %s", (name, _id, f) => {
  const p: Provider = providers[name];
  const ref = detectEvent(f.payload);
  const own = getProvider(ref?.provider ?? "")!;

  it("is detected as its provider and its own event type, and parses against that schema (strict)", () => {
    expect(ref).toBeDefined();
    if (p.events) expect(ref!.provider).toBe(name);
    // The type field may be a path (Traccar `event.type`); a payload that names no type (a Traccar position) is the fixture's name.
    const named = at(f.payload, own.events!.typeField);
    expect(ref!.event).toBe(typeof named === "string" ? named : _id.split("/")[1]);
    expect(own.events!.names).toContain(ref!.event);
    const v = validateEvent(f.payload, { strict: true });
    expect([...v.errors, ...v.warnings].map((e) => `${formatPath(e.path)}: ${e.message}`)).toEqual([]);
  });

  it("signs and verifies with a development secret of its own format; a tampered body fails", () => {
    const secret = p.devSecret(counting());
    if (p.auth === "unsigned") {
      expect(secret).toBeUndefined();
      expect(p.verify({ body: f.bytes, headers: p.sign({ body: f.bytes, secret: "" }), secrets: [], now: NOW }).verdict).toBe("unsigned");
      return;
    }
    expect(secret).toBeTruthy();
    const id = p.newDeliveryId?.(counting());
    expect(id !== undefined).toBe(p.timestamped);
    const headers = p.sign({ body: f.bytes, secret: secret!, ...(id && { id }), timestamp: Math.floor(NOW / 1000) });
    if (p.deliveryIdHeader) expect(headers[p.deliveryIdHeader]).toBe(id);
    expect(p.verify({ body: f.bytes, headers, secrets: [secret!], now: NOW })).toMatchObject({ valid: true, matchedSecret: 0 });
    const tampered = Buffer.from(f.bytes);
    tampered[tampered.length - 3]! ^= 1;
    // A bearer token does not cover the body; a signature does.
    expect(p.verify({ body: tampered, headers, secrets: [secret!], now: NOW }).valid).toBe(p.auth === "bearer");
  });

  it("becomes a fresh event as its rules say: anchored at now, spacing kept, ids renewed", () => {
    const rules: FreshRules = freshRules(name, f.payload);
    expect(rules).toBe(own.fresh);
    const fresh = refreshEvent(name, f.payload, { now: NOW, random: seeded() }) as Obj;
    const anchor = rules.anchor.map((a) => ({ a, v: at(f.payload, a.path) })).find(({ a, v }) => (a.unit === "iso" ? typeof v === "string" && isoToMs(v) !== undefined : typeof v === "number"))!;
    expect(anchor, "an anchor field reads").toBeDefined();
    const before = anchor.a.unit === "iso" ? isoToMs(anchor.v as string)! : (anchor.v as number) * (anchor.a.unit === "s" ? 1000 : 1);
    const delta = NOW - before;
    // Every timestamp moved by the same amount (to the precision of its own format), in its own format.
    const moved = new Map(isoStrings(fresh));
    for (const [path, text] of isoStrings(f.payload)) {
      const after = moved.get(path)!;
      expect(after.length, path).toBe(text.length);
      expect(after.slice(19).replace(/^\.\d+/, ""), `${path} keeps its zone`).toBe(text.slice(19).replace(/^\.\d+/, ""));
      expect(Math.abs(isoToMs(after)! - isoToMs(text)! - delta), path).toBeLessThan(1000);
    }
    if (anchor.a.unit === "iso") expect(Math.abs(isoToMs(at(fresh, anchor.a.path) as string)! - NOW)).toBeLessThan(1000);
    for (const t of rules.numericTimes ?? []) {
      const was = at(f.payload, t.path) as number;
      const scale = t.unit === "s" ? 1000 : 1;
      const want = t.to === "now" ? NOW : was * scale + delta;
      expect(Math.abs((at(fresh, t.path) as number) * scale - want), t.path).toBeLessThan(scale);
    }
    for (const i of rules.ids ?? []) {
      const was = at(f.payload, i.path);
      if ("sameAs" in i) {
        if (was !== undefined && at(fresh, i.sameAs) !== undefined) expect(at(fresh, i.path), i.path).toBe(at(fresh, i.sameAs));
        continue;
      }
      if (i.make === "int") {
        if (typeof was === "number") expect([at(fresh, i.path) !== was, String(at(fresh, i.path)).length], i.path).toEqual([true, Math.max(2, String(was).length)]);
        continue;
      }
      if (typeof was !== "string") continue;
      const now = at(fresh, i.path) as string;
      expect(now, i.path).not.toBe(was);
      if (i.make === "uuid") expect(now).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      else expect([now.length, now.replace(/_.*/, "")]).toEqual([was.length, was.replace(/_.*/, "")]);
    }
    // Nothing else changes: the fresh event is the same event.
    const keep = (v: Obj) => JSON.stringify(v, (k, x) => (typeof x === "string" && isoToMs(x) !== undefined ? "<time>" : x));
    const untouched = structuredClone(fresh);
    for (const path of [...(rules.numericTimes ?? []), ...(rules.ids ?? [])].map((r) => r.path)) {
      const keys = path.split(".");
      const parent = keys.slice(0, -1).reduce<any>((v, k) => v?.[k], untouched);
      if (parent && keys.at(-1)! in parent) parent[keys.at(-1)!] = at(f.payload, path);
    }
    expect(keep(untouched)).toBe(keep(f.payload));
    // Without ids to renew, withNewIds gives the payload itself (send reuses its bytes).
    if (!rules.ids?.length) expect(withNewIds(name, f.payload, seeded())).toBe(f.payload);
  });

  it("has a facts line, and identity agrees with the facts", () => {
    const facts = eventFacts(ref, f.payload);
    expect(facts.summary).toBeTruthy();
    expect(facts.time).toBeTypeOf("number");
    expect(eventIdentity(ref, f.payload)).toEqual({ ...(facts.id && { id: facts.id }), ...(facts.time !== undefined && { time: facts.time }) });
  });
});

describe.each(providerNames.map((n) => [n, providers[n]] as const))("%s profile", (name, p: Provider) => {
  it("is registered under its own name, with an example fixture that exists", () => {
    expect(p.name).toBe(name);
    expect(readFileSync(join(FIXTURES, `${p.exampleFixture}.json`)).length).toBeGreaterThan(0);
  });

  it("has a catalogue whose names are unique, each one its schema, and facts", async () => {
    if (!p.events) return;
    expect(new Set(p.events.names).size).toBe(p.events.names.length);
    expect(listSchemas().filter((r) => r.provider === name).map((r) => r.event)).toEqual([...p.events.names]);
    expect(await p.loadFacts!()).toMatchObject({ identity: expect.any(Function), facts: expect.any(Function) });
  });

  it("has scenarios built from its own fixtures", async () => {
    for (const s of (await p.loadScenarios?.()) ?? []) {
      expect(s.provider).toBe(name);
      for (const id of s.fixtures) expect(readFileSync(join(FIXTURES, `${id}.json`)).length, id).toBeGreaterThan(0);
    }
  });
});

describe("registry facts the commands read", () => {
  it("development secrets, from a fixed byte source", () => {
    const secrets = Object.fromEntries(providerNames.map((n) => [n, providers[n].devSecret(counting())]));
    expect(secrets).toEqual({
      zubie: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef",
      uber: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn",
      "events-push": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
      automatic: undefined,
      smartcar: "00010203-0405-4607-8809-0a0b0c0d0e0f",
      samsara: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
      traccar: undefined,
      motive: "000102030405060708090a0b0c0d0e0f",
      fleetio: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef",
      "standard-webhooks": "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX",
      hmac: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef",
    });
    expect(Buffer.from(secrets["standard-webhooks"]!.slice(6), "base64").length).toBe(24);
  });

  it("random text is unbiased: bytes past the last whole alphabet are drawn again", () => {
    let calls = 0;
    const high = (n: number) => Uint8Array.from({ length: n }, (_, i) => (calls++ === 0 && i === 0 ? 250 : 1));
    expect(providers.zubie.devSecret(high)).toBe("B".repeat(32));
  });

  it("delivery ids and the headers that identify a provider", () => {
    expect(providers["standard-webhooks"].deliveryIdHeader).toBe("webhook-id");
    expect(providers["standard-webhooks"].newDeliveryId!(counting())).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(identifyingHeaders()).toEqual(["Zubie-Signature", "X-Uber-Signature", "SC-Signature", "X-Samsara-Signature", "X-KT-Webhook-Signature", "X-Fleetio-Webhook-Signature", "webhook-signature"]);
    expect(providerNames.filter((n) => providers[n].timestamped)).toEqual(["samsara", "standard-webhooks"]);
    expect(providerNames.filter((n) => providers[n].secretRequired)).toEqual(["zubie", "uber", "smartcar", "samsara", "motive", "fleetio", "standard-webhooks", "hmac"]);
  });

  it("example fixtures and scenarios, in registry order", async () => {
    expect(Object.fromEntries(providerNames.map((n) => [n, providers[n].exampleFixture]))).toEqual({
      zubie: "zubie/trip_end",
      uber: "uber/driver_online",
      "events-push": "events-push/overspeed",
      automatic: "automatic/trip_finished",
      smartcar: "smartcar/vehicle_state",
      samsara: "samsara/geofence_entry",
      traccar: "traccar/deviceOverspeed",
      motive: "motive/vehicle_location_updated",
      fleetio: "fleetio/issue_created",
      "standard-webhooks": "zubie/trip_end",
      hmac: "zubie/trip_end",
    });
    expect((await loadScenarios()).map((s) => s.name)).toEqual(["zubie-trip", "uber-shift", "events-push-run", "automatic-drive", "smartcar-drive", "samsara-route", "traccar-trip", "motive-run", "fleetio-repair"]);
  });
});
