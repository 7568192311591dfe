import { flagTitle } from '../format.ts';

/**
 * A flag coloured by severity, shown by its title ("EDSS overdue"), never its code; the title
 * attribute, and hidden text for screen readers, say the severity for those who do not see colour.
 */
export function FlagChip({ code, severity, muted }: { code: string; severity: string; muted?: boolean }) {
  return (
    <span className={`chip ${severity}${muted ? ' muted-chip' : ''}`} title={`${flagTitle(code)} (${severity})`}>
      {flagTitle(code)}
      <span className="sr-only"> ({severity})</span>
    </span>
  );
}

/** A flag's severity as a coloured word, beside its title where the title is already written out. */
export function SeverityChip({ severity, muted }: { severity: string; muted?: boolean }) {
  return <span className={`chip ${severity}${muted ? ' muted-chip' : ''}`}>{severity}</span>;
}

/** One chip per flag code, with how many times it is open (several attacks can each raise one). */
export function FlagChips({ flags, max = Infinity }: { flags: { code: string; severity: string }[]; max?: number }) {
  const byCode = new Map<string, { severity: string; count: number }>();
  for (const flag of flags) {
    const entry = byCode.get(flag.code);
    if (entry) entry.count += 1;
    else byCode.set(flag.code, { severity: flag.severity, count: 1 });
  }
  const codes = [...byCode.entries()];
  const hidden = codes.slice(max);
  return (
    <>
      {codes.slice(0, max).map(([code, { severity, count }]) => (
        <span key={code} className="chip-with-count">
          <FlagChip code={code} severity={severity} />
          {count > 1 && <span className="chip-count">×{count}</span>}
        </span>
      ))}
      {hidden.length > 0 && (
        <span className="chip-more" title={hidden.map(([code]) => flagTitle(code)).join(', ')}>
          +{hidden.length} more
        </span>
      )}
    </>
  );
}
