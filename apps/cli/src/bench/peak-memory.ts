import { readFileSync } from 'node:fs';

/**
 * This process's peak resident memory, MB. On Linux it is VmHWM of /proc/self/status: the high-water
 * mark of this program's own memory. `process.resourceUsage().maxRSS` (getrusage) is not: Linux
 * carries it across exec, so a child spawned by a large process reports at least the parent's
 * resident memory at the fork (the 100,000-patient bench reported the bench's own 679 MB as the
 * export's). Elsewhere maxRSS is the fallback.
 */
export function ownPeakRssMB(status: () => string = () => readFileSync('/proc/self/status', 'utf8')): number {
  let highWaterKB: number | undefined;
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status());
    if (match) highWaterKB = Number(match[1]);
  } catch {
    // Not Linux (no /proc): fall back below.
  }
  return Math.round((highWaterKB ?? process.resourceUsage().maxRSS) / 1024);
}
