import { z } from 'zod';

/**
 * NIST SP 800-63B 3.1.1.2: at least 8 characters (we ask 12: identified health data), up to at least
 * 64, no composition rules. Long passphrases are welcome.
 */
export const newPasswordSchema = z
  .string({ error: 'must be text' })
  .min(12, { error: 'must be at least 12 characters' })
  .max(256, { error: 'must be at most 256 characters' });

/** RFC 5321 4.5.3.1.3: a path is at most 256 octets, so an address at most 254 characters. */
export const emailSchema = z
  .string({ error: 'must be text' })
  .trim()
  .max(254, { error: 'must be at most 254 characters' })
  .toLowerCase()
  .pipe(z.email({ error: 'must be an email address' }));
