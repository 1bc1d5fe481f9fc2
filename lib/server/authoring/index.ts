/**
 * Admin authoring on the server: the set list, import preview and commit, set and item edits, publishing
 * with rubric tests, export, previews. Every function takes the signed-in user and checks the admin role
 * itself (pages, actions and routes check too: defence in depth), then queries and returns plain objects.
 *
 * All content changes go through `upsertQuestionSet` (store.ts): one transaction, items matched by stable
 * id, missing items retired (kept for learners' history), a new version when a published set changes.
 *
 * Reads: sets.ts, export.ts, previews.ts. Actions: import.ts, edits.ts, publish.ts, store.ts, seed.ts. The
 * import routes' request reading is routes.ts, imported by the route handlers on its own (the HTTP edge).
 */
import "server-only";

export { AdminOnlyError } from "./access";
export {
  adminSetList,
  editorItem,
  setEditorView,
  setHeader,
  type AdminSetRow,
  type EditorItem,
  type SetEditorView,
} from "./sets";
export {
  commitImport,
  previewImport,
  type IdConflict,
  type ImportCommit,
  type ImportPreview,
  type ImportRejected,
  type ImportRubricTests,
} from "./import";
export { createSet, moveItem, retireItem, saveItem, updateSetMeta, type EditResult } from "./edits";
export { deleteSet, publishSet, setStatus, type RubricTestsFailing } from "./publish";
export { exportSet } from "./export";
export { markdownPreview, scenarioSample, type ScenarioSample } from "./previews";
export { upsertQuestionSet, type SetStatus, type UpsertSummary } from "./store";
export { runSeed } from "./seed";
