// @vitest-environment happy-dom
// Keys stay on the server: in a browser, a client with an apiKey is refused unless explicitly allowed; the proxy
// client sends no key at all.
import { AvalaError, ConfigurationError } from "@avala/core";
import { cleanup, render, screen } from "@testing-library/react";
import { Component, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isBrowser } from "../src/environment.js";
import {
  AvalaProvider,
  BrowserApiKeyError,
  createAvalaClient,
  useAvalaClient,
  useQuery,
} from "../src/index.js";
import { json, type LocalApi, startLocalApi } from "./support/local-api.js";

let api: LocalApi | undefined;
afterEach(async () => {
  cleanup();
  await api?.close();
  api = undefined;
});

class Boundary extends Component<{ children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {};
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    return this.state.error ? <p>{(this.state.error as Error).name}</p> : this.props.children;
  }
}

function Name() {
  const { data } = useQuery("get", "/datasets/{uid}/", { params: { path: { uid: "u" } } });
  return <p>{data?.name ?? "…"}</p>;
}

/** The client the nearest provider hands to hooks, and the error a boundary caught, for the tests below. */
let probed: unknown;
let caught: unknown;
function Probe() {
  probed = useAvalaClient();
  return null;
}
class Catch extends Component<{ children: ReactNode }, { error?: unknown }> {
  override state: { error?: unknown } = {};
  static getDerivedStateFromError(error: unknown) {
    caught = error;
    return { error };
  }
  override render() {
    return this.state.error ? null : this.props.children;
  }
}

describe("createAvalaClient in a browser", () => {
  it("detects the browser", () => {
    expect(isBrowser()).toBe(true);
  });

  it("refuses an apiKey with a typed error", () => {
    let error: unknown;
    try {
      createAvalaClient({ apiKey: "avk_secret_0123456789", baseUrl: "https://api.avala.ai/api/v1" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BrowserApiKeyError);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toBeInstanceOf(AvalaError);
    expect((error as BrowserApiKeyError).option).toBe("apiKey");
    expect((error as Error).message).toMatch(/dangerouslyAllowBrowserApiKey/);
    expect((error as Error).message).not.toMatch(/avk_secret/);
  });

  it("refuses it through AvalaProvider options too", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    render(
      <Boundary>
        <AvalaProvider options={{ apiKey: "avk_secret_0123456789" }}>
          <p>rendered</p>
        </AvalaProvider>
      </Boundary>,
    );
    quiet.mockRestore();
    expect(screen.getByText("BrowserApiKeyError")).toBeTruthy();
  });

  it("allows it with the loudly named opt-in", () => {
    const client = createAvalaClient({
      apiKey: "avk_local_tool_0123456789",
      dangerouslyAllowBrowserApiKey: true,
    });
    expect(client.baseUrl).toBe("https://api.avala.ai/api/v1");
  });

  it("requires a baseUrl (the proxy) without an apiKey", () => {
    expect(() => createAvalaClient({})).toThrow(ConfigurationError);
  });

  it("resolves a relative proxy baseUrl against the page and sends no key header", async () => {
    api = await startLocalApi(({ res }) =>
      json(res, 200, { uid: "u", name: "Through the proxy", slug: "p", item_count: 0 }),
    );
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${api.origin}/app/`);
    const client = createAvalaClient({ baseUrl: "/api/avala" });
    expect(client.baseUrl).toBe(`${api.origin}/api/avala`);
    render(
      <AvalaProvider client={client}>
        <Name />
      </AvalaProvider>,
    );
    expect(await screen.findByText("Through the proxy")).toBeTruthy();
    expect(api.received).toHaveLength(1);
    expect(api.received[0]?.url).toBe("/api/avala/datasets/u/");
    expect(api.received[0]?.headers["x-avala-api-key"]).toBeUndefined();
  });

  it("makes its own client from options a base client (no raw, middleware or paginate), which the hooks use", async () => {
    api = await startLocalApi(({ res }) =>
      json(res, 200, { uid: "u", name: "From the provider's client", slug: "p", item_count: 0 }),
    );
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${api.origin}/app/`);
    render(
      <AvalaProvider options={{ baseUrl: "/api/avala" }}>
        <Probe />
        <Name />
      </AvalaProvider>,
    );
    expect(await screen.findByText("From the provider's client")).toBeTruthy();
    expect(probed).toHaveProperty("page");
    expect(probed).not.toHaveProperty("raw");
    expect(probed).not.toHaveProperty("paginate");
    expect(probed).not.toHaveProperty("use");
    expect(api.received[0]?.url).toBe("/api/avala/datasets/u/");
  });

  it("refuses middleware in AvalaProvider options, pointing to createAvalaClient", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    caught = undefined;
    render(
      <Catch>
        {/* @ts-expect-error -- the options' type refuses middleware too; this is for callers it does not reach. */}
        <AvalaProvider options={{ baseUrl: "/api/avala", middleware: [{ onRequest: () => undefined }] }}>
          <p>rendered</p>
        </AvalaProvider>
      </Catch>,
    );
    quiet.mockRestore();
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect((caught as ConfigurationError).option).toBe("middleware");
    expect((caught as Error).message).toContain("createAvalaClient");
  });

  it("keeps raw, middleware and paginate on a client made with createAvalaClient and passed in", () => {
    const client = createAvalaClient({ baseUrl: "/api/avala", middleware: [{ onRequest: () => undefined }] });
    render(
      <AvalaProvider client={client}>
        <Probe />
      </AvalaProvider>,
    );
    expect(probed).toBe(client);
    expect(typeof client.paginate).toBe("function");
    expect(typeof client.raw.GET).toBe("function");
  });
});
