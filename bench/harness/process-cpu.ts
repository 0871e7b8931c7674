import { readdirSync, readFileSync } from "node:fs";

/** Linux's clock ticks per second for /proc times (USER_HZ, 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (text) children.push(...text.split(/\s+/).map(Number));
  }
  return children;
}

/** User + system CPU seconds of one process so far (fields 14 and 15 of /proc/PID/stat). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * CPU seconds used so far by a process and every live descendant (a cluster's primary and its
 * workers), or undefined where /proc cannot tell (not Linux, a process gone meanwhile).
 */
export function processTreeCpuSeconds(rootPid: number): number | undefined {
  try {
    let total = 0;
    const pending = [rootPid];
    while (pending.length > 0) {
      const pid = pending.pop()!;
      total += cpuSecondsOf(pid);
      pending.push(...childrenOf(pid));
    }
    return total;
  } catch {
    return undefined;
  }
}
