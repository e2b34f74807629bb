/** The Copy activity's output, in ADF's field names (what `@activity('Copy').output.rowsCopied` reads). */

/** ADF's copy output, plus Sluice's `rejectsPath`, `targets` and `executionPath`. */
export interface CopyOutput extends Record<string, unknown> {
  rowsRead: number;
  rowsCopied: number;
  rowsSkipped: number;
  /** Bytes read from the source (as stored: compressed bytes for compressed files). */
  dataRead: number;
  dataWritten: number;
  filesRead: number;
  filesWritten: number;
  /** Seconds, as ADF reports it. */
  copyDuration: number;
  /** KB/s of data read, as ADF reports it. */
  throughput: number;
  errors: unknown[];
  /** Where skipped rows were logged (`<store>/<path>`), when any were. */
  rejectsPath?: string;
  /** Paths or tables published. */
  targets: string[];
  /** `rows` (the streaming pipeline), `duckdb` (the fast path) or `binary`. */
  executionPath: string;
}

/** Counters of a finished copy, before shaping. */
export interface CopyCounts {
  rowsRead: number;
  rowsCopied: number;
  rowsSkipped: number;
  dataRead: number;
  dataWritten: number;
  filesRead: number;
  filesWritten: number;
  targets: string[];
  rejectsPath?: string;
  executionPath?: string;
  /** `performance.now()` when the copy started. */
  started: number;
}

/** Shapes the output (duration in seconds, throughput in KB/s of data read). */
export function copyOutput(c: CopyCounts): CopyOutput {
  const seconds = (performance.now() - c.started) / 1000;
  return {
    rowsRead: c.rowsRead,
    rowsCopied: c.rowsCopied,
    rowsSkipped: c.rowsSkipped,
    dataRead: c.dataRead,
    dataWritten: c.dataWritten,
    filesRead: c.filesRead,
    filesWritten: c.filesWritten,
    copyDuration: Math.round(seconds),
    throughput: seconds > 0 ? Math.round((c.dataRead / 1024 / seconds) * 1000) / 1000 : 0,
    errors: [],
    ...(c.rejectsPath ? { rejectsPath: c.rejectsPath } : {}),
    targets: c.targets,
    executionPath: c.executionPath ?? 'rows',
  };
}
