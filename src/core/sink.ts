/**
 * A sink receives the pipeline's output in batches. `write` may wait (for I/O or a full buffer):
 * the runner does not pull more input until it resolves. `flush` makes everything written so far
 * durable; only after it resolves does the runner commit the source position.
 */
export interface Sink<T> {
  readonly id: string;
  open?(): Promise<void>;
  write(records: readonly T[]): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}
