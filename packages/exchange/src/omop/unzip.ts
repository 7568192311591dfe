import { unzipSync } from 'fflate';

/**
 * The files of a zip archive given as its bytes in chunks (the OMOP export's stream), by name: how
 * the command line writes the tables into a folder. The archive is read whole; OMOP archives of a
 * clinic's cohort are a few megabytes.
 */
export function unzipFiles(chunks: Uint8Array[]): Map<string, Uint8Array> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new Map(Object.entries(unzipSync(bytes)));
}
