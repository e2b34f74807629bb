/**
 * End to end, in Debian's Chromium against the real API, engine, worker and trigger service on Redis (nothing
 * mocked):
 * 1. a schedule trigger created through its form for an existing pipeline — schedule grid, a parameter as
 *    dynamic content, the next fire times, a server validation problem shown on its field and fixed — saved,
 *    started, its state shown;
 * 2. a tumbling-window trigger started in the past, so its windows backfill through a real trigger service; the
 *    monitor's Trigger runs tab lists the windows and the trigger runs, opens a window's run, and reruns a window;
 * 3. the monitor's Models tab shows a model registered through the engine's registry, with its metrics and its
 *    training run's pipeline run.
 * A failing step keeps a screenshot in test/designer/screenshots/.
 */
import { existsSync } from 'node:fs';
import { trainModel } from '@sluice/activities';
import { startTriggerService, TriggerAdmin, type TriggerService } from '@sluice/engine/runtime';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, stepRunner } from './page-helpers.js';
import { CHROMIUM, startStudio, type Studio } from './studio.js';

let studio: Studio;
let triggers: TriggerService | undefined;
const serviceErrors: string[] = [];

/** Runs a step; on failure keeps a screenshot named after it before rethrowing (with the page's errors). */
const step = stepRunner(() => studio, {
  prefix: 'triggers-',
  errors: (s) => {
    const extra = [...s.pageErrors.map((l) => `page: ${l}`), ...serviceErrors.map((l) => `trigger service: ${l}`)];
    return extra.length ? extra.join('\n') : undefined;
  },
});

const openSignedIn = (page: Page): Promise<void> => signIn(page, studio);

async function newTrigger(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Studio' }).getByRole('button', { name: 'Author' }).click();
  await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'New trigger' }).click();
  await page.getByRole('dialog', { name: 'New trigger' }).getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('toolbar', { name: 'Trigger actions' }).waitFor();
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

describe.skipIf(!existsSync(CHROMIUM))('triggers and the monitor’s trigger-run and model views, end to end', () => {
  beforeAll(async () => {
    studio = await startStudio();
    // Existing pipelines the triggers start.
    const echo = (parameters: string[]) => ({
      parameters: Object.fromEntries(parameters.map((p) => [p, { type: 'String' }])),
      variables: { seen: { type: 'String' } },
      activities: [{ name: 'Remember', type: 'SetVariable', typeProperties: { variableName: 'seen', value: `@pipeline().parameters.${parameters[0]}` } }],
    });
    await studio.engine.factory.put('pipeline', { name: 'DailyLoad', properties: echo(['day']) });
    await studio.engine.factory.put('pipeline', { name: 'WindowLoad', properties: echo(['from', 'to']) });
  }, 180_000);
  afterAll(async () => {
    await triggers?.close().catch(() => undefined);
    await studio?.close();
  });

  it('creates a schedule trigger through its form, shows a server problem on its field, saves and starts it', async () => {
    await step('sign-in', openSignedIn);
    await step('schedule-new', (page) => newTrigger(page, 'NightlyLoad'));

    await step('schedule-form', async (page) => {
      const form = page.getByRole('region', { name: 'Form' });
      expect(await form.getByLabel('Trigger type', { exact: true }).inputValue()).toBe('ScheduleTrigger');
      await form.getByLabel('Frequency', { exact: true }).selectOption('Day');
      await form.getByLabel('Start', { exact: true }).fill('2024-01-01T00:00:00');
      await form.getByLabel('Time zone', { exact: true }).fill('W. Europe Standard Time');
      await form.getByRole('button', { name: 'Hours: 8:00' }).click();
      await form.getByRole('button', { name: 'Minutes: minute 30' }).click();
      expect(await form.getByRole('button', { name: 'Hours: 8:00' }).getAttribute('aria-pressed')).toBe('true');
      await form.getByText('At 08:30.').waitFor();
      await form.getByRole('button', { name: '+ Add pipeline' }).click();
      await form.getByLabel('Pipeline 1 name', { exact: true }).selectOption('DailyLoad');
      // The pipeline's declared parameter gets a row, edited as dynamic content.
      await form.getByLabel('day', { exact: true }).fill("@formatDateTime(trigger().scheduledTime, 'yyyy-MM-dd')");
      // The next fire times, computed by the engine's arithmetic in the page: 08:30 in the trigger's zone.
      const times = page.getByRole('list', { name: 'Next fire times' }).getByRole('listitem');
      await expect.poll(() => times.count()).toBe(5);
      for (const text of await times.allTextContents()) expect(text).toMatch(/ 08:30 \(W\. Europe Standard Time\)/);
      const firstDay = (await times.first().textContent())!.slice(0, 10);
      await page.getByRole('region', { name: 'Preview and JSON' }).getByText(`"${firstDay}"`).waitFor();
    });

    await step('schedule-server-problem', async (page) => {
      const form = page.getByRole('region', { name: 'Form' });
      await form.getByLabel('Every', { exact: true }).fill('0');
      await page.getByRole('toolbar', { name: 'Trigger actions' }).getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'Save:' }).waitFor();
      // The server's problem is drawn under the field its pointer names.
      const field = form.locator('.field-invalid[data-pointer="/recurrence/interval"]');
      await field.waitFor();
      expect(await form.getByLabel('Every', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      expect(await field.locator('.field-problems').textContent()).toMatch(/SCHEMA_VIOLATION.*must be >= 1/);
      expect(await studio.engine.factory.find('trigger', 'NightlyLoad')).toBeUndefined();
      studio.pageErrors.length = 0; // the refused save's 400, on purpose
    });

    await step('schedule-save-start', async (page) => {
      const form = page.getByRole('region', { name: 'Form' });
      await form.getByLabel('Every', { exact: true }).fill('1');
      const toolbar = page.getByRole('toolbar', { name: 'Trigger actions' });
      expect(await toolbar.getByRole('button', { name: '▶ Start' }).isDisabled()).toBe(true); // not saved yet
      await toolbar.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Save: done.').waitFor();
      const saved = await studio.engine.factory.get('trigger', 'NightlyLoad');
      expect(saved.properties).toMatchObject({
        type: 'ScheduleTrigger',
        typeProperties: { recurrence: { frequency: 'Day', interval: 1, startTime: '2024-01-01T00:00:00', timeZone: 'W. Europe Standard Time', schedule: { hours: [8], minutes: [30] } } },
        pipelines: [{ pipelineReference: { referenceName: 'DailyLoad' }, parameters: { day: "@formatDateTime(trigger().scheduledTime, 'yyyy-MM-dd')" } }],
      });
      await expect.poll(() => page.getByTestId('trigger-state').textContent()).toContain('Stopped');
      await toolbar.getByRole('button', { name: '▶ Start' }).click();
      await expect.poll(() => page.getByTestId('trigger-state').textContent()).toContain('Started');
      expect((await new TriggerAdmin(studio.engine).status('NightlyLoad')).runtimeState).toBe('Started');
      expect(await toolbar.getByRole('button', { name: '■ Stop' }).isEnabled()).toBe(true);
      // The state is the server's: reopening the trigger shows it again.
      await page.reload();
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'NightlyLoad' }).click();
      await expect.poll(() => page.getByTestId('trigger-state').textContent()).toContain('Started');
    });

    await step('publish-checks-dependents', async (page) => {
      // A required parameter the trigger does not pass: valid on its own, Publish refuses it for the trigger's sake.
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'DailyLoad' }).click();
      const toolbar = page.getByRole('toolbar', { name: 'Pipeline actions' });
      await toolbar.getByRole('button', { name: '{ } JSON' }).click();
      const json = page.getByLabel('Pipeline JSON');
      const doc = JSON.parse(await json.inputValue()) as { properties: { parameters: Record<string, unknown> } };
      doc.properties.parameters.region = { type: 'String' };
      await json.fill(JSON.stringify(doc, null, 2));
      await toolbar.getByRole('button', { name: 'Publish', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: "Not published: 1 error(s), in trigger 'NightlyLoad'." }).waitFor();
      await page.getByRole('region', { name: 'Validation problems' }).getByRole('listitem').filter({ hasText: /REQUIRED_PARAMETER_MISSING.*In trigger 'NightlyLoad' at \/properties\/pipelines\/0/ }).waitFor();
      expect((await studio.engine.factory.get('pipeline', 'DailyLoad')).properties.parameters).not.toHaveProperty('region');
      // With a default, nothing breaks: Publish saves.
      doc.properties.parameters.region = { type: 'String', defaultValue: 'eu' };
      await json.fill(JSON.stringify(doc, null, 2));
      await toolbar.getByRole('button', { name: 'Publish', exact: true }).click();
      await page.getByText('Published DailyLoad: saved; it and everything that uses it are valid.').waitFor();
      expect((await studio.engine.factory.get('pipeline', 'DailyLoad')).properties.parameters).toHaveProperty('region', { type: 'String', defaultValue: 'eu' });
    });
  }, 180_000);

  it('backfills a tumbling window trigger started in the past; Monitor → Trigger runs shows its windows and runs, and reruns one', async () => {
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const start = iso(minute - 3 * 60_000);
    const end = iso(minute);
    await step('window-new', (page) => newTrigger(page, 'WindowFeed'));

    await step('window-form', async (page) => {
      const form = page.getByRole('region', { name: 'Form' });
      await form.getByLabel('Trigger type', { exact: true }).selectOption('TumblingWindowTrigger');
      await form.getByLabel('Frequency', { exact: true }).selectOption('Minute');
      await form.getByLabel('Every', { exact: true }).fill('1');
      await form.getByLabel('Start', { exact: true }).fill(start);
      await form.getByLabel('End', { exact: true }).fill(end);
      await form.getByLabel('Max concurrency', { exact: true }).fill('2');
      await form.getByRole('button', { name: '+ Add pipeline' }).click();
      await form.getByLabel('Pipeline 1 name', { exact: true }).selectOption('WindowLoad');
      await form.getByLabel('Insert a trigger value into from').selectOption('@trigger().outputs.windowStartTime');
      await form.getByLabel('Insert a trigger value into to').selectOption('@trigger().outputs.windowEndTime');
      expect(await form.getByLabel('from', { exact: true }).inputValue()).toBe('@trigger().outputs.windowStartTime');
      await expect.poll(() => page.getByTestId('backfill').textContent()).toContain('3 past windows will backfill');
      const toolbar = page.getByRole('toolbar', { name: 'Trigger actions' });
      await toolbar.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Save: done.').waitFor();
      await toolbar.getByRole('button', { name: '▶ Start' }).click();
      await expect.poll(() => page.getByTestId('trigger-state').textContent()).toContain('Started');
      expect((await studio.engine.factory.get('trigger', 'WindowFeed')).properties).toMatchObject({
        type: 'TumblingWindowTrigger',
        typeProperties: { frequency: 'Minute', interval: 1, startTime: start, endTime: end, maxConcurrency: 2 },
        pipeline: { pipelineReference: { referenceName: 'WindowLoad' }, parameters: { from: '@trigger().outputs.windowStartTime', to: '@trigger().outputs.windowEndTime' } },
      });
    });

    // A trigger service, as `sluice triggers` runs it, on the studio's Redis and prefix.
    const admin = new TriggerAdmin(studio.engine);
    triggers = await startTriggerService({ engine: studio.engine, pollMs: 200, reloadMs: 60_000, only: ['WindowFeed'], log: (level, message) => { if (level === 'error') serviceErrors.push(message); } });
    await expect.poll(async () => (await admin.windows('WindowFeed')).map((w) => w.status).join(','), { timeout: 60_000, interval: 250 }).toBe('Succeeded,Succeeded,Succeeded');

    await step('monitor-trigger-runs', async (page) => {
      await page.getByRole('navigation', { name: 'Studio' }).getByRole('button', { name: 'Monitor' }).click();
      await page.getByRole('tab', { name: 'Trigger runs' }).click();
      await page.getByRole('heading', { name: 'Trigger runs' }).waitFor();
      await page.getByRole('tabpanel').getByRole('combobox', { name: /^Trigger/ }).selectOption('WindowFeed');
      const windows = page.getByRole('table', { name: 'Windows of WindowFeed' });
      await expect.poll(() => windows.locator('tbody tr').count()).toBe(3);
      expect(await windows.locator('tbody tr').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Succeeded')]));
      expect((await windows.locator('tbody tr').first().textContent())).toContain(new Date(minute - 60_000).toISOString());
      const runs = page.getByRole('table', { name: 'Trigger runs' });
      await expect.poll(() => runs.locator('tbody tr').count()).toBe(3);
      expect(await runs.locator('tbody tr').first().textContent()).toContain('window ');
      // A trigger run's pipeline run opens in the run view.
      await runs.getByRole('button', { name: /^Open run .* of WindowLoad$/ }).first().click();
      await page.getByRole('heading', { name: /WindowLoad/ }).waitFor();
      await expect.poll(() => page.getByRole('heading', { name: /WindowLoad/ }).textContent()).toContain('Succeeded');
      await page.getByRole('button', { name: '‹ All pipeline runs' }).click();
      // Back on the same tab.
      expect(await page.getByRole('tab', { name: 'Trigger runs' }).getAttribute('aria-selected')).toBe('true');
    });

    await step('rerun-window', async (page) => {
      await page.getByRole('tabpanel').getByRole('combobox', { name: /^Trigger/ }).selectOption('WindowFeed');
      const oldest = new Date(minute - 3 * 60_000).toISOString();
      await page.getByRole('button', { name: `Rerun window ${oldest}` }).click();
      await page.getByRole('status').filter({ hasText: `The window ${oldest} of WindowFeed` }).waitFor();
      // The service runs it again: the window gets a second run and succeeds.
      const row = page.getByRole('table', { name: 'Windows of WindowFeed' }).locator('tbody tr').filter({ hasText: oldest });
      await expect.poll(async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return `${await row.getByRole('button', { name: /^Open run / }).count()} ${(await row.textContent())?.includes('Succeeded')}`;
      }, { timeout: 60_000, interval: 500 }).toBe('2 true');
    });
  }, 240_000);

  it('shows a registered model with its versions, metrics and training run in Monitor → Models', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ x: i % 40, colour: i % 3 === 0 ? 'red' : 'blue', label: i % 40 > 20 ? 'high' : 'low' }));
    const trained = trainModel(rows, { task: 'binaryClassification', target: 'label', algorithm: 'logisticRegression' });
    const { runs } = await studio.engine.queries.listRuns({ pipelineName: 'WindowLoad', limit: 1 });
    const runId = runs[0]!.runId;
    const registered = await studio.engine.models.recordTraining(
      { experiment: 'levels', startedAt: new Date().toISOString(), durationMs: 12, algorithm: 'logisticRegression', task: 'binaryClassification', params: {}, metrics: trained.metrics, lineage: { dataset: 'Levels', rows: 200, runId, pipelineName: 'WindowLoad', activityName: 'Train' } },
      { name: 'levels', artifact: JSON.stringify(trained.artifact), featureSchema: trained.artifact.featureSchema },
    );
    await studio.engine.models.setStage('levels', registered.model!.version, 'production');

    await step('models', async (page) => {
      await page.getByRole('navigation', { name: 'Studio' }).getByRole('button', { name: 'Author' }).click();
      await page.getByRole('navigation', { name: 'Studio' }).getByRole('button', { name: 'Monitor' }).click();
      await page.getByRole('tab', { name: 'Models' }).click();
      const versions = page.getByRole('table', { name: 'Versions of levels' });
      await versions.waitFor();
      expect(await versions.locator('tbody tr').first().textContent()).toContain('production');
      const metrics = page.getByRole('table', { name: 'Metrics of levels version 1' });
      const accuracy = Number(await metrics.getByRole('row', { name: /accuracy/ }).locator('td').textContent());
      expect(accuracy).toBeCloseTo(trained.metrics.accuracy as number, 3);
      await page.getByText('Levels, 200 rows').waitFor();
      await page.getByRole('button', { name: `Open training pipeline run ${runId}` }).click();
      await page.getByTestId('run-id').filter({ hasText: runId }).waitFor();
    });

    await step('model-stage', async (page) => {
      // A second version, promoted from the table: the registry archives the one in production.
      const second = await studio.engine.models.recordTraining(
        { experiment: 'levels', startedAt: new Date().toISOString(), durationMs: 9, algorithm: 'logisticRegression', task: 'binaryClassification', params: {}, metrics: trained.metrics, lineage: { dataset: 'Levels', rows: 200, runId, pipelineName: 'WindowLoad', activityName: 'Train' } },
        { name: 'levels', artifact: JSON.stringify(trained.artifact), featureSchema: trained.artifact.featureSchema },
      );
      const version = second.model!.version;
      await page.getByRole('button', { name: '‹ All pipeline runs' }).click();
      await page.getByRole('tab', { name: 'Models' }).click();
      await page.getByRole('toolbar', { name: 'Models actions' }).getByRole('button', { name: 'Refresh' }).click();
      const stage = page.getByRole('combobox', { name: `Stage of levels version ${version}` });
      await stage.selectOption('production');
      await expect.poll(() => page.getByRole('combobox', { name: 'Stage of levels version 1' }).inputValue()).toBe('archived');
      expect(await stage.inputValue()).toBe('production');
      expect((await studio.engine.models.getVersion('levels', { version })).stage).toBe('production');
    });
  }, 120_000);
});
