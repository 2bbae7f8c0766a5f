import { ConfigurationError } from "@avala/core";

/**
 * Thrown by {@link createAvalaClient} (and `AvalaProvider` given `options`) when a client with a real `apiKey` would
 * be created in a browser: the key would be readable by every visitor. Point `baseUrl` at a server-side proxy
 * (`createProxyHandler` of `@avala/node`) and leave `apiKey` out; or, only for a trusted local tool, pass
 * `dangerouslyAllowBrowserApiKey: true`. `instanceof ConfigurationError` and `AvalaError` hold; `option` is `apiKey`.
 */
export class BrowserApiKeyError extends ConfigurationError {
  static override readonly brand: string = "BrowserApiKeyError";

  constructor() {
    super(
      "apiKey",
      "Refusing to create an Avala client with an apiKey in a browser: every visitor could read the key. " +
        "Serve the API through a server-side proxy (createProxyHandler from @avala/node) and create the client " +
        'with only { baseUrl: "/api/avala" } (no apiKey). For a trusted local tool only, pass ' +
        "dangerouslyAllowBrowserApiKey: true.",
    );
  }
}
