import { describe, expect, it } from "vitest";
import { describeFlag, PROVIDER_NAMES, VERIFY_FLAGS, GLOBAL_FLAGS, TAIL_FLAGS } from "../../src/commands/flags.js";
import { providerNames } from "../../src/core/providers/index.js";
import { fastParse } from "../../src/main.js";

describe("flag declarations", () => {
  it("name the same providers as the registry", () => {
    expect([...PROVIDER_NAMES].sort()).toEqual([...providerNames].sort());
  });

  it("derive commander's camelCase keys", () => {
    expect(describeFlag({ flags: "--secret-env <name>", description: "" })).toEqual({ long: "secret-env", key: "secretEnv", takesValue: true, negated: false });
    expect(describeFlag({ flags: "--no-color", description: "" })).toEqual({ long: "no-color", key: "color", takesValue: false, negated: true });
  });
});

describe("fast path parsing", () => {
  const specs = [...GLOBAL_FLAGS, ...VERIFY_FLAGS];

  it("parses flags the way commander would", () => {
    expect(fastParse(["--provider", "zubie", "--secret", "a", "--secret=b", "--header", "X: 1", "--json", "--no-color", "--secret-env", "E"], specs)).toEqual({
      args: [],
      provider: "zubie",
      secret: ["a", "b"],
      header: ["X: 1"],
      json: true,
      color: false,
      secretEnv: "E",
    });
  });

  it.each([
    [["--help"]],
    [["-h"]],
    [["--bogus"]],
    [["--provider"]],
    [["positional"]],
    [["--algorithm", "md5"]],
  ])("leaves %j to commander, which explains the problem", (argv) => {
    expect(fastParse(argv, specs)).toBeUndefined();
  });
});

describe("fast path parsing of tail", () => {
  const specs = [...GLOBAL_FLAGS, ...TAIL_FLAGS];

  it("takes the URL as its one argument, with flags before or after it", () => {
    expect(fastParse(["ws://127.0.0.1:4100/", "--protocol", "raw", "--json", "--no-reconnect", "--header", "A: 1", "--header", "B: 2", "--max", "5"], specs, 1)).toEqual({
      args: ["ws://127.0.0.1:4100/"],
      protocol: "raw",
      json: true,
      reconnect: false,
      header: ["A: 1", "B: 2"],
      max: "5",
    });
    expect(fastParse(["--late-after", "1m", "http://x/"], specs, 1)).toEqual({ args: ["http://x/"], lateAfter: "1m" });
    expect(fastParse([], specs, 1)).toEqual({ args: [] });
  });

  it.each([[["a", "b"]], [["--protocol", "sse", "u"]], [["u", "--help"]], [["u", "--nope"]]])("leaves %j to commander", (argv) => {
    expect(fastParse(argv, specs, 1)).toBeUndefined();
  });
});
