/**
 * Wraps a response body so `done` runs exactly once when it has been read to the end, failed, or was
 * cancelled (the browser went away). The limiter's concurrency slot is held until then: a 20 MB export
 * download is still "in flight" while its body streams, which is what the server's concurrency cap counts.
 * Pull-based, so backpressure from the browser reaches the upstream connection.
 */
export function releaseOnDone(
  body: ReadableStream<Uint8Array>,
  done: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) {
          finish();
          controller.close();
        } else {
          controller.enqueue(chunk.value);
        }
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason).catch(() => {});
    },
  });
}
