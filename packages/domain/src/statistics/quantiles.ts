/**
 * Sample quantiles by linear interpolation between order statistics (Hyndman and Fan, "Sample
 * quantiles in statistical packages", Am Stat 1996;50:361-365, doi:10.1080/00031305.1996.10473566,
 * definition 7: R's default and PostgreSQL's percentile_cont, which the statistics page already uses).
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (high - low) * (position - below);
}
