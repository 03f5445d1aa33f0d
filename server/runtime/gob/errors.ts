/**
 * The codec's one error class. Every failure the encoder or decoder reports
 * (bad input bytes, a value that does not fit its schema, an unregistered
 * interface type) is a GobError whose message says what went wrong and where:
 * the field path, the wire type id and the absolute byte offset in the stream.
 */

export interface GobErrorContext {
  /** Absolute offset in the decoded stream (bytes pushed since the decoder was created). */
  offset?: number;
  /** Wire type id of the value being decoded or encoded. */
  typeId?: number;
  /** The stream cannot be resynchronised after this error (broken framing). */
  fatal?: boolean;
  cause?: unknown;
}

export class GobError extends Error {
  override readonly name = 'GobError';
  /** What went wrong, without location. */
  readonly detail: string;
  offset: number | undefined;
  typeId: number | undefined;
  readonly fatal: boolean;
  /** Location inside the value, outermost first: ".Props", "[3]", "{key}". */
  readonly path: string[] = [];

  constructor(detail: string, context: GobErrorContext = {}) {
    super(detail, context.cause === undefined ? undefined : { cause: context.cause });
    this.detail = detail;
    this.offset = context.offset;
    this.typeId = context.typeId;
    this.fatal = context.fatal ?? false;
    this.message = this.describe();
  }

  /** Prepends a path segment as the error travels out of a nested value. */
  within(segment: string): this {
    this.path.unshift(segment);
    this.message = this.describe();
    return this;
  }

  /** Records where in the stream the error was found, unless a more precise offset is known. */
  atOffset(offset: number): this {
    if (this.offset === undefined) {
      this.offset = offset;
      this.message = this.describe();
    }
    return this;
  }

  /** Records the type id of the outermost value, unless an inner one was recorded. */
  inType(typeId: number): this {
    if (this.typeId === undefined) {
      this.typeId = typeId;
      this.message = this.describe();
    }
    return this;
  }

  private describe(): string {
    let text = `gob: ${this.detail}`;
    if (this.path.length > 0) text += ` (at ${this.path.join('')})`;
    if (this.typeId !== undefined) text += ` [type id ${this.typeId}]`;
    if (this.offset !== undefined) text += ` [byte ${this.offset}]`;
    return text;
  }
}

/** Adds a path segment to a GobError passing through; other exceptions pass unchanged. */
export function withPath(error: unknown, segment: string): unknown {
  if (error instanceof GobError) error.within(segment);
  return error;
}
