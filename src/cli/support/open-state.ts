import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openStore, type Store } from '../../store/index.js';

/** Opens the state database, creating its folder (owner only) when it does not exist yet. */
export function openState(path: string, options: { readonly?: boolean } = {}): Store {
  if (!options.readonly) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Only runs write (demo, run, resume), and a run commits hundreds of times a second.
  return openStore(path, { ...options, checkpointInBackground: !options.readonly });
}
