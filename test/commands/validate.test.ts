/** `validate` run in-process through main(), with fake streams. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../helpers/main.js";
import { EVENTS_PUSH, UBER, ZUBIE_TRIP_END } from "../core/schemas/samples.js";

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

const dir = mkdtempSync(join(tmpdir(), "telematics-validate-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

async function validate(args: string[], options: { json?: boolean; strict?: boolean; schema?: string; stdin?: string; tty?: boolean } = {}): Promise<Ran> {
  const argv = ["validate", ...args, ...(options.json ? ["--json"] : []), ...(options.strict ? ["--strict"] : []), ...(options.schema !== undefined ? ["--schema", options.schema] : [])];
  return runMain(argv, { cwd: dir, ...(options.stdin !== undefined && { stdin: options.stdin }), ...(options.tty && { tty: true }) });
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2) + "\n";
const line = (v: unknown) => JSON.stringify(v);
const badTrip = { ...ZUBIE_TRIP_END, trip: { ...ZUBIE_TRIP_END.trip, distance: "far" } };

describe("validate: JSON documents", () => {
  it("a valid file: exit 0 and a summary table", async () => {
    file("ok.json", pretty(ZUBIE_TRIP_END));
    const r = await validate(["ok.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ ok\.json\s+│ zubie\/trip_end\s+│ 1\s+│ 0\s+│ 0\s+│/);
    expect(r.stdout).toContain("✓ 1 event valid in 1 input");
    expect(r.stderr).toBe("");
  });

  it("a schema error names file:line:column, the path, expected and found, with the line and a caret", async () => {
    const text = pretty(badTrip);
    file("bad.json", text);
    const lineNo = text.split("\n").findIndex((l) => l.includes('"distance": "far"')) + 1;
    const column = text.split("\n")[lineNo - 1]!.indexOf('"far"') + 1;
    const r = await validate(["bad.json"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(`bad.json:${lineNo}:${column}: error: $.trip.distance: expected number, found string "far" [zubie/trip_end]`);
    expect(lines[1]).toBe(`  ${lineNo} |     "distance": "far",`);
    expect(lines[2]).toBe(`  ${" ".repeat(String(lineNo).length)} | ${" ".repeat(column - 1)}^`);
    expect(r.stdout).toContain("✗ 1 of 1 event invalid in 1 input");
  });

  it("a JSON syntax error names file:line:column with the line and a caret", async () => {
    file("syntax.json", '{\n  "event": "trip_end",\n  "user_key": "u"\n  "account_key": "a"\n}\n');
    const r = await validate(["syntax.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      `syntax.json:4:3: error: expected ',' or '}' after property value, found "account_key" (missing comma?) [JSON syntax]`,
      '  4 |   "account_key": "a"',
      "    |   ^",
    ]);
    expect(r.stdout).toMatch(/│ syntax\.json\s+│ \(syntax error\)\s+│ 0\s+│ 1/);
  });

  it("an array document: every element is an event, located by its own line", async () => {
    file("array.json", pretty([UBER, { ...UBER, status: "BUSY" }]));
    const r = await validate(["array.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^array\.json:\d+:\d+: error: \$\.status: expected one of/);
    const reported = Number(/^array\.json:(\d+):/.exec(r.stdout)![1]);
    expect(pretty([UBER, { ...UBER, status: "BUSY" }]).split("\n")[reported - 1]).toContain('"status": "BUSY"');
    expect(r.stdout).toMatch(/uber\/REALTIME_DRIVER_STATUS_CHANGE\s+│ 1\s+│ 1/);
  });

  it("an empty file is reported, not silently passed", async () => {
    file("empty.json", "\n");
    const r = await validate(["empty.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("empty.json:1:1: error: no events: the input is empty");
  });

  it("handles a byte-order mark and CRLF line ends", async () => {
    file("bom.json", "\uFEFF" + pretty(UBER).replace(/\n/g, "\r\n"));
    expect((await validate(["bom.json"])).code).toBe(0);
  });
});

describe("validate: NDJSON", () => {
  it("validates each line; errors name the line and the column in it", async () => {
    file("events.ndjson", [line(ZUBIE_TRIP_END), line(badTrip), "", "{oops}", line(EVENTS_PUSH)].join("\n") + "\n");
    const r = await validate(["events.ndjson"]);
    expect(r.code).toBe(1);
    const col = line(badTrip).indexOf('"far"') + 1;
    expect(r.stdout).toContain(`events.ndjson:2:${col}: error: $.trip.distance: expected number, found string "far" [zubie/trip_end]`);
    expect(r.stdout).toContain("events.ndjson:4:2: error: expected a property name in double quotes, found `oops` [JSON syntax]");
    expect(r.stdout).toMatch(/events\.ndjson\s+│ zubie\/trip_end\s+│ 1\s+│ 1/);
    expect(r.stdout).toMatch(/events\.ndjson\s+│ events-push\/overspeed\s+│ 1\s+│ 0/);
    expect(r.stdout).toContain("✗ 2 of 4 events invalid in 1 input");
  });

  it("a .ndjson file whose first line is broken is still read line by line", async () => {
    file("first-bad.jsonl", ["{", line(UBER)].join("\n"));
    const r = await validate(["first-bad.jsonl"]);
    expect(r.stdout).toContain("first-bad.jsonl:1:2: error: unexpected end of input: the object is not closed [JSON syntax]");
    expect(r.stdout).toMatch(/uber\/REALTIME_DRIVER_STATUS_CHANGE\s+│ 1\s+│ 0/);
  });

  it("recognises NDJSON in a .json file or on stdin by its first line", async () => {
    file("lines.json", [line(UBER), line(EVENTS_PUSH)].join("\n"));
    expect((await validate(["lines.json"])).stdout).toContain("✓ 2 events valid");
    const r = await validate(["-"], { stdin: [line(UBER), line({ ...UBER, event_time: 1 })].join("\n") });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("<stdin>:2:");
  });

  it("reads stdin when no input is given and stdin is piped", async () => {
    const r = await validate([], { stdin: pretty(UBER) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ <stdin>\s+│ uber\/REALTIME_DRIVER_STATUS_CHANGE/);
  });
});

describe("validate: options", () => {
  it("--json prints one result per event and the summary on stderr", async () => {
    file("two.ndjson", [line(UBER), line(badTrip)].join("\n"));
    const r = await validate(["two.ndjson"], { json: true });
    expect(r.code).toBe(1);
    const records = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(2);
    expect(records[0]).toEqual({ file: "two.ndjson", line: 1, provider: "uber", event: "REALTIME_DRIVER_STATUS_CHANGE", valid: true, errors: [], warnings: [] });
    expect(records[1]).toEqual({
      file: "two.ndjson",
      line: 2,
      provider: "zubie",
      event: "trip_end",
      valid: false,
      errors: [{ kind: "schema", path: "$.trip.distance", line: 2, column: line(badTrip).indexOf('"far"') + 1, message: 'expected number, found string "far"', expected: "number", found: '"far"' }],
      warnings: [],
    });
    expect(r.stderr).toContain("✗ 1 of 2 events invalid");
  });

  it("--strict reports unknown fields as warnings and still exits 0", async () => {
    file("extra.json", pretty({ ...UBER, note: "hi" }));
    const plain = await validate(["extra.json"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain(": warning:");
    const r = await validate(["extra.json"], { strict: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^extra\.json:\d+:\d+: warning: \$\.note: unexpected field "note" \(not in the schema\)/);
    expect(r.stdout).toContain("1 event with warnings");
  });

  it("--schema validates against the given schema", async () => {
    file("forced.json", pretty(ZUBIE_TRIP_END));
    const r = await validate(["forced.json"], { schema: "zubie/trip_start" });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('$.event: expected "trip_start", found "trip_end" [zubie/trip_start]');
  });

  it("walks directories for .json, .ndjson and .jsonl files, sorted, skipping dot-directories", async () => {
    file("tree/b/two.ndjson", line(UBER) + "\n");
    file("tree/a.json", pretty(EVENTS_PUSH));
    file("tree/notes.txt", "not json");
    file("tree/.hidden/x.json", "{");
    const r = await validate(["tree"]);
    expect(r.code).toBe(0);
    const rows = r.stdout.split("\n").filter((l) => l.startsWith("│ tree"));
    expect(rows.map((l) => l.split("│")[1]!.trim())).toEqual([join("tree", "a.json"), join("tree", "b", "two.ndjson")]);
  });
});

/** A usage error: exit 2 and exactly this one line on stderr. */
async function usage(run: Promise<Ran>, message: string | RegExp): Promise<void> {
  const r = await run;
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  if (typeof message === "string") expect(r.stderr).toBe(`error: ${message}\n`);
  else expect(r.stderr).toMatch(message);
}

describe("validate: usage errors", () => {
  it.each([
    [["missing.json"], "missing.json: cannot read it (no such file)"],
    [["-", "-"], "- (stdin) is given more than once"],
  ])("%j", async (args, message) => {
    await usage(validate(args, { stdin: "" }), message);
  });

  it("a directory without JSON files", async () => {
    file("nojson/readme.txt", "x");
    await usage(validate(["nojson"]), "nojson: no .json, .ndjson or .jsonl files in this directory");
  });

  it("no input and stdin is a terminal", async () => {
    await usage(validate([], { tty: true }), /give files or directories to validate, or - to read stdin/);
    await usage(validate(["-"], { tty: true }), "-: stdin is a terminal; pipe events in or give files");
  });

  it("an unknown --schema", async () => {
    file("x.json", pretty(UBER));
    await usage(validate(["x.json"], { schema: "uber/TRIP" }), '--schema uber/TRIP: unknown uber event "TRIP" (known: REALTIME_DRIVER_STATUS_CHANGE; run `telematics schemas` to list all)');
  });
});
