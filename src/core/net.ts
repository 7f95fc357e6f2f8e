/** Facts about addresses (pure). */

/**
 * Whether a URL points at this machine: localhost (and names under .localhost), 127.0.0.0/8, ::1.
 * Only these may receive a project's dev secret.
 */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return host.split(".").every((n) => Number(n) <= 255);
  return host === "::1" || host === "0:0:0:0:0:0:0:1" || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}
