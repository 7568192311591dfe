import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';

/** "PK\x03\x04", the local file header signature (PKWARE APPNOTE.TXT, section 4.3.7). */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * Unpacks a zip arriving in chunks (an msprog or OMOP export) into `directory`, one file per entry, as it
 * streams; returns the names written. Entries are flat files: a name with a path part is written
 * under its base name and folder entries are skipped, so no entry can land outside the directory.
 */
export async function unzipIntoDirectory(
  chunks: AsyncIterable<string | Uint8Array>,
  directory: string,
): Promise<string[]> {
  mkdirSync(directory, { recursive: true });
  const written: string[] = [];
  let failure: Error | null = null;
  const unzip = new Unzip((file) => {
    if (file.name.endsWith('/')) return;
    const name = basename(file.name);
    const descriptor = openSync(join(directory, name), 'w');
    written.push(name);
    file.ondata = (error, data, final) => {
      if (error) failure = error;
      else writeSync(descriptor, data);
      if (error || final) closeSync(descriptor);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const text = new TextEncoder();
  let head = new Uint8Array(0);
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? text.encode(chunk) : chunk;
    // fflate's stream skips bytes it does not recognise; a zip begins with a local file header.
    if (head.length < ZIP_SIGNATURE.length) {
      head = new Uint8Array([...head, ...bytes.subarray(0, ZIP_SIGNATURE.length - head.length)]);
      if (ZIP_SIGNATURE.some((byte, i) => i < head.length && head[i] !== byte))
        throw new Error('This is not a zip file');
    }
    unzip.push(bytes);
    if (failure) throw failure;
  }
  if (head.length < ZIP_SIGNATURE.length) throw new Error('This is not a zip file');
  unzip.push(new Uint8Array(0), true);
  if (failure) throw failure;
  return written;
}

/**
 * The files of a zip archive given as its bytes in chunks (an export's stream), by name, read whole:
 * for tests and small archives.
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
