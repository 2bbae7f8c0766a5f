import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startValidatedFakeApi, storageKey, type ValidatedFakeApi } from "../support/fake-api.js";
import { type StorageStandIn, startStorageStandIn } from "../support/storage-stand-in.js";
import { tsxLoaderUrl } from "../support/tsx-loader.js";

const SIZE = 200 * 1024 * 1024;
const LIMIT = 64 * 1024 * 1024;
let storage: StorageStandIn;
let fake: ValidatedFakeApi;
let file: string;
let hash: string;

beforeAll(async () => {
  storage = await startStorageStandIn();
  fake = await startValidatedFakeApi({ storageUrl: `${storage.url}/bucket/` });
  // Written chunk by chunk so the test itself never holds the file in memory either.
  file = join(tmpdir(), `avala-large-${process.pid}-${Date.now()}.bin`);
  const handle = await open(file, "wx");
  const hasher = createHash("sha256");
  try {
    for (let written = 0; written < SIZE; written += 1024 * 1024) {
      const chunk = randomBytes(1024 * 1024);
      hasher.update(chunk);
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  hash = hasher.digest("hex");
}, 120_000);

afterAll(async () => {
  if (file) await rm(file, { force: true });
  await fake?.close();
  await storage?.close();
});

it("uploads a 200 MB file with peak RSS growth under 64 MB, byte-exact", async () => {
  const script = fileURLToPath(new URL("./measure-upload-rss.mts", import.meta.url));
  const input = JSON.stringify({ baseUrl: fake.baseUrl, file, storageHost: storage.hostname });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", tsxLoaderUrl(), script, input],
    {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      timeout: 120_000,
    },
  );
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `200 MB upload: peak RSS growth ${mb(result.growth)} (array buffers peak ${mb(result.peakArrayBuffers)})`,
  );
  expect(result.failed).toEqual([]);
  expect(result.bytesSent).toBe(SIZE);
  expect(result.growth).toBeLessThan(LIMIT);
  const large = storage.stored.filter((u) => u.fields.key?.includes("/large-file/"));
  expect(large).toHaveLength(1);
  expect(large[0]).toMatchObject({
    bytes: SIZE,
    sha256: hash,
    fields: expect.objectContaining({
      key: storageKey(fake.api.owner, "Large File", file.split("/").pop()!),
    }),
  });
}, 180_000);
