export { startEmulator, type EmulatorControls, type RunningEmulator } from './start-emulator.js';
export type { EmulatorOptions, LatencyOptions } from './emulator-options.js';
export type { FaultKind, FaultOptions, NthRequestFault } from './http/fault-injector.js';
export type { ThrottleOptions } from './http/token-bucket.js';
export type { LoggedRequest } from './http/request-log.js';
export { loadDirectory, parseDirectory } from './directory/load-directory.js';
export { generateDirectory, type GeneratedDirectoryOptions } from './directory/generate-directory.js';
export type { DirectoryFile } from './directory/directory-schema.js';
