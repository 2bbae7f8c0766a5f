export { RecordingFailedError, RecordingWaitTimeoutError } from "./errors.js";
export {
  defaultUploadStateFile,
  type RecordingFile,
  type RecordingUploadProgress,
  type RecordingUploadReport,
  type UploadRecordingOptions,
  uploadRecording,
} from "./upload-recording.js";
export { type WaitForRecordingOptions, waitForRecording } from "./wait-for-recording.js";
