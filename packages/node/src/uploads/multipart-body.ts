import { randomBytes } from "node:crypto";
import { openAsBlob } from "node:fs";

/** A `multipart/form-data` body streamed from disk, with its exact length known up front. */
export interface MultipartBody {
  /** `multipart/form-data; boundary=…` */
  readonly contentType: string;
  /** Exact byte length (storage services such as S3 refuse chunked form uploads). */
  readonly length: number;
  /** The body; reads the file lazily, one chunk per pull, so memory stays flat whatever the file size. */
  readonly stream: ReadableStream<Uint8Array>;
}

const encoder = new TextEncoder();

// Quote a name inside Content-Disposition as browsers do (WHATWG multipart/form-data encoding).
function quote(value: string): string {
  return value.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
}

/**
 * Builds the presigned POST body: every form field first, in order, then the file as the part named `file`
 * (storage services ignore fields after the file). `onBytes` is called with each file chunk as it is read by
 * the transport, so progress follows what is actually sent rather than what was queued.
 */
export function multipartBody(init: {
  fields: Record<string, string>;
  filePath: string;
  fileName: string;
  fileSize: number;
  fileContentType: string;
  onBytes?: (bytes: number) => void;
}): MultipartBody {
  const boundary = `----avala-${randomBytes(16).toString("hex")}`;
  let head = "";
  for (const [name, value] of Object.entries(init.fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(init.fileName)}"\r\n` +
    `Content-Type: ${init.fileContentType}\r\n\r\n`;
  const headBytes = encoder.encode(head);
  const tailBytes = encoder.encode(`\r\n--${boundary}--\r\n`);

  let file: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let stage: "head" | "file" | "tail" | "done" = "head";
  let fileBytes = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (stage === "head") {
          stage = "file";
          controller.enqueue(headBytes);
          return;
        }
        if (stage === "file") {
          // openAsBlob streams lazily and fails the read if the file is modified meanwhile.
          file ??= (await openAsBlob(init.filePath)).stream().getReader();
          const next = await file.read();
          if (!next.done) {
            fileBytes += next.value.length;
            if (fileBytes > init.fileSize) throw new Error(`${init.filePath} grew while it was being uploaded.`);
            controller.enqueue(next.value);
            init.onBytes?.(next.value.length);
            return;
          }
          // A file that shrank would make the declared length a lie; fail rather than send a short body.
          if (fileBytes !== init.fileSize) throw new Error(`${init.filePath} changed while it was being uploaded.`);
          stage = "tail";
        }
        if (stage === "tail") {
          stage = "done";
          controller.enqueue(tailBytes);
          controller.close();
        }
      },
      async cancel() {
        await file?.cancel();
      },
    },
    { highWaterMark: 0 },
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: headBytes.length + init.fileSize + tailBytes.length,
    stream,
  };
}
