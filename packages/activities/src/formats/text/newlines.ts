/**
 * Counting line breaks in ranges of one buffer that move forward (record after record), in linear time:
 * the next newline's position is remembered, so a buffer without newlines is not searched to its end once
 * per record.
 */
export class NewlineCounter {
  #next: number;

  constructor(private readonly text: string) {
    this.#next = text.indexOf('\n');
    if (this.#next === -1) this.#next = Infinity;
  }

  /** Newlines in [from, to); calls must not go backwards. */
  count(from: number, to: number): number {
    let next = this.#next;
    if (next < from) {
      next = this.text.indexOf('\n', from);
      if (next === -1) next = Infinity;
    }
    let n = 0;
    while (next < to) {
      n++;
      next = this.text.indexOf('\n', next + 1);
      if (next === -1) next = Infinity;
    }
    this.#next = next;
    return n;
  }
}
