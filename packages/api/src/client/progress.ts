import type { RunUpdate } from './follow.js';

interface Row {
  name: string;
  type: string;
  status: string;
  iteration: number | null;
}

const ESC = '\u001b[';

/**
 * The live progress of a remote run. On a terminal it redraws a table of activity statuses in place (cursor
 * up, clear, draw); elsewhere (a pipe, a CI log) it prints one plain line per change, so logs stay readable.
 */
export class RunProgress {
  readonly #rows = new Map<string, Row>();
  #runStatus = 'Queued';
  #drawn = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly title: string,
  ) {}

  /** Applies one update and shows it. */
  update(u: RunUpdate): void {
    if (u.kind === 'snapshot') {
      this.#runStatus = u.run.status;
      for (const a of u.activityRuns) this.#rows.set(a.key, { name: a.activityName, type: a.activityType, status: a.status, iteration: a.iteration });
      if (!this.tty) {
        this.write(`${time(new Date().toISOString())}  run ${u.run.status}\n`);
        for (const a of u.activityRuns) this.write(`${time(new Date().toISOString())}  ${label(a.activityName, a.iteration)} (${a.activityType}) ${a.status}\n`);
      }
    } else if (u.kind === 'run') {
      this.#runStatus = u.status;
      if (!this.tty) this.write(`${time(u.at)}  run ${u.status}${u.message ? `: ${u.message}` : ''}\n`);
    } else {
      this.#rows.set(u.key, { name: u.activityName, type: u.activityType, status: u.status, iteration: u.iteration ?? null });
      if (!this.tty) this.write(`${time(u.at)}  ${label(u.activityName, u.iteration ?? null)} (${u.activityType}) ${u.status}\n`);
    }
    if (this.tty) this.#redraw();
  }

  /** The table as text lines (what a terminal shows). */
  table(): string[] {
    const rows = [...this.#rows.values()];
    const width = Math.max(8, ...rows.map((r) => label(r.name, r.iteration).length));
    const typeWidth = Math.max(4, ...rows.map((r) => r.type.length));
    return [
      `${this.title}: ${this.#runStatus}`,
      `  ${'ACTIVITY'.padEnd(width)}  ${'TYPE'.padEnd(typeWidth)}  STATUS`,
      ...rows.map((r) => `  ${label(r.name, r.iteration).padEnd(width)}  ${r.type.padEnd(typeWidth)}  ${paint(r.status)}`),
    ];
  }

  #redraw(): void {
    const lines = this.table();
    this.write(`${this.#drawn ? `${ESC}${this.#drawn}A${ESC}J` : ''}${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }
}

const label = (name: string, iteration: number | null): string => (iteration !== null ? `${name} [${iteration}]` : name);
const time = (at: string): string => at.slice(11, 23);

function paint(status: string): string {
  const colour = status === 'Succeeded' ? 32 : status === 'Failed' ? 31 : status === 'Cancelled' || status === 'Skipped' ? 33 : 36;
  return `${ESC}${colour}m${status}${ESC}0m`;
}
