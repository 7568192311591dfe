import { flagTitle } from '../format.ts';

/** A flag code coloured by severity; the title carries the severity for non-colour readers. */
export function FlagChip({ code, severity, muted }: { code: string; severity: string; muted?: boolean }) {
  return (
    <span className={`chip ${severity}${muted ? ' muted-chip' : ''}`} title={`${flagTitle(code)} (${severity})`}>
      {code}
    </span>
  );
}
