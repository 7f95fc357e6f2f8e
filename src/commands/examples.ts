/** Ready-to-run command lines that banners and help print, from the provider's own example fixture. */
import { getProvider } from "../core/providers/index.js";

/** The fixture a provider's examples send (Standard Webhooks and generic HMAC sign a Zubie event). */
export function exampleFixture(provider: string | undefined): string {
  return getProvider(provider ?? "zubie")?.exampleFixture ?? getProvider("zubie")!.exampleFixture;
}

/** A `telematics send` that delivers a test event to `url` as `provider` (undefined: auto), by POST or GET. */
export function exampleSend(provider: string | undefined, url: string, keyFlags: string, method: "POST" | "GET" = "POST"): string {
  const query = method === "GET" && provider ? getProvider(provider)?.query : undefined;
  const fixture = query?.exampleFixture ?? exampleFixture(provider);
  const own = fixture.split("/")[0];
  const asProvider = provider && provider !== own ? ` --provider ${provider}` : "";
  return `telematics send --fixture ${fixture}${asProvider}${query ? " --method GET" : ""}${keyFlags ? ` ${keyFlags}` : ""} --to ${url}`;
}
