// A storage server that stalls on purpose, so a transfer is reliably in progress when a test signals the CLI:
// the first upload is stored (204), every later one is read and never answered; a download sends part of the
// announced length and then holds the connection open. Tests order their steps by its events, not by time.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A running stalling server; see the module comment. */
export interface StallingStorage {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Resolves when an upload arrives that will not be answered (an earlier one has been stored). */
  readonly uploadStalled: Promise<void>;
  /** Resolves when a download has sent its first bytes. */
  readonly downloadStarted: Promise<void>;
  /** Uploads answered 204. */
  readonly stored: number;
  /** Stop stalling: answer every further upload with 204. */
  stallUploads: boolean;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1; downloads announce `downloadBytes` and send the first 64 KiB of them. */
export async function startStallingStorage(downloadBytes = 4 * 1024 * 1024): Promise<StallingStorage> {
  let stored = 0;
  let stalled!: () => void;
  let started!: () => void;
  const uploadStalled = new Promise<void>((resolve) => {
    stalled = resolve;
  });
  const downloadStarted = new Promise<void>((resolve) => {
    started = resolve;
  });
  const server = createServer((req, res) => {
    if (req.method === "GET") {
      res.writeHead(200, { "Content-Type": "application/zip", "Content-Length": String(downloadBytes) });
      res.write(Buffer.alloc(64 * 1024, 1), () => started());
      return;
    }
    req.resume();
    req.once("end", () => {
      if (state.stallUploads && stored > 0) {
        stalled();
        return;
      }
      stored++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const state: StallingStorage = {
    url: `http://127.0.0.1:${port}`,
    uploadStalled,
    downloadStarted,
    get stored() {
      return stored;
    },
    stallUploads: true,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}
