import { flagTitle } from '../format.ts';

/**
 * A flag coloured by severity: its code (compact, for tables of patients), or with `readable` its
 * title ("EDSS overdue"); the title attribute, and for readers of a readable chip hidden text, say the
 * severity for those who do not see colour.
 */
export function FlagChip({
  code,
  severity,
  muted,
  readable,
}: {
  code: string;
  severity: string;
  muted?: boolean;
  readable?: boolean;
}) {
  const className = `chip ${severity}${muted ? ' muted-chip' : ''}`;
  if (readable)
    return (
      <span className={className} title={`${code} (${severity})`}>
        {flagTitle(code)}
        <span className="sr-only"> ({severity})</span>
      </span>
    );
  return (
    <span className={className} title={`${flagTitle(code)} (${severity})`}>
      {code}
    </span>
  );
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
        <span className="chip-more" title={hidden.map(([code]) => code).join(', ')}>
          +{hidden.length} more
        </span>
      )}
    </>
  );
}
