import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import { UsageError } from "../../src/core/errors.js";
import { distance, fixturesDir, listFixtures, loadFixture, suggest } from "../../src/io/fixtures.js";

describe("listFixtures", () => {
  it("lists the package's fixtures, sorted by provider then name, with absolute paths", async () => {
    const all = await listFixtures();
    expect(all.length).toBeGreaterThan(40);
    const ids = all.map((f) => f.id);
    expect(ids).toEqual([...ids].sort((a, b) => {
      const [pa, na] = a.split("/") as [string, string];
      const [pb, nb] = b.split("/") as [string, string];
      return pa === pb ? (na < nb ? -1 : na > nb ? 1 : 0) : pa < pb ? -1 : 1;
    }));
    for (const f of all) {
      expect(f.id).toBe(`${f.provider}/${f.name}`);
      expect(isAbsolute(f.file)).toBe(true);
      expect(existsSync(f.file)).toBe(true);
    }
    expect(fixturesDir()).toMatch(/[/\\]fixtures$/);
  });

  it("gives the payload's own event type", async () => {
    const all = await listFixtures();
    const byId = new Map(all.map((f) => [f.id, f]));
    expect(byId.get("zubie/trip_end")?.event).toBe("trip_end");
    expect(byId.get("automatic/trip_finished")?.event).toBe("trip:finished");
    expect(byId.get("uber/driver_online")?.event).toBe("REALTIME_DRIVER_STATUS_CHANGE");
    expect(byId.get("events-push/overspeed")?.event).toBe("overspeed");
  });

  it("filters by provider, and rejects an unknown one", async () => {
    const uber = await listFixtures("uber");
    expect(uber.map((f) => f.name)).toEqual(["driver_enroute", "driver_offline", "driver_online", "driver_ontrip"]);
    await expect(listFixtures("stripe")).rejects.toThrow(UsageError);
    await expect(listFixtures("stripe")).rejects.toThrow("--provider stripe: no fixtures for this provider (fixtures exist for: automatic, events-push, fleetio, motive, samsara, smartcar, traccar, uber, zubie)");
  });
});

describe("loadFixture", () => {
  it("loads by unique name, provider/name, event type or with .json", async () => {
    const a = await loadFixture("trip_end");
    expect(a.info.id).toBe("zubie/trip_end");
    expect(a.bytes.equals(readFileSync(a.info.file))).toBe(true);
    expect(a.payload).toEqual(JSON.parse(a.bytes.toString("utf8")));
    expect((await loadFixture("zubie/trip_end")).info.id).toBe("zubie/trip_end");
    expect((await loadFixture("trip_finished.json")).info.id).toBe("automatic/trip_finished");
    expect((await loadFixture("trip:finished")).info.id).toBe("automatic/trip_finished");
    expect((await loadFixture("automatic/trip:finished")).info.id).toBe("automatic/trip_finished");
  });

  it("rejects an unknown name with close suggestions", async () => {
    await expect(loadFixture("trip_ends")).rejects.toThrow(UsageError);
    await expect(loadFixture("trip_ends")).rejects.toThrow(/^fixture trip_ends: no such fixture; did you mean zubie\/trip_end/);
    await expect(loadFixture("zubie/tripend")).rejects.toThrow(/did you mean zubie\/trip_end/);
    await expect(loadFixture("qqqqqqqqqqqq")).rejects.toThrow("fixture qqqqqqqqqqqq: no such fixture (run `telematics fixtures` to list them)");
    await expect(loadFixture("stripe/charge")).rejects.toThrow('fixture stripe/charge: unknown provider "stripe" (fixtures exist for: automatic, events-push, fleetio, motive, samsara, smartcar, traccar, uber, zubie)');
    await expect(loadFixture("  ")).rejects.toThrow("fixture name is empty");
  });

  it("rejects an ambiguous name and lists the candidates", async () => {
    await expect(loadFixture("REALTIME_DRIVER_STATUS_CHANGE")).rejects.toThrow(
      "fixture REALTIME_DRIVER_STATUS_CHANGE is ambiguous: it could be uber/driver_enroute, uber/driver_offline, uber/driver_online, uber/driver_ontrip; name one with provider/name",
    );
  });
});

describe("suggestions", () => {
  it("edit distance", () => {
    expect(distance("kitten", "sitting")).toBe(3);
    expect(distance("", "abc")).toBe(3);
    expect(distance("same", "same")).toBe(0);
  });

  it("prefers substring matches, then close spellings", () => {
    const infos = ["zubie/trip_end", "zubie/trip_start", "automatic/trip_finished", "uber/driver_online"].map((id) => {
      const [provider, name] = id.split("/") as [string, string];
      return { provider, name, id, event: name, file: `/x/${id}.json` };
    });
    expect(suggest("trip", infos)).toEqual(["automatic/trip_finished", "zubie/trip_end", "zubie/trip_start"]);
    expect(suggest("drivr_online", infos)).toEqual(["uber/driver_online"]);
    expect(suggest("zzzzzzzzzz", infos)).toEqual([]);
  });
});
