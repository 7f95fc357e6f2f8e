/** The option table: parsers and precedence (flag > env > config layers > default), with sources. */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { bool, choice, duration, durationOrOff, int, keyOf, list, number, parseSize, resolve, size, text, type ConfigLayer } from "../../src/core/options.js";

const TABLE = {
  port: int("--port <port>", "", { default: 4000, max: 65_535, env: "T_PORT" }),
  lateAfter: duration("--late-after <duration>", "", { default: 300_000, env: "T_LATE" }),
  strict: bool("--strict", "", { env: "T_STRICT" }),
  reconnect: bool("--no-reconnect", "", { default: true }),
  header: list("--header <line>", ""),
  mode: choice("--mode <m>", "", ["a", "b"] as const, { default: "a" }),
  secret: text("--secret <s>", "", { env: "T_SECRET", secret: true, config: false }),
};

function layer(values: Record<string, unknown>, file = "telematics.config.json", line = 3): ConfigLayer {
  return { file, values, path: ["listen"], locate: () => ({ line, column: 7 }) };
}

describe("resolve", () => {
  it("takes a flag over the environment over the config layers (in order) over the default, and says where each came from", () => {
    const r = resolve(TABLE, { flags: { port: "5000" }, env: { T_PORT: "6000", T_LATE: "1m" }, layers: [layer({ strict: true, port: 7000 }), layer({ mode: "b", strict: false }, "base.json", 9)] });
    expect(r.values).toEqual({ port: 5000, lateAfter: 60_000, strict: true, reconnect: true, mode: "b" });
    expect(r.sources).toEqual({
      port: { kind: "flag", flag: "--port" },
      lateAfter: { kind: "env", name: "T_LATE" },
      strict: { kind: "config", file: "telematics.config.json", line: 3, column: 7, path: "listen.strict" },
      mode: { kind: "config", file: "base.json", line: 9, column: 7, path: "listen.mode" },
      reconnect: { kind: "default" },
    });
  });

  it("names the source of a value that does not parse, and never shows a secret's value", () => {
    expect(() => resolve(TABLE, { flags: { port: "abc" }, env: {}, layers: [] })).toThrow(new UsageError("--port abc: expected an integer from 0 to 65535"));
    expect(() => resolve(TABLE, { flags: {}, env: { T_PORT: "99999" }, layers: [] })).toThrow(new UsageError("$T_PORT 99999: expected an integer from 0 to 65535"));
    expect(() => resolve(TABLE, { flags: {}, env: {}, layers: [layer({ lateAfter: "soon" })] })).toThrow(new UsageError("telematics.config.json:3:7: listen.lateAfter: expected a duration such as 30s, 5m or 250ms"));
    expect(() => resolve(TABLE, { flags: { secret: "" }, env: {}, layers: [] })).toThrow(new UsageError("--secret: is empty"));
    expect(() => resolve(TABLE, { flags: {}, env: { T_STRICT: "maybe" }, layers: [] })).toThrow(new UsageError("$T_STRICT maybe: expected true or false (1/0, yes/no)"));
  });

  it("a config-false option is read from flags and the environment only", () => {
    const r = resolve(TABLE, { flags: {}, env: { T_SECRET: "s" }, layers: [layer({ secret: "from-file" })] });
    expect(r.values.secret).toBe("s");
    expect(resolve(TABLE, { flags: {}, env: {}, layers: [layer({ secret: "from-file" })] }).values.secret).toBeUndefined();
  });
});

describe("parsers", () => {
  it.each([
    ["1mb", 1 << 20],
    ["512kb", 512 * 1024],
    ["64KiB", 64 * 1024],
    ["1048576", 1 << 20],
    ["1.5m", 1.5 * (1 << 20)],
    ["lots", undefined],
  ])("size %s", (t, bytes) => expect(parseSize(t)).toBe(bytes));

  it("durations in the option's unit, off where allowed", () => {
    expect(duration("--d <x>", "").parse("250")).toBe(250_000);
    expect(duration("--d <x>", "", { unit: "ms" }).parse("250")).toBe(250);
    expect(duration("--d <x>", "").parse("1m30s")).toBe(90_000);
    expect(duration("--d <x>", "").parse(5)).toBe(5_000); // a JSON number in the config file
    expect(durationOrOff("--t <x>", "").parse("off")).toBeNull();
    expect(() => duration("--d <x>", "", { min: 100 }).parse("10ms")).toThrow("expected a duration of at least 100ms");
    expect(size("--s <x>", "").parse(2048)).toBe(2048);
  });

  it("numbers, lists with commas, choices", () => {
    expect(number("--r <n>", "", { min: 0, above: true, expected: "more than 0" }).parse("2.5")).toBe(2.5);
    expect(() => number("--r <n>", "", { min: 0, above: true, expected: "more than 0" }).parse("0")).toThrow("expected more than 0");
    expect(list("--a <x>", "", { commas: true }).parse(["10.0.0.0/8, ::1", "127.0.0.1"])).toEqual(["10.0.0.0/8", "::1", "127.0.0.1"]);
    expect(list("--h <x>", "", { check: (t) => (t.includes(":") ? t : (() => { throw new (class extends Error {})("no"); })()) }).parse(["A: 1"])).toEqual(["A: 1"]);
    expect(() => choice("--m <m>", "", ["a", "b"]).parse("c")).toThrow("expected one of a, b");
  });

  it("derives commander's keys from the flags", () => {
    expect(keyOf("--late-after <duration>")).toBe("lateAfter");
    expect(keyOf("--no-reconnect")).toBe("reconnect");
  });
});
