// Typed errors. The CLI maps them to exit codes in one place (src/cli/errors.ts):
// UsageError (and ValidationError) → 2, every other CrmError → 1. Messages are one line and say
// what to do.

export class CrmError extends Error {
  readonly exitCode: number = 1;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command line itself is wrong: a missing argument, a bad flag value. Exit code 2. */
export class UsageError extends CrmError {
  override readonly exitCode: number = 2;
}

export class NotFoundError extends CrmError {}

export class AmbiguousError extends CrmError {
  constructor(
    message: string,
    readonly candidates: { id: number; label: string }[],
  ) {
    super(message);
  }
}

/** Bad data in a file or a field: names the file, line and field so the user can fix it. */
export class InputError extends CrmError {
  constructor(
    message: string,
    readonly where: { file?: string; line?: number; field?: string } = {},
    hint?: string,
  ) {
    const at = [where.file, where.line !== undefined ? `line ${where.line}` : undefined, where.field && `field ${where.field}`]
      .filter(Boolean)
      .join(', ');
    super(at ? `${at}: ${message}` : message, hint);
  }
}

/**
 * A value the user gave is not acceptable: an unknown kind, a bad date, a missing or too long
 * field. The command line is what needs fixing, so it is a usage error (exit 2).
 */
export class ValidationError extends UsageError {}

/** What was asked conflicts with the stored data: already done, already closed, ambiguous. Exit 1. */
export class ConflictError extends CrmError {}
/**
 * A command committed its main work, then a later step failed: what was committed stays, and the
 * message must not say "nothing was written". `committed` says what is kept ("imported 2,867
 * leads (batch 4)"), `step` what failed ("the due-list refresh"), the hint how to finish.
 */
export class AfterCommitError extends CrmError {
  constructor(
    readonly committed: string,
    readonly step: string,
    override readonly cause: unknown,
    hint: string,
  ) {
    super(`${committed}; then ${step} failed`, hint);
  }
}

/** A record that probably exists already (same normalised name, email or phone): nothing was added. */
export class DuplicateError extends ConflictError {
  constructor(
    message: string,
    readonly matches: { kind: 'account' | 'contact'; id: number; accountId: number; name: string; reason: string }[],
    hint?: string,
  ) {
    super(message, hint);
  }
}

