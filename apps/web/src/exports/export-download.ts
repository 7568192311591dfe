import { refusalOf } from '../http-error.ts';

/** Why the server would not start an export: its message, and field errors by control (format, dates…). */
export interface ExportRefusal {
  status: number;
  message: string;
  fieldErrors: Record<string, string>;
}

/**
 * Asks the server whether the export would start (check=1: 204, or the refusal it would give),
 * so that a refusal is shown on the page instead of being saved by the browser as a file.
 */
export async function preflightExport(checkUrl: string): Promise<ExportRefusal | null> {
  const response = await fetch(checkUrl, { headers: { accept: 'application/json' } });
  if (response.ok) return null;
  const body: unknown = await response.json().catch(() => ({}));
  const refusal = refusalOf(body, `The server refused the export (HTTP ${response.status})`);
  return {
    status: response.status,
    message: refusal.message,
    fieldErrors: Object.fromEntries(refusal.fieldErrors.map((field) => [field.path, field.message])),
  };
}

/**
 * Lets the browser stream the file to disk: a temporary same-origin link with `download` (the
 * session cookie goes along), so a large export is never held in this page's memory.
 */
export function startDownload(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * A random (version 4) UUID for the run. `crypto.randomUUID` exists only in secure contexts
 * (https or localhost); a clinic server reached over plain http on its LAN address has only
 * `getRandomValues`.
 */
export function newRunId(random: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto): string {
  if (typeof random.randomUUID === 'function') return random.randomUUID();
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
