import { z } from 'zod';

/**
 * Building blocks of the config modules (docs/CONFIGURATION.md, docs/decisions/0014): each program
 * reads its environment variables in one module, through a Zod schema whose messages say what the
 * variable expects ("PORT must be a whole number between 0 and 65535"). A blank value counts as
 * unset, so its default applies.
 */

/** Environment variables as a process sees them: process.env, or a test's own object. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** One variable's reading: without a value it is `undefined`, or its default. */
export interface Variable<T> {
  optional(): z.ZodType<T | undefined>;
  default(value: T): z.ZodType<T>;
}

function variable<T>(prepare: (text: string) => unknown, schema: z.ZodType<T>): Variable<T> {
  const read = (raw: unknown) => (typeof raw === 'string' && raw.trim() !== '' ? prepare(raw) : undefined);
  return {
    optional: () => z.preprocess(read, schema.optional()),
    // A default cannot be undefined, which `T` does not say to Zod.
    default: (value) => z.preprocess(read, schema.default(value as never)) as z.ZodType<T>,
  };
}

const trimmed = (text: string) => text.trim();

const POSTGRES_URL = /^postgres(ql)?:\/\//;
const postgresUrl = z.string().regex(POSTGRES_URL, { error: 'must be a postgresql:// connection string' });

export const variables = {
  /** Text, without surrounding spaces. */
  text: () => variable(trimmed, z.string()),
  /** A password or key: taken as written, spaces included, since they are part of it. */
  secret: () => variable((text) => text, z.string()),
  /** `1` or `true` switch it on, `0` or `false` off; anything else is a mistake worth stopping for. */
  switch: () =>
    variable(
      (text) => text.trim().toLowerCase(),
      z
        .enum(['1', 'true', '0', 'false'], { error: 'must be 1, true, 0 or false' })
        .transform((on) => on === '1' || on === 'true'),
    ),
  wholeNumber: (range: { min: number; max?: number }) =>
    variable(
      (text) => Number(text.trim()),
      z
        .number({
          error:
            range.max === undefined
              ? `must be a whole number of at least ${range.min}`
              : `must be a whole number between ${range.min} and ${range.max}`,
        })
        .int()
        .min(range.min)
        .max(range.max ?? Number.MAX_SAFE_INTEGER),
    ),
  /** A number that `fits`, which `expected` describes ("a positive number of megabytes"). */
  number: (expected: string, fits: (value: number) => boolean) =>
    variable(
      (text) => Number(text.trim()),
      z.number({ error: `must be ${expected}` }).refine(fits, { error: `must be ${expected}` }),
    ),
  postgresUrl: () => variable(trimmed, postgresUrl),
  /** Connection strings separated by commas (blank entries skipped). */
  postgresUrlList: () =>
    variable(
      (text) =>
        text
          .split(',')
          .map(trimmed)
          .filter((url) => url !== ''),
      z.array(z.string()).refine((urls) => urls.every((url) => POSTGRES_URL.test(url)), {
        error: 'must be postgresql:// connection strings separated by commas',
      }),
    ),
};

/** Environment variables that do not say what their program expects: every problem, one a line. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** A program's variables: each name with its reading (`variables.…`). */
export type Variables = Record<string, z.ZodType>;

/** The `variables` read from `env`; a ConfigurationError names each one that is wrong. */
export function readEnvironment<Shape extends Variables>(
  variables: Shape,
  env: Environment,
): { [Name in keyof Shape]: z.output<Shape[Name]> } {
  const parsed = z.object(variables).safeParse(env);
  if (parsed.success) return parsed.data as { [Name in keyof Shape]: z.output<Shape[Name]> };
  throw new ConfigurationError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
}
