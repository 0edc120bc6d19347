/** The input stage: CSV files in, validated rows and problems out. */
export { readRecords, readRecordBatches, type ReadRecordsOptions, type RecordEvent } from './read-records.js';
export { validateRecord, rowKey, type RecordToValidate, type RecordValidation, type ValidationContext } from './validate-record.js';
export { validateFiles, type FileCounts, type ValidateFilesOptions, type ValidationEvent } from './validate-files.js';
export { DuplicateTracker } from './duplicate-tracker.js';
export { formatProblem, formatProblemJson } from './format-problem.js';
export { ANSWER_STRING_TYPE, QUESTION_TYPES } from './answers.js';
