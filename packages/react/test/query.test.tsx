// @vitest-environment happy-dom
// useQuery / useSuspenseQuery against the Prism mock: loading → success, typed errors, Suspense.
import { AvalaError, createClient, NotFoundError } from "@avala/core";
import type {} from "@avala/testing/vitest-global-setup";
import { cleanup, screen } from "@testing-library/react";
import { Component, type ReactNode, Suspense } from "react";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { useQuery, useSuspenseQuery } from "../src/index.js";
import { renderWithAvala } from "./support/render.js";

const mockUrl = inject("avalaMockUrl");
const DATASET_UID = "3f2c9a1e-7b4d-4e8a-9c61-2d5f0b8e4a17";

function mockClient() {
  return createClient({
    apiKey: "avk_react_test_0123456789",
    baseUrl: mockUrl,
    retry: { initialDelayMs: 1 },
  });
}

afterEach(() => cleanup());

function Dataset({ uid, prefer }: { uid: string; prefer?: string }) {
  const { data, error, isPending } = useQuery("get", "/datasets/{uid}/", {
    params: { path: { uid } },
    ...(prefer ? { headers: { Prefer: prefer } } : {}),
  });
  if (isPending) return <p>loading</p>;
  if (error) {
    const kind = error instanceof NotFoundError ? "not-found" : "other";
    return (
      <p>
        error:{kind}:{error.name}:{error instanceof AvalaError ? "avala" : "foreign"}
      </p>
    );
  }
  return <p>dataset:{data.name}</p>;
}

describe("useQuery", () => {
  it("shows loading, then the dataset", async () => {
    renderWithAvala(<Dataset uid={DATASET_UID} />, mockClient());
    expect(screen.getByText("loading")).toBeTruthy();
    expect(await screen.findByText("dataset:Highway LiDAR 2026")).toBeTruthy();
  });

  it("surfaces a 404 as core's NotFoundError instance", async () => {
    renderWithAvala(<Dataset uid={DATASET_UID} prefer="code=404" />, mockClient());
    expect(await screen.findByText("error:not-found:NotFoundError:avala")).toBeTruthy();
  });
});

class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render() {
    const { error } = this.state;
    if (error !== undefined)
      return <p>boundary:{error instanceof NotFoundError ? "NotFoundError" : String(error)}</p>;
    return this.props.children;
  }
}

function SuspenseDataset({ prefer }: { prefer?: string }) {
  const { data } = useSuspenseQuery("get", "/datasets/{uid}/", {
    params: { path: { uid: DATASET_UID } },
    ...(prefer ? { headers: { Prefer: prefer } } : {}),
  });
  return <p>suspense:{data.slug}</p>;
}

describe("useSuspenseQuery", () => {
  it("suspends to the fallback, then renders the data", async () => {
    renderWithAvala(
      <Suspense fallback={<p>fallback</p>}>
        <SuspenseDataset />
      </Suspense>,
      mockClient(),
    );
    expect(screen.getByText("fallback")).toBeTruthy();
    expect(await screen.findByText("suspense:highway-lidar-2026")).toBeTruthy();
  });

  it("throws core's typed error to the error boundary", async () => {
    // React reports errors caught by a boundary on console.error; expected here.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    renderWithAvala(
      <ErrorBoundary>
        <Suspense fallback={<p>fallback</p>}>
          <SuspenseDataset prefer="code=404" />
        </Suspense>
      </ErrorBoundary>,
      mockClient(),
    );
    expect(await screen.findByText("boundary:NotFoundError")).toBeTruthy();
    quiet.mockRestore();
  });
});
