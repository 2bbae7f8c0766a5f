// @avala/core/sequences: frames and camera calibration of a dataset sequence, derived client-side (as the official
// SDKs' getFrame / getCalibration do) from `GET /datasets/{owner}/{slug}/sequences/{sequence_uid}/`: the API has no
// frame or calibration endpoint. An entry of its own, so bundles that never read frames do not carry it.
import type { DatasetSequence, Quat, Vec3 } from "@avala/types";
import type { APIPromise } from "../api-promise.js";
import type { RequestOptions } from "../call-types.js";
import type { AvalaBaseClient } from "../client.js";
import { InvalidRequestError } from "../errors/misc-errors.js";

export type { Quat, Vec3 } from "@avala/types";

/** One camera image of a {@link SequenceFrame}: the official SDKs' `FrameImage`, every field present (null when absent). */
export interface SequenceFrameImage {
  image_url: string | null;
  /** Camera name: `camera`, else `camera_id`, else `sensor_id` of the wire image. */
  camera_id: string | null;
  position: Vec3 | null;
  heading: Quat | null;
  width: number | null;
  height: number | null;
  fx: number | null;
  fy: number | null;
  cx: number | null;
  cy: number | null;
  /** Camera model (`pinhole`, `doublesphere`, …): `model`, else `camera_model`. */
  model: string | null;
  camera_model: string | null;
  xi: number | null;
  alpha: number | null;
}

/** One frame of a sequence: the official SDKs' `DatasetFrame`, derived from `DatasetSequence.frames[index]`. */
export interface SequenceFrame {
  /** Position of the frame in `frames` (what was asked for). */
  frame_index: number;
  key: string | null;
  /** Frame-level camera model: `model`, else `camera_model`. */
  model: string | null;
  camera_model: string | null;
  xi: number | null;
  alpha: number | null;
  /** Ego pose: position of the capture device. */
  device_position: Vec3 | null;
  device_heading: Quat | null;
  /** Camera images (empty for flat frames, whose `image_urls` stay in `raw`). */
  images: SequenceFrameImage[];
  /** The frame as the API sent it (flat frames' `image_urls`, `asset_url` and unknown fields are here). */
  raw: Record<string, unknown>;
}

/** Intrinsics and extrinsics of one camera of the rig: the official SDKs' `CameraCalibration`. */
export interface CameraCalibration {
  camera_id: string | null;
  position: Vec3 | null;
  heading: Quat | null;
  width: number | null;
  height: number | null;
  fx: number | null;
  fy: number | null;
  cx: number | null;
  cy: number | null;
  /** The image's model, else the frame's. */
  model: string | null;
  /** The image's value, else the frame's. */
  xi: number | null;
  alpha: number | null;
}

/** The camera rig of a sequence, read from its first frame: the official SDKs' `DatasetCalibration`. */
export interface DatasetCalibration {
  sequence_uid: string;
  /** One entry per camera image of frame 0; empty when the sequence has no frames. */
  cameras: CameraCalibration[];
  /** Not sent by the API today; kept for parity with the official SDKs' shape. */
  dataset_level_camera_calibration: Record<string, unknown> | null;
}

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;
const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const vec3 = (v: unknown): Vec3 | null =>
  isObject(v) && [v.x, v.y, v.z].every((c) => num(c) !== null)
    ? { x: v.x as number, y: v.y as number, z: v.z as number }
    : null;
const quat = (q: unknown): Quat | null =>
  isObject(q) && [q.x, q.y, q.z, q.w].every((c) => num(c) !== null)
    ? { x: q.x as number, y: q.y as number, z: q.z as number, w: q.w as number }
    : null;
const cameraId = (img: Loose) => str(img.camera) ?? str(img.camera_id) ?? str(img.sensor_id);
const imagesOf = (frame: Loose): Loose[] =>
  Array.isArray(frame.images) ? frame.images.filter(isObject) : [];

function image(img: Loose): SequenceFrameImage {
  return {
    image_url: str(img.image_url),
    camera_id: cameraId(img),
    position: vec3(img.position),
    heading: quat(img.heading),
    width: num(img.width),
    height: num(img.height),
    fx: num(img.fx),
    fy: num(img.fy),
    cx: num(img.cx),
    cy: num(img.cy),
    model: str(img.model) ?? str(img.camera_model),
    camera_model: str(img.camera_model) ?? str(img.model),
    xi: num(img.xi),
    alpha: num(img.alpha),
  };
}

/**
 * Frame `index` (its position in `frames`, from 0) of a sequence fetched with its frames. Throws
 * `InvalidRequestError` naming the valid range when there is no such frame.
 */
export function frameOf(sequence: Pick<DatasetSequence, "uid" | "frames">, index: number): SequenceFrame {
  const frames = sequence.frames ?? [];
  if (!Number.isInteger(index) || index < 0 || index >= frames.length) {
    throw new InvalidRequestError(
      `Frame ${index} does not exist in sequence ${sequence.uid}: ` +
        (frames.length === 0
          ? "it has no frames."
          : `it has ${frames.length} frame(s), indexed 0 to ${frames.length - 1}.`),
    );
  }
  const raw = frames[index] as Loose;
  return {
    frame_index: index,
    key: str(raw.key),
    model: str(raw.model) ?? str(raw.camera_model),
    camera_model: str(raw.camera_model) ?? str(raw.model),
    xi: num(raw.xi),
    alpha: num(raw.alpha),
    device_position: vec3(raw.device_position),
    device_heading: quat(raw.device_heading),
    images: imagesOf(raw).map(image),
    raw,
  };
}

/**
 * The camera rig of a sequence, from its first frame (every frame carries the rig): one entry per camera, with
 * frame-level `model`, `xi` and `alpha` as fallbacks. A sequence without frames has no cameras.
 */
export function calibrationOf(sequence: Pick<DatasetSequence, "uid" | "frames">): DatasetCalibration {
  const first = sequence.frames?.[0] as Loose | undefined;
  const cameras = first
    ? imagesOf(first).map((img): CameraCalibration => {
        const { image_url: _url, camera_model: _cm, ...rest } = image(img);
        return {
          ...rest,
          model: rest.model ?? str(first.model) ?? str(first.camera_model),
          xi: rest.xi ?? num(first.xi),
          alpha: rest.alpha ?? num(first.alpha),
        };
      })
    : [];
  return { sequence_uid: sequence.uid, cameras, dataset_level_camera_calibration: null };
}

const SEQUENCE_PATH = "/datasets/{owner}/{slug}/sequences/{sequence_uid}/" as const;

function fetchSequence(
  client: AvalaBaseClient,
  owner: string,
  slug: string,
  sequenceUid: string,
  options?: RequestOptions,
): APIPromise<DatasetSequence> {
  for (const [name, value] of [
    ["owner", owner],
    ["slug", slug],
    ["sequenceUid", sequenceUid],
  ] as const) {
    if (typeof value !== "string" || value === "") {
      throw new InvalidRequestError(`${name} must be a non-empty string; nothing was sent.`);
    }
  }
  return client.GET(SEQUENCE_PATH, {
    ...options,
    params: { path: { owner, slug, sequence_uid: sequenceUid } },
  }) as APIPromise<DatasetSequence>;
}

/**
 * Fetches a sequence and returns frame `index` (position in `frames`, from 0), as the official SDKs'
 * `getFrame`. Rejects with `InvalidRequestError` when the frame does not exist, and with the client's typed
 * errors when the call fails.
 *
 * @example
 * const frame = await getFrame(avala, "acme", "highway-lidar", sequenceUid, 42);
 * console.log(frame.device_position, frame.images.map((i) => i.camera_id));
 */
export async function getFrame(
  client: AvalaBaseClient,
  owner: string,
  slug: string,
  sequenceUid: string,
  index: number,
  options?: RequestOptions,
): Promise<SequenceFrame> {
  if (!Number.isInteger(index) || index < 0) {
    throw new InvalidRequestError(`Frame index must be an integer >= 0 (got ${index}); nothing was sent.`);
  }
  return frameOf(await fetchSequence(client, owner, slug, sequenceUid, options), index);
}

/**
 * Fetches a sequence and returns its camera calibration, as the official SDKs' `getCalibration`.
 *
 * @example
 * const { cameras } = await getCalibration(avala, "acme", "highway-lidar", sequenceUid);
 */
export async function getCalibration(
  client: AvalaBaseClient,
  owner: string,
  slug: string,
  sequenceUid: string,
  options?: RequestOptions,
): Promise<DatasetCalibration> {
  return calibrationOf(await fetchSequence(client, owner, slug, sequenceUid, options));
}
