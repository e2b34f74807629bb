import { afterEach, describe, expect, it } from 'vitest';
import { act, pipeline, testEngine } from '../helpers/engine.js';
import { sluice } from '../helpers/cli.js';
import { trigger } from './helpers.js';

const saved = process.env.SLUICE_PREFIX;
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  if (saved === undefined) delete process.env.SLUICE_PREFIX;
  else process.env.SLUICE_PREFIX = saved;
  await cleanup?.();
});

describe('sluice triggers', () => {
  it('--start, --stop and --list change and show runtime states', async () => {
    const t = testEngine();
    cleanup = t.cleanup;
    await t.engine.factory.put('pipeline', pipeline('P', [act('Echo', 'TestEcho', {})]));
    await t.engine.factory.put('trigger', trigger('Nightly', 'ScheduleTrigger', { recurrence: { frequency: 'Day', interval: 1, startTime: '2024-01-01T02:00:00Z' } }, [{ name: 'P' }]));
    process.env.SLUICE_PREFIX = t.engine.keys.prefix;
    expect((await sluice('triggers', '--list')).out).toBe('Nightly\tScheduleTrigger\tStopped\n');
    expect(await sluice('triggers', '--start', 'nightly')).toMatchObject({ code: 0, out: 'Nightly\tScheduleTrigger\tStarted\n' });
    expect((await sluice('triggers', '--list')).out).toBe('Nightly\tScheduleTrigger\tStarted\n');
    expect((await sluice('triggers', '--stop', 'Nightly')).out).toBe('Nightly\tScheduleTrigger\tStopped\n');
    expect(await sluice('triggers', '--start', 'Missing')).toMatchObject({ code: 1, err: expect.stringContaining('TRIGGER_NOT_FOUND') });
  });
});
