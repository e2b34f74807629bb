import type { ActivityRun, Engine, PipelineRun } from '@sluice/engine/runtime';

/** Run statuses after which nothing changes any more. */
export const TERMINAL = new Set(['Succeeded', 'Failed', 'Cancelled']);

/** What an audit of a set of runs found: counts for the report, and every broken invariant in words. */
export interface Audit {
  runs: number;
  byStatus: Record<string, number>;
  activityRuns: number;
  attempts: number;
  workerLostAttempts: number;
  retriedActivityRuns: number;
  errorCodes: Record<string, number>;
  /** Activity runs with more than one Succeeded attempt: the activity ran to success twice (kept apart: a known bug). */
  duplicateSuccesses: string[];
  problems: string[];
}

/** Every run of the prefix, through the paginated monitoring query (what a user would list). */
export async function listAllRuns(engine: Engine): Promise<PipelineRun[]> {
  const all: PipelineRun[] = [];
  let token: string | undefined;
  do {
    const page = await engine.queries.listRuns({ limit: 1000, ...(token ? { continuationToken: token } : {}) });
    all.push(...page.runs);
    token = page.continuationToken;
  } while (token);
  return all;
}

/**
 * Checks the invariants the chaos suite promises for the runs a test started (`alsoStarted`: runs of the same prefix
 * audited elsewhere): each one listed exactly once and
 * terminal, each activity run recorded once (by id and by scheduler key), attempts numbered 1..n with at most one
 * success and none still InProgress, and a Succeeded activity run's last attempt being its success.
 */
export async function audit(engine: Engine, started: string[], alsoStarted: readonly string[] = []): Promise<{ audit: Audit; activityRuns: Map<string, ActivityRun[]> }> {
  const problems: string[] = [];
  const listed = await listAllRuns(engine);
  const listedIds = listed.map((r) => r.runId);
  const startedSet = new Set(started);
  if (startedSet.size !== started.length) problems.push(`duplicate run ids among the ${started.length} started`);
  if (new Set(listedIds).size !== listedIds.length) problems.push('a run is listed twice');
  for (const id of started) if (!listedIds.includes(id)) problems.push(`run ${id} was started but is not listed (lost)`);
  const known = new Set([...started, ...alsoStarted]);
  for (const id of listedIds) if (!known.has(id)) problems.push(`run ${id} is listed but was never started (duplicate)`);
  const byStatus: Record<string, number> = {};
  const errorCodes: Record<string, number> = {};
  let activityRuns = 0;
  let attempts = 0;
  let workerLostAttempts = 0;
  let retriedActivityRuns = 0;
  const all = new Map<string, ActivityRun[]>();
  const duplicateSuccesses: string[] = [];
  for (const id of started) {
    const run = await engine.getRun(id);
    byStatus[run.status] = (byStatus[run.status] ?? 0) + 1;
    if (!TERMINAL.has(run.status)) problems.push(`run ${id} is ${run.status}, not terminal`);
    if (run.error?.errorCode) errorCodes[run.error.errorCode] = (errorCodes[run.error.errorCode] ?? 0) + 1;
    const acts = await engine.queries.listActivityRuns(id);
    all.set(id, acts);
    activityRuns += acts.length;
    if (new Set(acts.map((a) => a.activityRunId)).size !== acts.length) problems.push(`run ${id}: an activity run id is recorded twice`);
    if (new Set(acts.map((a) => a.key)).size !== acts.length) problems.push(`run ${id}: an activity key is recorded twice`);
    for (const a of acts) {
      if (!TERMINAL.has(a.status) && a.status !== 'Skipped') problems.push(`run ${id}: ${a.key} is ${a.status} in a finished run`);
      attempts += a.attempts.length;
      if (a.attempts.length > 1) retriedActivityRuns++;
      a.attempts.forEach((t, i) => {
        if (t.attempt !== i + 1) problems.push(`run ${id}: ${a.key} attempt ${i + 1} is numbered ${t.attempt}`);
        if (t.status === 'InProgress') problems.push(`run ${id}: ${a.key} attempt ${t.attempt} still InProgress`);
        if (t.error?.code === 'WORKER_LOST') workerLostAttempts++;
      });
      const successes = a.attempts.filter((t) => t.status === 'Succeeded').length;
      if (successes > 1) duplicateSuccesses.push(`run ${id}: ${a.key} (${a.activityRunId}) recorded Succeeded ${successes} times: ${JSON.stringify(a.attempts.map((t) => [t.attempt, t.status, t.workerId, t.start, t.end]))}`);
      if (a.attempts.length && a.attempt !== a.attempts.length) problems.push(`run ${id}: ${a.key} counts ${a.attempt} attempts but records ${a.attempts.length}`);
      if (a.status === 'Succeeded' && a.attempts.length && a.attempts.at(-1)?.status !== 'Succeeded') problems.push(`run ${id}: ${a.key} Succeeded but its last attempt did not`);
    }
  }
  return { audit: { runs: started.length, byStatus, activityRuns, attempts, workerLostAttempts, retriedActivityRuns, errorCodes, duplicateSuccesses, problems }, activityRuns: all };
}

/** Waits until every run is terminal or the deadline passes; returns the ids still not terminal. */
export async function waitAllTerminal(engine: Engine, runIds: string[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let open = [...runIds];
  while (open.length && Date.now() < deadline) {
    const next: string[] = [];
    for (const id of open) {
      const s = await engine.queries.summary(id);
      if (!s || !TERMINAL.has(s.status)) next.push(id);
    }
    open = next;
    if (open.length) await new Promise((r) => setTimeout(r, 500));
  }
  return open;
}
