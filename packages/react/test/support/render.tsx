import type { AvalaClient } from "@avala/core";
import type { QueryClient } from "@tanstack/react-query";
import { type RenderResult, render } from "@testing-library/react";
import type { ReactNode } from "react";
import { AvalaProvider } from "../../src/index.js";

/** Renders `ui` under an AvalaProvider with `client` (and `queryClient`, when given). */
export function renderWithAvala(ui: ReactNode, client: AvalaClient, queryClient?: QueryClient): RenderResult {
  return render(
    <AvalaProvider client={client} {...(queryClient ? { queryClient } : {})}>
      {ui}
    </AvalaProvider>,
  );
}
