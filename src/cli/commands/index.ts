import type { Command } from 'commander';

/** Sets the process exit code a command ends with; the CLI entry applies it. */
export type SetExitCode = (code: number) => void;

/** Adds every subcommand to the program. */
export function registerCommands(_program: Command, _setExitCode: SetExitCode): void {
  // Commands are registered here as each pipeline stage lands.
}
