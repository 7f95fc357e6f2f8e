import { describe, expect, it } from "vitest";
import { getHeader, headerNames, hideUserinfo, parseHeaderLine, takeBasicAuth } from "../../src/core/headers.js";

describe("getHeader", () => {
  it("finds a lower-case name directly, and any other case by scanning", () => {
    expect(getHeader({ "zubie-signature": "abc" }, "Zubie-Signature")).toBe("abc");
    expect(getHeader({ "Zubie-Signature": "abc" }, "zubie-signature")).toBe("abc");
    expect(getHeader({ "X-UBER-SIGNATURE": "def" }, "X-Uber-Signature")).toBe("def");
  });

  it("joins repeated values and answers undefined for a missing or undefined header", () => {
    expect(getHeader({ "webhook-signature": ["v1,a", "v1,b"] }, "webhook-signature")).toBe("v1,a, v1,b");
    expect(getHeader({ host: "x" }, "authorization")).toBeUndefined();
    expect(getHeader({ authorization: undefined, Authorization: "Bearer t" }, "authorization")).toBe("Bearer t");
  });

  it("does not read inherited properties", () => {
    const bag = Object.create({ "zubie-signature": "inherited" }) as Record<string, string>;
    expect(getHeader(bag, "zubie-signature")).toBeUndefined();
  });
});

describe("headerNames and parseHeaderLine", () => {
  it("lists the names present, lower-cased and sorted", () => {
    expect(headerNames({ B: "1", a: "2", c: undefined })).toEqual(["a", "b"]);
  });

  it("parses Name: value and refuses lines without a valid name", () => {
    expect(parseHeaderLine("X-Signature:  abc ")).toEqual(["X-Signature", "abc"]);
    expect(parseHeaderLine("no colon")).toBeUndefined();
    expect(parseHeaderLine("bad name: x")).toBeUndefined();
  });
});

describe("takeBasicAuth and hideUserinfo", () => {
  it("turns user:password@ into a Basic value, takes it out of the URL and lists what to redact", () => {
    const url = new URL("http://admin:S3cr%40t@127.0.0.1:3000/hooks");
    expect(takeBasicAuth(url)).toEqual({ authorization: `Basic ${Buffer.from("admin:S3cr@t").toString("base64")}`, secrets: ["S3cr%40t", "S3cr@t", Buffer.from("admin:S3cr@t").toString("base64")] });
    expect(url.href).toBe("http://127.0.0.1:3000/hooks");
    expect(takeBasicAuth(new URL("http://127.0.0.1/"))).toBeUndefined();
  });

  it("hides the userinfo of a URL that does not parse", () => {
    expect(hideUserinfo("ftp://bob:pw@host:99999/x")).toBe("ftp://[redacted]@host:99999/x");
    expect(hideUserinfo("http://host/path@x")).toBe("http://host/path@x");
  });
});
