/** Header bags as they come from node:http, undici, fetch or a test: case-insensitive lookups. */
export type HeaderValue = string | readonly string[] | undefined;
export type HeaderBag = Readonly<Record<string, HeaderValue>>;

/** The value of a header, case-insensitively; repeated headers are joined with ", ". */
export function getHeader(headers: HeaderBag, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // node:http and undici give lower-case names: try the name itself before scanning every key.
  let value = Object.hasOwn(headers, wanted) ? headers[wanted] : undefined;
  if (value === undefined) {
    for (const key in headers) {
      if (Object.hasOwn(headers, key) && key.toLowerCase() === wanted && headers[key] !== undefined) {
        value = headers[key];
        break;
      }
    }
  }
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value.join(", ");
}

/** Header names present, lower-cased, sorted: what we list when the one we need is missing. */
export function headerNames(headers: HeaderBag): string[] {
  return Object.keys(headers)
    .filter((k) => headers[k] !== undefined)
    .map((k) => k.toLowerCase())
    .sort();
}

/**
 * Parses `Name: value` as given to --header. Returns undefined when there is no colon or no name.
 */
export function parseHeaderLine(line: string): [string, string] | undefined {
  const at = line.indexOf(":");
  if (at <= 0) return undefined;
  const name = line.slice(0, at).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return undefined;
  return [name, line.slice(at + 1).trim()];
}

/**
 * Credentials in a URL (`user:password@`) as a Basic Authorization value, taken out of `url` (which
 * is changed), with the texts to redact: the password as written and decoded, and the base64.
 */
export function takeBasicAuth(url: URL): { authorization: string; secrets: string[] } | undefined {
  if (!url.username && !url.password) return undefined;
  const encoded = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`, "utf8").toString("base64");
  const secrets = [url.password, decodeURIComponent(url.password), encoded].filter((s) => s !== "");
  url.username = "";
  url.password = "";
  return { authorization: `Basic ${encoded}`, secrets };
}

/** A URL as typed, with any `user:password@` hidden: for messages about a URL that did not parse. */
export function hideUserinfo(text: string): string {
  return text.replace(/\/\/[^/?#@]*@/, "//[redacted]@");
}
