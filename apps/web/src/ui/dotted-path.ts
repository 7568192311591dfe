/** The value at a dotted path ("functionalSystems.visual", "monitoring.mriIntervalDays"). */
export function readPath(source: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], source);
}
