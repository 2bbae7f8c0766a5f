// @vitest-environment happy-dom
// Keys stay on the server: in a browser, a client with an apiKey is refused unless explicitly allowed; the proxy
// client sends no key at all.
import { AvalaError, ConfigurationError } from "@avala/core";
import { cleanup, render, screen } from "@testing-library/react";
import { Component, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AvalaProvider, BrowserApiKeyError, createAvalaClient, isBrowser, useQuery } from "../src/index.js";
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
});
