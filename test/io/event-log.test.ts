import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../src/core/events/record.js";
import { openEventLog, parseEventRecord, readEventLog, type LogEntry } from "../../src/io/event-log.js";

const dir = () => mkdtempSync(join(tmpdir(), "telematics-log-"));
const record = (n: number): EventRecord => ({ v: 1, source: "webhook", received_at: `2026-01-01T00:00:${String(n % 60).padStart(2, "0")}.000Z`, body: `{"n":${n}}`, body_encoding: "utf8", status: 200 });
async function readAll(path: string): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for await (const e of readEventLog(path)) out.push(e);
  return out;
}

describe("openEventLog", () => {
  it("creates the folder and file, appends one line per record in call order, and resolves once written", async () => {
    const path = join(dir(), "nested", ".telematics", "events.ndjson");
    const log = await openEventLog(path);
    const order: number[] = [];
    const writes = Array.from({ length: 500 }, (_, i) =>
      log.append(record(i)).then(() => {
        // When a line's promise resolves, it is in the file.
        expect(readFileSync(path, "utf8")).toContain(`{\\"n\\":${i}}`);
        order.push(i);
      }),
    );
    await Promise.all(writes);
    expect(log.lines).toBe(500);
    await log.close();
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((l) => (JSON.parse(JSON.parse(l).body) as { n: number }).n)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("splits batches at maxBatchBytes without reordering", async () => {
    const path = join(dir(), "e.ndjson");
    const log = await openEventLog(path, { maxBatchBytes: 200 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.appendLine(`{"i":${i},"pad":"${"x".repeat(60)}"}`)));
    await log.close();
    expect(readFileSync(path, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("appends to an existing log, first ending a line cut short by a crash", async () => {
    const path = join(dir(), "e.ndjson");
    writeFileSync(path, JSON.stringify(record(1)) + "\n" + '{"v":1,"sour');
    const log = await openEventLog(path);
    await log.append(record(2));
    await log.close();
    const entries = await readAll(path);
    expect(entries.map((e) => e.line)).toEqual([1, 2, 3]);
    expect("record" in entries[0]!).toBe(true);
    expect(entries[1]).toMatchObject({ line: 2, error: expect.stringMatching(/^not JSON/) });
    expect("record" in entries[2]!).toBe(true);
  });

  it("close waits for pending writes; appending after close rejects", async () => {
    const path = join(dir(), "e.ndjson");
    const log = await openEventLog(path);
    const pending = Promise.all(Array.from({ length: 100 }, (_, i) => log.append(record(i))));
    await log.close();
    await pending;
    expect(readFileSync(path, "utf8").trim().split("\n")).toHaveLength(100);
    await expect(log.append(record(0))).rejects.toThrow(/is closed/);
    await log.close(); // twice is fine
  });

  it("names the path and the reason when it cannot open the log", async () => {
    const d = dir();
    mkdirSync(join(d, "adir"));
    await expect(openEventLog(join(d, "adir"))).rejects.toThrow(`cannot open the event log ${join(d, "adir")}: it is a directory`);
    writeFileSync(join(d, "file"), "");
    await expect(openEventLog(join(d, "file", "x.ndjson"))).rejects.toThrow(/cannot open the event log .*x\.ndjson: /);
  });

  it("rejects the appends whose write failed, and keeps going", async () => {
    // /dev/full accepts the open and fails every write with ENOSPC.
    const log = await openEventLog("/dev/full");
    await expect(log.append(record(1))).rejects.toThrow("cannot write the event log /dev/full: ENOSPC");
    await expect(log.append(record(2))).rejects.toThrow(/ENOSPC/);
    await log.close();
  });
});

describe("readEventLog", () => {
  it("yields records and, for bad lines, the line number and what is wrong; blank lines are skipped", async () => {
    const path = join(dir(), "e.ndjson");
    writeFileSync(path, [JSON.stringify(record(1)), "", "not json", "[1,2]", '{"v":2,"body":"","body_encoding":"utf8","received_at":"x"}', '{"v":1,"body":3}', '{"v":1,"body":"","body_encoding":"hex","received_at":"x"}', '{"v":1,"body":"","body_encoding":"utf8"}', JSON.stringify(record(2)), '{"v":1,"body_encoding":"json","received_at":"x"}', '{"v":1,"source":"feed","received_at":"x","body":{"id":"E_1"},"body_encoding":"json"}', ""].join("\n"));
    const entries = await readAll(path);
    expect(entries).toEqual([
      { line: 1, record: record(1) },
      { line: 3, error: expect.stringMatching(/^not JSON \(/) },
      { line: 4, error: "not an event record (expected a JSON object)" },
      { line: 5, error: "not an event record of format 1 (v is 2)" },
      { line: 6, error: "not an event record: `body` is missing or not a string" },
      { line: 7, error: 'not an event record: body_encoding must be "utf8", "base64" or "json", found "hex"' },
      { line: 8, error: "not an event record: `received_at` is missing or not a string" },
      { line: 9, record: record(2) },
      { line: 10, error: "not an event record: `body` is missing" },
      { line: 11, record: { v: 1, source: "feed", received_at: "x", body: { id: "E_1" }, body_encoding: "json" }, bodyText: '{"id":"E_1"}' },
    ]);
  });

  it("says when the last line was cut short", async () => {
    const path = join(dir(), "e.ndjson");
    writeFileSync(path, JSON.stringify(record(1)) + "\n" + JSON.stringify(record(2)).slice(0, 30));
    const entries = await readAll(path);
    expect(entries[1]).toEqual({ line: 2, error: expect.stringMatching(/^not JSON .*; the line is cut short \(the writer stopped mid-write\)$/) });
  });

  it("a missing file is a clear error", async () => {
    await expect(readAll(join(dir(), "nope.ndjson"))).rejects.toThrow(/^cannot read the event log .*nope\.ndjson: no such file$/);
  });

  it("parseEventRecord accepts a record with headers and refuses headers that are not an object", () => {
    expect(parseEventRecord(JSON.stringify({ ...record(1), headers: { a: "b" } }))).toMatchObject({ headers: { a: "b" } });
    expect(parseEventRecord(JSON.stringify({ ...record(1), headers: ["a"] }))).toBe("not an event record: `headers` must be an object");
  });
});
