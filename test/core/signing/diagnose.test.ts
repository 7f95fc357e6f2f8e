import { describe, expect, it } from "vitest";
import { bodyVariants } from "../../../src/core/signing/diagnose.js";

describe("bodyVariants", () => {
  it("offers the re-serialized, pretty-printed and newline variants of a JSON body", () => {
    const labels = bodyVariants(Buffer.from('{"a": 1}\n')).map((v) => [v.label.split(":")[0], v.body.toString()]);
    expect(labels).toEqual([
      ["the body re-serialized with JSON.stringify(JSON.parse(body))", '{"a":1}'],
      ["the body pretty-printed with JSON.stringify(body, null, 2)", '{\n  "a": 1\n}'],
      ["the body without its trailing newline", '{"a": 1}'],
      ["the body with a trailing CRLF", '{"a": 1}\n\r\n'],
      ["the body with CRLF line endings instead of LF", '{"a": 1}\r\n'],
    ]);
  });

  it("never offers the original body itself as a variant", () => {
    const body = '{"a":1}';
    expect(bodyVariants(Buffer.from(body)).map((v) => v.body.toString())).not.toContain(body);
  });

  it("works on bodies that are not JSON", () => {
    expect(bodyVariants(Buffer.from("plain")).map((v) => v.body.toString())).toEqual(["plain\n", "plain\r\n"]);
  });
});
