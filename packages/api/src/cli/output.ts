/** Where a command writes: injectable so tests run commands in-process and read what they printed. */
export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** Reads a whole file as UTF-8 (the CLI's only input besides arguments). */
  readFile(path: string): Promise<string>;
}
