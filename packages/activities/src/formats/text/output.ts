/**
 * Text into a Writable: encode, compress, write with back-pressure (a write that fills the stream's
 * buffer waits for `drain`), and end the stream when the file is complete. Errors of the output stream
 * reject the pending write or `end`, never hang.
 */
import { once } from 'node:events';
import { pipeline, type Writable } from 'node:stream';
import { compressor, type TextCodec } from './compression.js';
import { createEncoding, type TextEncoding } from './encoding.js';

/** A text file being written. */
export class TextOutput {
  readonly #encoding: TextEncoding;
  readonly #target: Writable;
  readonly #done: Promise<void>;
  #bomPending: boolean;
  #failure: Error | undefined;

  constructor(output: Writable, options: { encoding: string; codec: TextCodec; level?: unknown }) {
    this.#encoding = createEncoding(options.encoding);
    this.#bomPending = this.#encoding.bom !== undefined;
    const zip = compressor(options.codec, options.level);
    if (zip) {
      this.#target = zip;
      this.#done = new Promise((resolve, reject) => {
        pipeline(zip, output, (error) => {
          if (error) {
            this.#failure = error;
            reject(error);
          } else resolve();
        });
      });
    } else {
      this.#target = output;
      this.#done = new Promise((resolve, reject) => {
        output.once('error', (error) => {
          this.#failure = error;
          reject(error);
        });
        output.once('finish', () => resolve());
      });
    }
    // Errors surface through write()/end(); keep an unobserved rejection from crashing the process.
    this.#done.catch(() => undefined);
  }

  /** Encodes and writes `text`, waiting for `drain` when the output's buffer is full. */
  async write(text: string): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#bomPending && this.#encoding.bom) {
      this.#bomPending = false;
      this.#target.write(this.#encoding.bom);
    }
    if (text.length === 0) return;
    if (!this.#target.write(this.#encoding.encode(text))) {
      await Promise.race([once(this.#target, 'drain'), this.#done]);
    }
    if (this.#failure) throw this.#failure;
  }

  /** Ends the file (compression trailer included) and resolves when every byte is written out. */
  async end(): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#bomPending && this.#encoding.bom) {
      this.#bomPending = false;
      this.#target.write(this.#encoding.bom);
    }
    this.#target.end();
    await this.#done;
  }
}
