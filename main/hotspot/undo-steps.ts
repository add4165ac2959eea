/**
 * Undoing what `up` recorded (hotspot-state.ts), newest change first. Each step treats "already
 * gone" as done (the interface was unplugged, the process died, the table was removed by hand),
 * so `down` can always be re-run until the state file is empty.
 */
import { basename } from 'node:path';
import { failureText, type CommandRunner } from './command-runner';
import type { UndoStep } from './hotspot-state';
import type { SystemAccess } from './system-access';

export interface UndoContext {
  runner: CommandRunner;
  system: SystemAccess;
}

export interface UndoOutcome {
  /** Steps that could not be undone, oldest first, to keep in the state file for another try. */
  remaining: UndoStep[];
  errors: string[];
  notes: string[];
}

/** /proc/PID/stat: "PID (comm) STATE ..."; comm may contain spaces and parentheses, so read after the last ')'. */
async function isRunning(system: SystemAccess, pid: number): Promise<boolean> {
  const stat = await system.readText(`/proc/${pid}/stat`, 4096);
  if (stat === null) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  // A zombie has exited; only its parent can reap it, which is not us for a daemon.
  return state !== 'Z' && state !== 'X' && state !== '';
}

async function stopProcess(
  step: Extract<UndoStep, { kind: 'process' }>,
  ctx: UndoContext,
  notes: string[],
): Promise<string | null> {
  const { system } = ctx;
  if (!(await isRunning(system, step.pid))) return null;
  const cmdline = await system.readText(`/proc/${step.pid}/cmdline`, 64 * 1024);
  const argv = (cmdline ?? '').split('\0').filter(Boolean);
  const ours =
    argv.length > 0 && basename(argv[0]) === step.program && argv.some((a) => a.includes(step.marker));
  if (!ours) {
    notes.push(
      `${step.program} (pid ${step.pid}) had already exited; that pid now belongs to another program, which was left alone`,
    );
    return null;
  }
  system.kill(step.pid, 'SIGTERM');
  for (let i = 0; i < 50; i++) {
    if (!(await isRunning(system, step.pid))) return null;
    await system.sleep(100);
  }
  system.kill(step.pid, 'SIGKILL');
  await system.sleep(200);
  return (await isRunning(system, step.pid))
    ? `${step.program} (pid ${step.pid}) did not exit after SIGTERM and SIGKILL`
    : null;
}

/** Runs a command; the listed error texts mean the thing is already gone, which counts as success. */
async function runTolerant(ctx: UndoContext, argv: string[], gone: RegExp): Promise<string | null> {
  const [cmd, ...args] = argv;
  const r = await ctx.runner.run(cmd, args);
  if (r.code === 0 || gone.test(r.stderr) || gone.test(r.stdout)) return null;
  return failureText(cmd, args, r);
}

const NO_DEVICE = /Cannot find device|does not exist|No such device|Cannot get device/i;

export async function undoStep(step: UndoStep, ctx: UndoContext, notes: string[]): Promise<string | null> {
  switch (step.kind) {
    case 'process':
      return stopProcess(step, ctx, notes);
    case 'address':
      return runTolerant(
        ctx,
        ['ip', 'addr', 'del', step.address, 'dev', step.interface],
        new RegExp(`${NO_DEVICE.source}|Cannot assign requested address`, 'i'),
      );
    case 'nft-table':
      return runTolerant(
        ctx,
        ['nft', 'delete', 'table', step.family, step.table],
        /No such file or directory/i,
      );
    case 'sysctl':
      try {
        await ctx.system.overwrite(step.path, `${step.value}\n`);
        return null;
      } catch (err) {
        return `could not restore ${step.path} to ${step.value}: ${(err as Error).message}`;
      }
    case 'offloads':
      return runTolerant(
        ctx,
        ['ethtool', '-K', step.interface, ...step.features.flatMap((f) => [f, 'on'])],
        NO_DEVICE,
      );
    case 'nm-active':
      return runTolerant(
        ctx,
        ['nmcli', 'connection', 'down', 'id', step.name],
        /not an active connection|unknown connection/i,
      );
    case 'nm-connection':
      return runTolerant(ctx, ['nmcli', 'connection', 'delete', 'id', step.name], /unknown connection/i);
    case 'file':
      try {
        await ctx.system.remove(step.path);
        return null;
      } catch (err) {
        return `could not remove ${step.path}: ${(err as Error).message}`;
      }
  }
}

/** Undo every step, newest first, continuing past failures so one stuck step does not strand the rest. */
export async function undoAll(steps: readonly UndoStep[], ctx: UndoContext): Promise<UndoOutcome> {
  const remaining: UndoStep[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const error = await undoStep(steps[i], ctx, notes);
    if (error) {
      errors.push(error);
      remaining.unshift(steps[i]);
    }
  }
  return { remaining, errors, notes };
}
