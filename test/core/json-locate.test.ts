import { describe, expect, it } from "vitest";
import { caretLines, findSyntaxError, lineText, locatePath, memberText, positionAt } from "../../src/core/json-locate.js";

/** JSON.parse's offset for a text it rejects (Node 20 puts "at position N" in most messages). */
function parseOffset(text: string): number | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    return m ? Number(m[1]) : undefined;
  }
}

describe("findSyntaxError", () => {
  it("accepts valid JSON", () => {
    for (const t of ['{"a":[1,2.5e3,-0.1,true,false,null,"x\\u00e9\\n"]}', "[]", "{}", ' "s" ', "0", '{"a":{"b":{}}}']) expect(findSyntaxError(t)).toBeUndefined();
  });

  it.each([
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, `expected ',' or '}' after property value, found "b" (missing comma?)`],
    ['{"a": 1,}', 1, 9, "trailing comma before '}'"],
    ["[1,2,]", 1, 6, "trailing comma before ']'"],
    ['{"a": 2019-12-10}', 1, 11, "expected ',' or '}' after property value, found '-' (an unquoted value? strings need double quotes)"],
    ["{'a': 1}", 1, 2, "expected a property name in double quotes, found '''"],
    ['{"a": \'x\'}', 1, 7, "strings must use double quotes"],
    ['{"a": tru}', 1, 7, "unexpected `tru`: a value was expected (strings need double quotes)"],
    ['{"a" 1}', 1, 6, `expected ':' after property name "a", found '1'`],
    ['{"a": 1}\n}', 2, 1, "unexpected '}' after the end of the JSON value"],
    ['{"a": "x', 1, 7, "unterminated string"],
    ['{"a": "x\ny"}', 1, 9, "unterminated string (line break inside a string)"],
    ['{"a": 1', 1, 8, "unexpected end of input: the object is not closed"],
    ["[1 2]", 1, 4, "expected ',' or ']' after array element, found '2'"],
    ['{"a": "\\q"}', 1, 8, "bad escape '\\q' in string"],
    ['{"a": 01}', 1, 8, "expected ',' or '}' after property value, found '1'"],
    ["", 1, 1, "empty input: no JSON value"],
    ["  \n ", 2, 2, "empty input: no JSON value"],
  ])("%j → %i:%i %s", (text, line, column, message) => {
    expect(findSyntaxError(text)).toMatchObject({ line, column, message });
  });

  it("stops where JSON.parse stops", () => {
    for (const t of ['{\n  "a": 1\n  "b": 2\n}', '{"a": 1,}', '{"a": 2019-12-10}', '{"a": 1}\n}', "[1 2]", '{"a" 1}']) {
      const offset = parseOffset(t);
      expect(offset).toBeTypeOf("number");
      expect(findSyntaxError(t)?.offset).toBe(offset);
    }
  });
});

describe("locatePath", () => {
  const text = '{\n  "trip": {\n    "distance": "far",\n    "dtcs": [\n      {"code": "P0300"},\n      {"code": 5}\n    ]\n  },\n  "a b": null\n}';

  it("finds the value at a path", () => {
    expect(locatePath(text, [])).toMatchObject({ line: 1, column: 1 });
    expect(locatePath(text, ["trip", "distance"])).toMatchObject({ line: 3, column: 17 });
    expect(locatePath(text, ["trip", "dtcs", 1, "code"])).toMatchObject({ line: 6, column: 16 });
    expect(locatePath(text, ["a b"])).toMatchObject({ line: 9, column: 10 });
  });

  it("falls back to the deepest existing parent for a missing field", () => {
    expect(locatePath(text, ["trip", "missing"])).toMatchObject({ line: 2, column: 11 });
    expect(locatePath(text, ["nope", "deeper"])).toMatchObject({ line: 1, column: 1 });
  });

  it("takes the last of duplicate keys, as JSON.parse does", () => {
    expect(locatePath('{"t": 1,\n"t": "x"}', ["t"])).toMatchObject({ line: 2, column: 6 });
  });

  it("starts from an offset (an element of an array document)", () => {
    const doc = '[\n {"a": 1},\n {"a": "x"}\n]';
    const second = locatePath(doc, [1])!;
    expect(second).toMatchObject({ line: 3, column: 2 });
    expect(locatePath(doc, ["a"], second.offset)).toMatchObject({ line: 3, column: 8 });
  });
});

describe("text helpers", () => {
  it("positionAt, lineText", () => {
    expect(positionAt("ab\ncd\r\nef", 7)).toEqual({ offset: 7, line: 3, column: 1 });
    expect(lineText("ab\ncd\r\nef", 2)).toBe("cd");
    expect(lineText("ab", 5)).toBe("");
  });

  it("caretLines puts the caret under the column and windows long lines", () => {
    expect(caretLines('  "a": x', 8)).toEqual(['  "a": x', "       ^"]);
    const long = "x".repeat(300) + "HERE" + "y".repeat(300);
    const [shown, caret] = caretLines(long, 301, 100);
    expect(shown.length).toBeLessThanOrEqual(102);
    expect(shown.slice(caret.length - 1, caret.length + 3)).toBe("HERE");
  });
});

describe("memberText", () => {
  it("gives a member's value exactly as written, the last of duplicate keys, or undefined", () => {
    const line = '{"v":1,"body": {"big":12345678901234567890, "f":1.50,"s":"caf\\u00e9 \\"body\\":2"} ,"body_encoding":"json"}';
    expect(memberText(line, "body")).toBe('{"big":12345678901234567890, "f":1.50,"s":"caf\\u00e9 \\"body\\":2"}');
    expect(memberText(line, "v")).toBe("1");
    expect(memberText('{"a":1,"a":[2, 3]}', "a")).toBe("[2, 3]");
    expect(memberText('{"a":1}', "b")).toBeUndefined();
    expect(memberText('[{"a":1}]', "a")).toBeUndefined();
    expect(memberText('{"a":', "a")).toBeUndefined();
  });
});
