import { useQuery } from "@avala/react";
import type { ReactNode } from "react";
import type { Export } from "../api-types.js";
import { ErrorMessage } from "./error-message.js";

/** Terminal export statuses (the spec: treat anything else as still in progress). */
const TERMINAL = new Set(["exported", "completed", "failed"]);

function isDone(data: Export | undefined): boolean {
  return data?.status != null && TERMINAL.has(data.status);
}

/** Polls an export until its status is terminal, showing the progress. */
export function ExportProgress({ uid }: { uid: string }): ReactNode {
  const { data, error } = useQuery(
    "get",
    "/exports/{uid}/",
    { params: { path: { uid } } },
    { refetchInterval: (query) => (isDone(query.state.data) ? false : 400) },
  );
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <p>Starting export…</p>;
  const done = isDone(data);
  return (
    <div className="export" data-testid="export">
      <p>
        Export <code>{data.uid}</code>: <strong data-testid="export-status">{data.status}</strong>
        {data.total_task_count ? ` (${data.exported_task_count ?? 0}/${data.total_task_count} tasks)` : ""}
      </p>
      {done && data.download_url ? (
        <p data-testid="export-ready">
          Ready: <a href={data.download_url}>download</a>
        </p>
      ) : null}
    </div>
  );
}
