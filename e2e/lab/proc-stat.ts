/**
 * What /proc says about a process: its parent and state. The lab uses it to find the capture
 * helper under the CLI and to tell an exited process from a live one (an exited child that its
 * parent has not reaped yet is a zombie: still listed, but gone for every purpose here).
 */
import { readFileSync } from 'node:fs';

/** The parent PID and state of a process from /proc/PID/stat, or null once it is gone. */
export function procStat(pid: number): { ppid: number; state: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0], ppid: Number(rest[1]) };
}

/** A process that has exited: gone from /proc, or a zombie not reaped yet. */
export function processGone(pid: number): boolean {
  const stat = procStat(pid);
  return stat === null || stat.state === 'Z' || stat.state === 'X';
}
