import type { Command } from 'commander';
import { registerPlanCommand } from './plan.js';
import { registerValidateCommand } from './validate.js';

/** Sets the process exit code a command ends with; the CLI entry applies it. */
export type SetExitCode = (code: number) => void;

/** Adds every subcommand to the program. */
export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  registerValidateCommand(program, setExitCode);
  registerPlanCommand(program, setExitCode);
}
