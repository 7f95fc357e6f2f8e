import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/run-cli.js";
import { runMain } from "../helpers/main.js";

describe("telematics fixtures (e2e)", () => {
  it("lists the fixtures in a table", async () => {
    const r = await runMain(["fixtures"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ zubie\/trip_end\s+│ zubie\s+│ trip_end\s+│/);
    expect(r.stdout).toMatch(/│ automatic\/trip_finished\s+│ automatic\s+│ trip:finished\s+│/);
    expect(r.stderr).toMatch(/^\d+ fixtures; print one with: telematics fixtures show NAME\n$/);
  });

  it("--provider --json gives one record per fixture", async () => {
    const r = await runMain(["fixtures", "--provider", "uber", "--json"]);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { id: string; event: string; file: string });
    expect(rows.map((x) => x.id)).toEqual(["uber/driver_enroute", "uber/driver_offline", "uber/driver_online", "uber/driver_ontrip"]);
    expect(rows.every((x) => x.event === "REALTIME_DRIVER_STATUS_CHANGE")).toBe(true);
  });

  it("show NAME prints the fixture exactly as bundled", async () => {
    const r = await runMain(["fixtures", "show", "trip_end"]);
    expect(r.code).toBe(0);
    const bytes = readFileSync(join(ROOT, "fixtures", "zubie", "trip_end.json"), "utf8");
    expect(r.stdout).toBe(bytes.endsWith("\n") ? bytes : bytes + "\n");
    const j = await runMain(["fixtures", "show", "automatic/trip_finished", "--json"]);
    expect(JSON.parse(j.stdout)).toMatchObject({ id: "automatic/trip_finished", event: "trip:finished", payload: { type: "trip:finished" } });
  });

  it("an unknown name exits 2 with suggestions; a bad provider too", async () => {
    const r = await runMain(["fixtures", "show", "trip_ends"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: fixture trip_ends: no such fixture; did you mean zubie\/trip_end/);
    const p = await runMain(["fixtures", "--provider", "stripe"]);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain("--provider stripe: no fixtures for this provider");
    const missing = await runMain(["fixtures", "show"]);
    expect(missing.code).toBe(2);
  });
});
