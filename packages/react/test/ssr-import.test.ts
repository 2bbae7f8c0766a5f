// Importing the package in plain Node (no DOM) touches no browser global: each one is replaced by a getter that
// records any access while the package's modules are evaluated. (Its dependencies — React, TanStack Query —
// are imported first; TanStack Query reads `typeof window` at import time, which is its business.)
import "@tanstack/react-query";
import "react";
import { describe, expect, it } from "vitest";

const BROWSER_GLOBALS = [
  "window",
  "document",
  "navigator",
  "location",
  "localStorage",
  "sessionStorage",
  "self",
];

describe("importing @avala/react on a server", () => {
  it("touches no browser globals", async () => {
    expect(typeof window).toBe("undefined");
    const touched: string[] = [];
    const saved = new Map<string, PropertyDescriptor | undefined>();
    for (const name of BROWSER_GLOBALS) {
      saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name);
          return undefined;
        },
      });
    }
    let module: typeof import("../src/index.js");
    try {
      module = await import("../src/index.js");
    } finally {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(globalThis, name, descriptor);
        else delete (globalThis as Record<string, unknown>)[name];
      }
    }
    expect(touched).toEqual([]);
    expect(typeof module.useQuery).toBe("function");
    const { isBrowser } = await import("../src/environment.js");
    expect(isBrowser()).toBe(false);
  });
});
