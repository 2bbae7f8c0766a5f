export {
  type BulkEditOptions,
  type BulkEditProgress,
  type BulkEditReport,
  bulkEditAnnotations,
  DEFAULT_BULK_EDIT_CHUNK_SIZE,
  type EditsInput,
} from "./bulk-edit.js";
export { type EditsReader, type LocatedEdit, readEditsFile } from "./edits-file.js";
export { BulkEditChunkError, type EditProblem, InvalidEditsError } from "./errors.js";
export { editProblem } from "./validate-edit.js";
