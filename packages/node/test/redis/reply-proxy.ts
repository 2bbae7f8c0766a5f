/**
 * A TCP proxy in front of the real test Redis that can hold Redis's replies (commands still reach Redis and run;
 * the client just does not hear back) or cut every connection. It makes Redis slow or unreachable exactly when a
 * test says so, without depending on timing: what a client sees when a script runs on the server but its reply
 * comes after the client's timeout.
 */
import { createServer, type Server, Socket } from "node:net";

export interface ReplyProxy {
  /** `redis://127.0.0.1:<proxy port>` */
  readonly url: string;
  /** Holds every reply from Redis until {@link ReplyProxy.release}. */
  hold(): void;
  /** Delivers held replies and passes replies through again. */
  release(): void;
  /** Drops every connection and refuses new ones until {@link ReplyProxy.restore}. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startReplyProxy(redisPort: number): Promise<ReplyProxy> {
  let holding = false;
  const pairs = new Set<{ client: Socket; upstream: Socket; held: Buffer[] }>();
  const onConnection = (client: Socket) => {
    const upstream = new Socket();
    const pair = { client, upstream, held: [] as Buffer[] };
    pairs.add(pair);
    upstream.connect(redisPort, "127.0.0.1");
    client.on("data", (chunk: Buffer) => upstream.write(chunk));
    upstream.on("data", (chunk: Buffer) => {
      if (holding) pair.held.push(chunk);
      else client.write(chunk);
    });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  };
  let server: Server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const dropAll = () => {
    for (const pair of pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    pairs.clear();
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const pair of pairs) for (const chunk of pair.held.splice(0)) pair.client.write(chunk);
    },
    cut: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropAll();
      });
    },
    restore: async () => {
      server = createServer(onConnection);
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    close: async () => {
      dropAll();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}
