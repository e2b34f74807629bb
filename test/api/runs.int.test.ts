import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, after, pipeline, until } from '../helpers/engine.js';
import { startApi, type Api } from './harness.js';

let api: Api;
beforeAll(async () => {
  api = await startApi({ rateLimit: 1000 });
  const put = async (doc: { name: string; properties: Record<string, unknown> }): Promise<void> => {
    const r = await api.call('PUT', `/api/pipelines/${doc.name}`, { body: doc });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };
  await put(pipeline('Quick', [act('Hello', 'TestEcho', { value: "@pipeline().parameters.who" })], { parameters: { who: { type: 'String', defaultValue: 'world' } } }));
  await put(pipeline('Slow', [act('Nap', 'TestSleep', { ms: 400 }), act('Then', 'TestEcho', { value: 'done' }, { dependsOn: [after('Nap')] })]));
  await put(pipeline('Long', [act('Forever', 'TestSleep', { ms: 60_000 })]));
  await put(pipeline('Breaks', [act('First', 'TestEcho', { value: 1 }), act('Second', 'TestFail', { message: 'on purpose' }, { dependsOn: [after('First')] })]));
});
afterAll(async () => api?.close());

const finished = (runId: string): Promise<{ status: string; runGroupId: string; activityRuns: Array<{ activityName: string; activityRunId: string; status: string; output: unknown }> }> =>
  until(async () => {
    const r = await api.call('GET', `/api/runs/${runId}`, { key: api.keys.viewer });
    return ['Succeeded', 'Failed', 'Cancelled'].includes(r.body.status) ? r.body : undefined;
  });

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- event data is whatever the server sent; tests assert its shape
interface SseEvent { id?: number; event?: string; data?: any }

/** Reads a Server-Sent Events stream to its end. */
async function readEvents(url: string, init: RequestInit = {}): Promise<{ events: SseEvent[]; comments: string[]; contentType: string | null }> {
  const res = await fetch(url, init);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
  }
  const events: SseEvent[] = [];
  const comments: string[] = [];
  for (const block of buffer.split('\n\n').filter(Boolean)) {
    const e: SseEvent = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) e.id = Number(line.slice(4));
      else if (line.startsWith('event: ')) e.event = line.slice(7);
      else if (line.startsWith('data: ')) e.data = JSON.parse(line.slice(6));
    }
    if (e.event) events.push(e);
  }
  return { events, comments, contentType: res.headers.get('content-type') };
}

describe('runs', () => {
  it('starts a run with parameters and shows it with its activity runs and logs', async () => {
    const started = await api.call('POST', '/api/pipelines/Quick/runs', { key: api.keys.operator, body: { parameters: { who: 'api' } } });
    expect(started.status).toBe(201);
    const run = await finished(started.body.runId);
    expect(run).toMatchObject({ status: 'Succeeded', pipelineName: 'Quick', parameters: { who: 'api' } });
    const hello = run.activityRuns.find((a) => a.activityName === 'Hello') as { activityRunId: string; output: unknown };
    expect(hello.output).toEqual({ value: 'api', attempt: 1 });
    const logs = await api.call('GET', `/api/runs/${started.body.runId}/activities/${hello.activityRunId}/logs`, { key: api.keys.viewer });
    expect(logs.body.value).toContainEqual(expect.objectContaining({ level: 'info', message: 'echo' }));
    expect((await api.call('GET', '/api/runs/no-such-run')).body).toMatchObject({ statusCode: 404, code: 'RUN_NOT_FOUND' });
    expect((await api.call('POST', '/api/pipelines/Nope/runs', { body: {} })).body.code).toBe('PIPELINE_NOT_FOUND');
    // No body at all is an empty one (curl -X POST …/runs).
    const bare = await api.call('POST', '/api/pipelines/Quick/runs');
    expect(bare.status).toBe(201);
    await finished(bare.body.runId);
  });

  it('never starts two runs for one Idempotency-Key, even under concurrent requests', async () => {
    const before = (await api.engine.queries.listRuns({ pipelineName: 'Quick', limit: 1000 })).runs.length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.call('POST', '/api/pipelines/Quick/runs', { key: api.keys.operator, body: {}, headers: { 'idempotency-key': 'order-42' } })));
    const ids = new Set(answers.map((a) => a.body.runId));
    expect(ids.size).toBe(1);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    await finished([...ids][0] as string);
    const again = await api.call('POST', '/api/pipelines/Quick/runs', { key: api.keys.operator, body: {}, headers: { 'idempotency-key': 'order-42' } });
    expect(again).toMatchObject({ status: 200, body: { runId: [...ids][0] } });
    expect((await api.engine.queries.listRuns({ pipelineName: 'Quick', limit: 1000 })).runs.length).toBe(before + 1);
    // Another key starts another run.
    const other = await api.call('POST', '/api/pipelines/Quick/runs', { key: api.keys.operator, body: {}, headers: { 'idempotency-key': 'order-43' } });
    expect(other.status).toBe(201);
    expect(other.body.runId).not.toBe([...ids][0]);
    await finished(other.body.runId);
  });

  it('queries runs by pipeline and status, page by page', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api.call('POST', '/api/pipelines/Slow/runs', { body: {} })).body.runId);
    for (const id of ids) await finished(id);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await api.call('GET', `/api/runs?pipeline=Slow&limit=2${token ? `&continuationToken=${token}` : ''}`, { key: api.keys.viewer });
      expect(page.status).toBe(200);
      seen.push(...page.body.value.map((r: { runId: string }) => r.runId));
      token = page.body.continuationToken;
      pages++;
    } while (token);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(pages).toBe(3);
    const failed = await api.call('GET', '/api/runs?pipeline=Slow&status=Failed', { key: api.keys.viewer });
    expect(failed.body.value).toEqual([]);
    const future = await api.call('GET', `/api/runs?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { key: api.keys.viewer });
    expect(future.body.value).toEqual([]);
    expect((await api.call('GET', '/api/runs?status=Nope')).body).toMatchObject({ code: 'SCHEMA_VIOLATION', details: { in: 'querystring' } });
  });

  it('streams a run as Server-Sent Events in order, ending with the terminal status', async () => {
    const { runId } = (await api.call('POST', '/api/pipelines/Slow/runs', { body: {} })).body;
    // EventSource cannot send headers: the key comes as ?access_token=.
    const { events, comments, contentType } = await readEvents(`${api.base}/api/runs/${runId}/events?access_token=${api.keys.viewer}`);
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(comments).toContain('connected');
    expect(events[0]?.event).toBe('snapshot');
    expect(events[0]?.data.run.runId).toBe(runId);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const last = events.at(-1);
    expect(last).toMatchObject({ event: 'end', data: { runId, status: 'Succeeded' } });
    const statuses = events.filter((e) => e.event === 'status').map((e) => e.data);
    const then = statuses.filter((m) => m.kind === 'activity' && m.activityName === 'Then').map((m) => m.status);
    expect(then.at(-1)).toBe('Succeeded');
    // Nap finishes before Then starts: the order the engine published is kept.
    const napDone = statuses.findIndex((m) => m.activityName === 'Nap' && m.status === 'Succeeded');
    const thenQueued = statuses.findIndex((m) => m.activityName === 'Then');
    expect(napDone).toBeGreaterThanOrEqual(0);
    expect(thenQueued).toBeGreaterThan(napDone);
    // A finished run: a snapshot and the end at once.
    const again = await readEvents(`${api.base}/api/runs/${runId}/events`, { headers: { authorization: `Bearer ${api.keys.viewer}` } });
    expect(again.events.map((e) => e.event)).toEqual(['snapshot', 'end']);
    expect((await fetch(`${api.base}/api/runs/${runId}/events`)).status).toBe(401);
    // The key in the URL is redacted from the request log.
    expect(api.logs.some((l) => l.includes('access_token=[redacted]'))).toBe(true);
    expect(api.logs.filter((l) => l.includes(api.keys.viewer))).toEqual([]);
  });

  it('sends heartbeat comments while a run goes on, and cancels it', async () => {
    const { runId } = (await api.call('POST', '/api/pipelines/Long/runs', { body: {} })).body;
    await until(async () => {
      const r = await api.call('GET', `/api/runs/${runId}`);
      return r.body.activityRuns?.[0]?.status === 'InProgress' ? true : undefined;
    });
    const stream = readEvents(`${api.base}/api/runs/${runId}/events?access_token=${api.keys.viewer}`);
    await new Promise((r) => setTimeout(r, 800)); // long enough for a heartbeat (every 300 ms here)
    const cancelled = await api.call('POST', `/api/runs/${runId}/cancel`, { key: api.keys.operator, body: {} });
    expect(cancelled.status).toBe(200);
    const { events, comments } = await stream;
    expect(comments).toContain('heartbeat');
    expect(events.at(-1)).toMatchObject({ event: 'end', data: { status: 'Cancelled' } });
    expect((await finished(runId)).status).toBe('Cancelled');
  });

  it('reruns from the failed activity, reusing what succeeded', async () => {
    const { runId } = (await api.call('POST', '/api/pipelines/Breaks/runs', { body: {} })).body;
    const first = await finished(runId);
    expect(first.status).toBe('Failed');
    expect((await api.call('POST', `/api/runs/${runId}/rerun`, { key: api.keys.viewer, body: { type: 'fromFailed' } })).status).toBe(403);
    const rerun = await api.call('POST', `/api/runs/${runId}/rerun`, { key: api.keys.operator, body: { type: 'fromFailed' } });
    expect(rerun.status).toBe(201);
    const second = await finished(rerun.body.runId);
    expect(second.runGroupId).toBe(first.runGroupId);
    const firstOf = (r: typeof first, name: string): string | undefined => r.activityRuns.find((a) => a.activityName === name)?.activityRunId;
    expect(firstOf(second, 'First')).toBe(firstOf(first, 'First'));
    expect(firstOf(second, 'Second')).not.toBe(firstOf(first, 'Second'));
    expect((await api.call('POST', `/api/runs/${runId}/rerun`, { body: { type: 'fromActivity' } })).body).toMatchObject({ code: 'SCHEMA_VIOLATION', details: { pointer: '/activityName' } });
  });

  it('debugs an unsaved pipeline document', async () => {
    const doc = pipeline('Draft', [act('Try', 'TestEcho', { value: 'draft' })]);
    const started = await api.call('POST', '/api/pipelines/Draft/debug', { key: api.keys.operator, body: { pipeline: doc } });
    expect(started.status).toBe(201);
    const run = await finished(started.body.runId);
    expect(run).toMatchObject({ status: 'Succeeded', invokedBy: { type: 'Debug' } });
    expect((await api.call('GET', '/api/pipelines/Draft')).status).toBe(404);
    const broken = await api.call('POST', '/api/pipelines/Draft/debug', { body: { pipeline: pipeline('Draft', [act('X', 'NoSuchType')]) } });
    expect(broken.body).toMatchObject({ statusCode: 400, code: 'UNSUPPORTED_ACTIVITY_TYPE', details: { pointer: '/properties/activities/0/type' } });
  });
});

describe('expressions', () => {
  it('evaluates against a sample context, and reports errors with their position', async () => {
    const ok = await api.call('POST', '/api/expressions/evaluate', {
      key: api.keys.viewer,
      body: { expression: "@concat(pipeline().parameters.day, '-', string(activity('A').output.count), '-', item().id)", context: { pipeline: { parameters: { day: '2024-03-01' } }, activities: { A: { output: { count: 3 } } }, item: { id: 'x' } } },
    });
    expect(ok.body).toEqual({ value: '2024-03-01-3-x', type: 'String' });
    expect((await api.call('POST', '/api/expressions/evaluate', { body: { expression: 'add(1, 2)' } })).body).toEqual({ value: 3, type: 'Integer' });
    const bad = await api.call('POST', '/api/expressions/evaluate', { body: { expression: "@concat('a', " } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('EXPRESSION_SYNTAX');
    expect(typeof bad.body.details.position).toBe('number');
  });
});

describe('operations', () => {
  it('exposes Prometheus metrics', async () => {
    const { runId } = (await api.call('POST', '/api/pipelines/Quick/runs', { body: {} })).body;
    await finished(runId);
    const metrics = await api.call('GET', '/metrics', { key: api.keys.viewer });
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^sluice_runs\{status="Succeeded"\} \d+$/m);
    expect(metrics.text).toMatch(/^sluice_runs\{status="Failed"\} \d+$/m);
    expect(metrics.text).toMatch(/^sluice_queue_jobs\{queue="activities",state="waiting"\} \d+$/m);
    expect(metrics.text).toMatch(/^sluice_workers 1$/m);
    expect(metrics.text).toMatch(/^sluice_activity_duration_seconds_count\{type="TestEcho",status="Succeeded"\} [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^sluice_activity_duration_seconds_bucket\{type="TestEcho",status="Succeeded",le="\+Inf"\} [1-9]\d*$/m);
  });

  it('is ready while a worker is seen, and says so when none is', async () => {
    expect((await api.call('GET', '/readyz', { key: null })).body).toEqual({ status: 'ready', redis: 'ok', workers: 1 });
    await api.worker.close();
    const ready = await api.call('GET', '/readyz', { key: null });
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'not ready', redis: 'ok', workers: 0 });
  });
});
