/** Exit codes of the `avala` CLI. */
export const EXIT = {
  ok: 0,
  /** Unexpected failure (a bug, or an error the CLI does not classify). */
  unexpected: 1,
  /** Wrong arguments or configuration (e.g. no API key). */
  usage: 2,
  /** The API answered with an error status. */
  api: 3,
  /** The API could not be reached (connection, DNS, TLS, timeout). */
  network: 4,
  /** The command finished but some items failed (e.g. some files of an upload). */
  partial: 5,
  /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report a process ended by Ctrl-C). */
  interrupted: 130,
} as const;
