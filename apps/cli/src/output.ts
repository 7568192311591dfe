/** Human-facing progress and errors go to stderr, so stdout carries only the requested output. */
export const progress = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

/** An error the user can act on: printed without a stack trace, exit code 1. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
