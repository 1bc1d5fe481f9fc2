/**
 * Public entry of the content library (pure: no I/O). Import and export of question sets in three formats,
 * the diff an import preview shows, the stored item codec, and scenario questions (./scenario).
 */
export { SEED_SET } from "./seed-set";
export { renderMarkdown } from "./markdown";
export { parseMarkdownSet } from "./markdown-import";
export { markdownFromSet } from "./markdown-export";
export { parseJsonSet, jsonFromSet, questionSetJsonSchema } from "./json-import";
export { parseDelimitedItems, parseRecords, detectSeparator, type Separator } from "./csv-import";
export { delimitedFromSet, ankiFromSet, quoteField } from "./csv-export";
export { diffSetContent, stableJson, type SetDiff, type ItemChange } from "./set-diff";
export { slugFromText } from "./slug";
export { plural } from "./plural";
export { fromItemRow, parseTags, toItemRow, type ItemRow } from "./item-row";
export { setVersionAfter, type SetVersionDecision } from "./set-version";
export { delimitedImportSlug, parseImport } from "./import-request";
export {
  byLine,
  WITH_INPUT,
  zodImportErrors,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ITEMS,
  type ImportError,
  type ImportResult,
  type ItemsImportResult,
} from "./import-result";
export { fieldInWords, foundInWords, issueMessage, type IssueScope } from "./import-messages";
export * from "./scenario";
export {
  failingRubricTests,
  rubricTestCounts,
  runRubricTests,
  traceForQuestion,
  type RubricTestFailure,
  type RubricTestResult,
} from "./rubric-tests";
