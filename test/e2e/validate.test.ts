import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/run-cli.js";
import { runMain } from "../helpers/main.js";

const dir = mkdtempSync(join(tmpdir(), "telematics-validate-e2e-"));
const RAW = join(ROOT, "test", "data", "raw-samples", "zubie");

/** `name.txt` → [line, column] from the raw samples' README ("name.txt … line:column"). */
function expectedPositions(): Map<string, [number, number]> {
  const readme = readFileSync(join(RAW, "..", "README.md"), "utf8");
  const out = new Map<string, [number, number]>();
  for (const file of readdirSync(RAW).filter((f) => f.endsWith(".txt"))) {
    const row = readme.split("\n").find((l) => l.includes(file));
    const m = row && /(\d+):(\d+)/.exec(row.slice(row.indexOf(file) + file.length));
    if (m) out.set(file, [Number(m[1]), Number(m[2])]);
  }
  return out;
}

describe("telematics validate (e2e)", () => {
  it("validates every bundled fixture: exit 0", async () => {
    const r = await runMain(["validate", "fixtures"], { cwd: ROOT });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ \d+ events valid in \d+ inputs/);
    expect(r.stdout).toContain("zubie/trip_end");
  });

  it("the raw seed samples that are not JSON fail at the line:column their README gives", async () => {
    const positions = expectedPositions();
    expect(positions.size).toBeGreaterThanOrEqual(3);
    const r = await runMain(["validate", "--json", ...[...positions.keys()].map((f) => join(RAW, f))]);
    expect(r.code).toBe(1);
    const records = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { file: string; valid: boolean; errors: { kind: string; line: number; column: number }[] });
    for (const [file, [line, column]] of positions) {
      const rec = records.find((x) => x.file.endsWith(file));
      expect(rec, file).toBeDefined();
      expect({ file, valid: rec!.valid, kind: rec!.errors[0]?.kind, line: rec!.errors[0]?.line, column: rec!.errors[0]?.column }).toEqual({ file, valid: false, kind: "syntax", line, column });
    }
  });

  it("reads NDJSON from stdin and prints a located error with a caret", async () => {
    const good = readFileSync(join(ROOT, "fixtures", "uber", "driver_online.json"), "utf8");
    const event = JSON.parse(good) as Record<string, unknown>;
    const bad = JSON.stringify({ ...event, event_time: 1697253089 });
    const r = await runMain(["validate", "-"], { stdin: JSON.stringify(event) + "\n" + bad + "\n" });
    expect(r.code).toBe(1);
    const col = bad.indexOf("1697253089") + 1;
    expect(r.stdout).toContain(`<stdin>:2:${col}: error: $.event_time: expected Unix milliseconds (13 digits); 1697253089 looks like seconds [uber/REALTIME_DRIVER_STATUS_CHANGE]`);
    expect(r.stdout).toMatch(/\n {4}\| +\^\n/);
    expect(r.stderr).toBe("");
  });

  it("--json keeps stdout pure NDJSON, one result per event", async () => {
    const f = join(dir, "two.ndjson");
    const trip = readFileSync(join(ROOT, "fixtures", "zubie", "trip_end.json"), "utf8");
    writeFileSync(f, JSON.stringify(JSON.parse(trip)) + "\n" + "not json\n");
    const r = await runMain(["validate", "--json", f]);
    expect(r.code).toBe(1);
    const records = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((x) => [x.line, x.valid, x.event ?? null])).toEqual([
      [1, true, "trip_end"],
      [2, false, null],
    ]);
    expect(r.stderr).toContain("✗ 1 of 2 events invalid");
  });

  it("usage errors exit 2 with one line on stderr", async () => {
    const missing = await runMain(["validate", join(dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toBe(`error: ${join(dir, "nope.json")}: cannot read it (no such file)\n`);
    const schema = await runMain(["validate", "--schema", "stripe/charge", "fixtures"]);
    expect(schema.code).toBe(2);
    expect(schema.stderr).toMatch(/^error: --schema stripe\/charge: unknown provider "stripe"/);
  });

  it("--help shows examples and exit codes", async () => {
    const r = await runMain(["validate", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--schema <provider/event>");
    expect(r.stdout).toContain("--strict");
    expect(r.stdout).toContain("$ cat body.json | telematics validate -");
    expect(r.stdout).toContain("Exit codes: 0 all valid");
  });
});

describe("validate: arrays and deep nesting", () => {
  const trip = readFileSync(join(ROOT, "fixtures", "zubie", "trip_end.json"), "utf8");
  const uber = readFileSync(join(ROOT, "fixtures", "uber", "driver_online.json"), "utf8");

  it("reads a minified one-line array as its events, and [] as no events", async () => {
    const file = join(dir, "minified.json");
    writeFileSync(file, JSON.stringify([JSON.parse(trip), { ...JSON.parse(uber), event_time: "soon" }]));
    const r = await runMain(["validate", file, "--json"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { index: number; valid: boolean; errors: { path: string; line: number; column: number }[] });
    expect(lines.map((l) => [l.index, l.valid])).toEqual([[0, true], [1, false]]);
    const err = lines[1]!.errors[0]!;
    expect(err.path).toBe("$.event_time");
    expect(JSON.stringify([JSON.parse(trip), { ...JSON.parse(uber), event_time: "soon" }]).slice(err.column - 1).startsWith('"soon"')).toBe(true);
    const empty = join(dir, "empty-array.json");
    writeFileSync(empty, "[]\n");
    const e = await runMain(["validate", empty]);
    expect(e.code).toBe(1);
    expect(e.stdout).toContain("no events: the input is empty");
  });

  it("locates errors in a pretty-printed array of 2,000 events in one pass (it was quadratic)", async () => {
    const events = Array.from({ length: 2000 }, (_, i) => (i === 1999 ? { ...JSON.parse(uber), event_time: "late" } : JSON.parse(uber)));
    const file = join(dir, "array-2000.json");
    const text = JSON.stringify(events, null, 2);
    writeFileSync(file, text);
    const r = await runMain(["validate", file]);
    expect(r.code).toBe(1);
    const line = text.split("\n").findIndex((l) => l.includes('"late"')) + 1;
    expect(r.stdout).toContain(`array-2000.json:${line}:`);
    expect(r.stdout).toContain("1 of 2000 events invalid");
  });

  it("reports a value nested 20,000 levels deep instead of failing with a stack overflow", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const valid = join(dir, "deep-valid.json");
    writeFileSync(valid, `{"event":"trip_end","user_key":"k","x":${deep}}`);
    const bad = join(dir, "deep-bad.json");
    writeFileSync(bad, `{"event":"trip_end","x":${deep.slice(0, -1)}}`);
    const r = await runMain(["validate", valid, bad]);
    expect(r.stderr).not.toContain("unexpected failure");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("deep-valid.json:1:1: error: $.timestamp: required field is missing");
    expect(r.stdout).toContain("deep-bad.json:1:1: error: invalid JSON, nested too deeply to point at the error");
  });
});
