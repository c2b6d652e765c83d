/**
 * Collects log lines into chunks before handing them to sonic-boom. sonic-boom's own
 * buffering (minLength) measures the byte length of its whole pending string on every
 * write, which flattens and scans up to the buffer's size per line: most of what a request
 * line cost. Here a line costs a string append; the chunk's byte length is measured once,
 * when sonic-boom takes it.
 */
import type { DestinationStream } from 'pino';

export interface Sink {
  write(text: string): unknown;
  flushSync(): void;
}

export class LineBuffer implements DestinationStream {
  private pending = '';

  constructor(
    private readonly sink: Sink,
    /** Characters gathered before a write (lines are ASCII but for user-chosen text). */
    private readonly chunk = 8 * 1024,
  ) {}

  write(line: string): void {
    this.pending += line;
    if (this.pending.length >= this.chunk) this.flush();
  }

  /** Hands what is gathered to the sink, which writes it without blocking. */
  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.sink.write(text);
  }

  /** Writes everything out before returning (exit paths). */
  flushSync(): void {
    this.flush();
    this.sink.flushSync();
  }
}
