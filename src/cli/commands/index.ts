import type { Command } from 'commander';
import { registerDemoCommand } from './demo.js';
import { registerPlanCommand } from './plan.js';
import { registerReportCommand } from './report.js';
import { registerResumeCommand } from './resume.js';
import { registerRunCommand } from './run.js';
import { registerSimulateCommand } from './simulate.js';
import { registerStatusCommand } from './status.js';
import { registerValidateCommand } from './validate.js';

/** Sets the process exit code a command ends with; the CLI entry applies it. */
export type SetExitCode = (code: number) => void;

/** Adds every subcommand to the program, in the order `apbatch --help` lists them. */
export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  registerValidateCommand(program, setExitCode);
  registerPlanCommand(program, setExitCode);
  registerRunCommand(program, setExitCode);
  registerResumeCommand(program, setExitCode);
  registerStatusCommand(program, setExitCode);
  registerReportCommand(program, setExitCode);
  registerSimulateCommand(program);
  registerDemoCommand(program, setExitCode);
}
