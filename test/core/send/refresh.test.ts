/** Fresh sends, known answers: the entry points dispatch to the provider's FreshRules. */
import { describe, expect, it } from "vitest";
import { freshRules, refreshEvent, shiftToNow, withNewIds } from "../../../src/core/send/refresh.js";

const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);
const zeros = () => 0;

describe("shiftToNow", () => {
  it("Uber: event_time (ms) to now, webhook_msg_timestamp (s) stamped now, the rest untouched", () => {
    const p = { event_type: "REALTIME_DRIVER_STATUS_CHANGE", event_id: "e", event_time: 1697253089123, webhook_meta: { webhook_msg_timestamp: 1699877427, webhook_msg_uuid: "u" } };
    expect(shiftToNow("uber", p, NOW)).toEqual({ ...p, event_time: NOW, webhook_meta: { webhook_msg_timestamp: NOW / 1000, webhook_msg_uuid: "u" } });
  });

  it("Events Push: anchored on Server_Time; Device_Time keeps its lead", () => {
    const p = { Event: "sos", IMEI: "1", Device_Time: "2024-06-28T17:52:13.000000+0000", Server_Time: "2024-06-28T18:49:45.000000+0000" };
    expect(shiftToNow("events-push", p, NOW)).toEqual({ ...p, Device_Time: "2026-11-26T08:02:28.000000+0000", Server_Time: "2026-11-26T09:00:00.000000+0000" });
  });

  it("Zubie: anchored on timestamp, in the car's own offset", () => {
    const p = { event: "trip_end", user_key: "u", timestamp: "2019-09-27T13:35:35-04:00", trip: { started_timestamp: "2019-09-27T13:00:00-04:00" } };
    expect(shiftToNow("zubie", p, NOW)).toEqual({ ...p, timestamp: "2026-11-26T05:00:00-04:00", trip: { started_timestamp: "2026-11-26T04:24:25-04:00" } });
  });

  it("the payload's own provider's rules, whoever signs it; else the sender's; else a top-level timestamp or created_at", () => {
    const automatic = { type: "ignition:on", id: "E_1", created_at: "2019-09-27T16:00:00.000Z" };
    expect(shiftToNow("zubie", automatic, NOW)).toEqual({ ...automatic, created_at: "2026-11-26T09:00:00.000Z" });
    expect(freshRules("uber", { event_time: 1 })).toBe(freshRules("uber", { event_type: "X" }));
    const uber = { event_type: "X", event_time: NOW - 1000 };
    expect(shiftToNow("hmac", uber, NOW)).toEqual({ event_type: "X", event_time: NOW });
    expect(freshRules("standard-webhooks", { event: "trip_end", user_key: "u" })).toBe(freshRules("zubie", {}));
    expect(shiftToNow("", { created_at: "2020-01-01T00:00:00Z", at: "2020-01-01T00:00:01Z" }, NOW)).toEqual({ created_at: "2026-11-26T09:00:00Z", at: "2026-11-26T09:00:01Z" });
    expect(shiftToNow("nobody", { n: 1 }, NOW)).toEqual({ n: 1 });
  });
});

describe("withNewIds and refreshEvent", () => {
  it("Uber: event_id and webhook_msg_uuid become UUIDs; only the changed objects are copied", () => {
    const p = { event_type: "X", event_id: "e", location: { latitude: 1, longitude: 2 }, webhook_meta: { webhook_msg_uuid: "u", client_id: "c" } };
    const q = withNewIds("uber", p, zeros) as typeof p;
    expect(q).toEqual({ ...p, event_id: "00000000-0000-4000-8000-000000000000", webhook_meta: { webhook_msg_uuid: "00000000-0000-4000-8000-000000000000", client_id: "c" } });
    expect(q.location).toBe(p.location);
    expect(p.event_id).toBe("e");
  });

  it("Automatic: an id of the same shape; no ids to renew: the payload itself", () => {
    expect(withNewIds("automatic", { type: "a:b", id: "E_5a1c3e7000000007" }, zeros)).toEqual({ type: "a:b", id: "E_0000000000000000" });
    const zubie = { event: "trip_end", user_key: "u" };
    expect(withNewIds("zubie", zubie, zeros)).toBe(zubie);
    expect(withNewIds("events-push", zubie, zeros)).toBe(zubie);
  });

  it("refreshEvent does both", () => {
    const p = { type: "ignition:on", id: "E_00000001", created_at: "2019-09-27T16:00:00.000Z" };
    expect(refreshEvent("automatic", p, { now: NOW, random: () => 0.99 })).toEqual({ type: "ignition:on", id: "E_ffffffff", created_at: "2026-11-26T09:00:00.000Z" });
  });
});
