import { describe, expect, it } from "vitest";
import { describeFlag, PROVIDER_NAMES, VERIFY_FLAGS, GLOBAL_FLAGS } from "../../src/commands/flags.js";
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
