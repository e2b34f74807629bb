/**
 * End to end, in Debian's Chromium against the real API, engine and worker on Redis (nothing mocked):
 * 1. sign in; build a pipeline by drag and drop (Wait, then Set variable on success and Fail on failure), fill its
 *    settings, see a server validation problem on its node and field, fix it, validate, save, debug-run it and watch
 *    the nodes turn green, read an activity's output, open the monitor (list, Gantt) and rerun it, whole and from
 *    an activity;
 * 2. a ForEach edited on its own canvas (breadcrumb), expression completion, copy/paste/undo/redo/delete, the
 *    unsaved-change guard, a 412 conflict resolved by the user, versions, debug with parameters from the prompt,
 *    Trigger now, Add trigger;
 * 3. a linked service and a dataset from their forms, test connection, preview rows;
 * 4. a 200-activity pipeline opened and panned (its times are printed, not asserted).
 * A failing step keeps a screenshot in test/designer/screenshots/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dragBetween, signIn, stepRunner } from './page-helpers.js';
import { CHROMIUM, startStudio, type Studio } from './studio.js';

const DOC_IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));

let studio: Studio;

/** README screenshots are written when missing, or refreshed with SLUICE_DOC_IMAGES=1 (so test runs leave git clean). */
async function docImage(page: Page, name: string): Promise<void> {
  const file = `${DOC_IMAGES}${name}.png`;
  if (existsSync(file) && process.env.SLUICE_DOC_IMAGES !== '1') return;
  mkdirSync(DOC_IMAGES, { recursive: true });
  await page.screenshot({ path: file });
}

/** Runs a step; on failure keeps a screenshot named after the test before rethrowing. */
const step = stepRunner(() => studio);

/** Opens the studio signed in (the first test signs in through the form; the others start from here). */
const openSignedIn = (page: Page): Promise<void> => signIn(page, studio);

const node = (page: Page, name: string): Locator => page.getByTestId(`node-${name}`);
const properties = (page: Page): Locator => page.locator('section.properties');

describe.skipIf(!existsSync(CHROMIUM))('designer end to end (Chromium, API, worker, Redis)', () => {
  beforeAll(async () => {
    studio = await startStudio();
  }, 120_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('builds, validates, saves, debugs, monitors and reruns a pipeline without writing JSON', async () => {
    await step('sign-in', async (page) => {
      await page.goto(studio.base);
      await page.getByLabel('API key').fill('sk_not_a_key');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
      studio.pageErrors.length = 0; // the refused key's 401, on purpose
      await page.getByLabel('API key').fill(studio.key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation', { name: 'Factory resources' }).waitFor();
    });

    await step('create', async (page) => {
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'New pipeline' }).click();
      await page.getByLabel('Name').fill('HelloStudio');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('toolbar', { name: 'Pipeline actions' }).waitFor();
    });

    await step('drag-activities', async (page) => {
      const canvas = page.getByTestId('canvas');
      await page.getByTestId('palette-Wait').dragTo(canvas, { targetPosition: { x: 120, y: 160 } });
      await node(page, 'Wait1').waitFor();
      await properties(page).getByLabel('Wait time (seconds)', { exact: true }).fill('1');

      await page.getByTestId('palette-SetVariable').dragTo(canvas, { targetPosition: { x: 520, y: 60 } });
      await node(page, 'SetVariable1').waitFor();
      await properties(page).getByLabel('Name', { exact: true }).fill('greeting');
      await properties(page).getByLabel('Value', { exact: true }).fill('hello from the studio');

      await page.getByTestId('palette-Fail').dragTo(canvas, { targetPosition: { x: 520, y: 300 } });
      await node(page, 'Fail1').waitFor();
      await properties(page).getByLabel('Fail message', { exact: true }).fill('The wait failed');
      await properties(page).getByLabel('Error code', { exact: true }).fill('WAIT_FAILED');
    });

    await step('connect', async (page) => {
      await dragBetween(page, node(page, 'Wait1').locator('.handle-succeeded'), node(page, 'SetVariable1').locator('.react-flow__handle-left'));
      await page.getByTestId('edge-Wait1->SetVariable1').waitFor();
      await dragBetween(page, node(page, 'Wait1').locator('.handle-failed'), node(page, 'Fail1').locator('.react-flow__handle-left'));
      await page.getByTestId('edge-Wait1->Fail1').waitFor();
      // Colour is not the only signal: each edge names its condition.
      expect(await page.getByTestId('edge-Wait1->SetVariable1').textContent()).toContain('Succeeded');
      expect(await page.getByTestId('edge-Wait1->Fail1').textContent()).toContain('Failed');
      // The JSON view shows what the canvas built.
      await page.getByRole('button', { name: '{ } JSON' }).click();
      const json = JSON.parse(await page.getByLabel('Pipeline JSON').inputValue()) as { properties: { activities: Array<{ name: string; dependsOn: unknown[] }> } };
      expect(json.properties.activities.find((a) => a.name === 'Fail1')?.dependsOn).toEqual([{ activity: 'Wait1', dependencyConditions: ['Failed'] }]);
      await page.getByRole('button', { name: '{ } JSON' }).click();
    });

    await step('validate-problem', async (page) => {
      // The variable is not declared yet: the server says so, on the node and on the field.
      await page.getByRole('button', { name: 'Validate', exact: true }).click();
      await page.getByRole('region', { name: 'Validation problems' }).getByText('VARIABLE_NOT_FOUND').waitFor();
      await expect.poll(() => node(page, 'SetVariable1').getAttribute('aria-label')).toContain('problem');
      await node(page, 'SetVariable1').click();
      await properties(page).getByRole('tab', { name: 'Settings' }).click();
      await properties(page).locator('.field-invalid').getByText('VARIABLE_NOT_FOUND').waitFor();
    });

    await step('declare-variable', async (page) => {
      await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
      await properties(page).getByRole('tab', { name: 'Variables' }).click();
      await properties(page).getByRole('button', { name: '+ New variable' }).click();
      const nameInput = properties(page).getByLabel('Variable 1 name');
      await nameInput.fill('greeting');
      await nameInput.blur();
      await page.getByRole('button', { name: 'Validate', exact: true }).click();
      await page.getByText('No errors were found').waitFor();
    });

    await step('save', async (page) => {
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved HelloStudio.').waitFor();
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'HelloStudio' }).waitFor();
      const stored = await studio.engine.factory.get('pipeline', 'HelloStudio');
      const acts = stored.properties.activities as Array<{ name: string; type: string; dependsOn?: unknown; typeProperties?: unknown }>;
      expect(acts.map((a) => `${a.name}:${a.type}`).sort()).toEqual(['Fail1:Fail', 'SetVariable1:SetVariable', 'Wait1:Wait']);
      expect(acts.find((a) => a.name === 'SetVariable1')).toMatchObject({
        dependsOn: [{ activity: 'Wait1', dependencyConditions: ['Succeeded'] }],
        typeProperties: { variableName: 'greeting', value: 'hello from the studio' },
      });
      expect(acts.find((a) => a.name === 'Wait1')?.typeProperties).toEqual({ waitTimeInSeconds: 1 });
    });

    const runId = await step('debug', async (page) => {
      await page.getByRole('button', { name: 'Debug', exact: true }).click();
      await page.locator('[data-testid="node-Wait1"][data-status="InProgress"], [data-testid="node-Wait1"][data-status="Succeeded"]').waitFor({ timeout: 20_000 });
      await page.locator('[data-testid="node-SetVariable1"][data-status="Succeeded"]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="node-Wait1"][data-status="Succeeded"]').waitFor();
      await page.locator('.debug-bar').getByText('Succeeded').waitFor();
      const id = (await page.locator('.debug-bar code').textContent()) ?? '';
      expect((await studio.engine.getRun(id)).status).toBe('Succeeded');
      await node(page, 'SetVariable1').click();
      await properties(page).getByRole('tab', { name: 'Output' }).click();
      await expect.poll(() => properties(page).getByTestId('activity-output').textContent()).toContain('hello from the studio');
      await page.getByRole('button', { name: 'Auto layout' }).click();
      await docImage(page, 'designer');
      return id;
    });

    await step('monitor', async (page) => {
      await page.locator('.debug-bar').getByRole('button', { name: 'Open in monitor' }).click();
      await expect.poll(() => page.getByTestId('run-id').textContent()).toBe(runId);
      await page.getByRole('table', { name: 'Activity runs' }).getByRole('button', { name: 'SetVariable1', exact: true }).click();
      await expect.poll(() => page.getByRole('region', { name: 'Details of SetVariable1' }).getByTestId('activity-output').textContent()).toContain('hello from the studio');
      await page.getByRole('button', { name: 'Gantt' }).click();
      await page.getByRole('figure', { name: 'Gantt chart of activity runs' }).getByRole('button', { name: /SetVariable1: Succeeded/ }).waitFor();
      await docImage(page, 'monitor');
      await page.getByRole('button', { name: 'Rerun', exact: true }).click();
      await expect.poll(() => page.getByTestId('run-id').textContent()).not.toBe(runId);
      const rerunId = (await page.getByTestId('run-id').textContent()) ?? '';
      await page.getByRole('heading', { name: /HelloStudio/ }).getByText('Succeeded').waitFor({ timeout: 30_000 });
      const rerun = await studio.engine.getRun(rerunId);
      expect(rerun.status).toBe('Succeeded');
      expect(rerun.runGroupId).toBe((await studio.engine.getRun(runId)).runGroupId);
      // And from one activity: the new run starts there.
      await page.getByRole('button', { name: 'List', exact: true }).click();
      await page.getByRole('button', { name: 'Rerun from SetVariable1' }).click();
      await expect.poll(() => page.getByTestId('run-id').textContent()).not.toBe(rerunId);
      await page.getByRole('heading', { name: /HelloStudio/ }).getByText('Succeeded').waitFor({ timeout: 30_000 });
      const fromActivityId = (await page.getByTestId('run-id').textContent()) ?? '';
      expect((await studio.engine.getRun(fromActivityId)).status).toBe('Succeeded');
      await page.getByRole('button', { name: '‹ All pipeline runs' }).click();
      await expect.poll(() => page.getByRole('button', { name: /Open run .* of HelloStudio/ }).count()).toBe(3);
    });
  }, 180_000);

  it('edits containers on their own canvas, copies, undoes, guards unsaved work and resolves a save conflict', async () => {
    await step('containers', async (page) => {
      await openSignedIn(page);
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'New pipeline' }).click();
      await page.getByLabel('Name').fill('Loops');
      await page.getByRole('button', { name: 'Create' }).click();
      // A parameter, asked for when the pipeline is debugged.
      await properties(page).getByRole('tab', { name: 'Parameters' }).click();
      await properties(page).getByRole('button', { name: '+ New parameter' }).click();
      const paramName = properties(page).getByLabel('Parameter 1 name');
      await paramName.fill('count');
      await paramName.blur();
      await properties(page).getByLabel('Parameter count type').selectOption('Int');
      await properties(page).getByLabel('Parameter count default value').fill('3');
      await page.getByTestId('palette-ForEach').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 200, y: 150 } });
      await node(page, 'ForEach1').waitFor();
      await properties(page).getByRole('tab', { name: 'Settings' }).click();
      // The items expression, with completion from the engine's function registry.
      const items = properties(page).getByLabel('Items', { exact: true });
      await items.fill('@createA');
      await page.getByRole('listbox', { name: 'Completions' }).getByRole('option', { name: /createArray/ }).click();
      expect(await items.inputValue()).toBe('@createArray(');
      await items.fill('@range(1, pipeline().parameters.count)');
      await node(page, 'ForEach1').getByRole('button', { name: 'Open inner activities of ForEach1 (0)' }).click();
      await page.getByRole('navigation', { name: 'Canvas level' }).getByText('ForEach1 › activities').waitFor();
      await page.getByTestId('palette-Wait').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 200, y: 150 } });
      await node(page, 'Wait1').waitFor();
      await properties(page).getByLabel('Wait time (seconds)', { exact: true }).fill('0');
      await page.getByRole('navigation', { name: 'Canvas level' }).getByRole('button', { name: 'Loops' }).click();
      await node(page, 'ForEach1').getByRole('button', { name: 'Open inner activities of ForEach1 (1)' }).waitFor();
    });

    await step('copy-undo', async (page) => {
      await node(page, 'ForEach1').click();
      await page.keyboard.press('Control+c');
      await page.keyboard.press('Control+v');
      await node(page, 'ForEach2').waitFor();
      // The pasted container's inner activity got a fresh name too.
      await page.getByRole('button', { name: '{ } JSON' }).click();
      const json = JSON.parse(await page.getByLabel('Pipeline JSON').inputValue()) as { properties: { activities: Array<{ name: string; typeProperties: { activities: Array<{ name: string }> } }> } };
      expect(json.properties.activities.map((a) => [a.name, a.typeProperties.activities.map((i) => i.name)])).toEqual([['ForEach1', ['Wait1']], ['ForEach2', ['Wait2']]]);
      await page.getByRole('button', { name: '{ } JSON' }).click();
      await node(page, 'ForEach2').click();
      await page.keyboard.press('Control+z');
      await node(page, 'ForEach2').waitFor({ state: 'detached' });
      await page.keyboard.press('Control+y');
      await node(page, 'ForEach2').waitFor();
      await node(page, 'ForEach2').click();
      await page.keyboard.press('Delete');
      await node(page, 'ForEach2').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Auto layout' }).click();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved Loops.').waitFor();
    });

    await step('unsaved-guard', async (page) => {
      await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
      await properties(page).getByRole('tab', { name: 'General' }).click();
      await properties(page).getByLabel('Description').fill('mine');
      await page.getByText('● unsaved').waitFor();
      let asked = '';
      page.once('dialog', (d) => {
        asked = d.message();
        void d.dismiss();
      });
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'New pipeline' }).click();
      expect(asked).toContain('unsaved changes');
      expect(await page.getByRole('dialog', { name: 'New pipeline' }).count()).toBe(0);
      expect(await page.locator('.doc-title').textContent()).toContain('Loops');
    });

    await step('conflict', async (page) => {
      // Someone else saves first, through the API.
      const stored = await studio.engine.factory.get('pipeline', 'Loops');
      const put = await fetch(`${studio.base}/api/pipelines/Loops`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${studio.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...stored, properties: { ...stored.properties, description: 'theirs' } }),
      });
      expect(put.status).toBe(200);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Someone else saved Loops' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Overwrite with my version' }).click();
      await page.getByText('Saved Loops.').waitFor();
      expect((await studio.engine.factory.get('pipeline', 'Loops')).properties.description).toBe('mine');
      studio.pageErrors.length = 0; // the refused save's 412, on purpose
    });

    await step('versions', async (page) => {
      await page.getByRole('button', { name: 'Versions' }).click();
      const panel = page.getByRole('region', { name: 'Versions of Loops' });
      await expect.poll(() => panel.getByRole('listitem').count()).toBe(3);
      await panel.getByRole('button', { name: 'Open version 1 in the editor' }).click();
      await page.getByText('Opened version 1').waitFor();
      expect(await properties(page).getByLabel('Description').inputValue()).toBe('');
      await page.getByRole('button', { name: 'Undo' }).click();
      expect(await properties(page).getByLabel('Description').inputValue()).toBe('mine');
      await panel.getByRole('button', { name: 'Close versions' }).click();
    });

    await step('debug-containers', async (page) => {
      await page.getByRole('button', { name: 'Debug', exact: true }).click();
      const prompt = page.getByRole('dialog', { name: 'Pipeline run parameters' });
      expect(await prompt.getByLabel('count (Int)').inputValue()).toBe('3');
      await prompt.getByLabel('count (Int)').fill('2');
      await prompt.getByRole('button', { name: 'OK' }).click();
      await page.locator('[data-testid="node-ForEach1"][data-status="Succeeded"]').waitFor({ timeout: 30_000 });
      const id = (await page.locator('.debug-bar code').textContent()) ?? '';
      const run = await studio.engine.getRun(id);
      expect(run.parameters).toEqual({ count: 2 });
      expect((await studio.engine.queries.listActivityRuns(id)).filter((r) => r.activityName === 'Wait1')).toHaveLength(2);
      await node(page, 'ForEach1').getByRole('button', { name: 'Open inner activities of ForEach1 (1)' }).click();
      await page.locator('[data-testid="node-Wait1"][data-status="Succeeded"]').waitFor();
      await page.keyboard.press('Escape');
      await node(page, 'ForEach1').waitFor();
    });

    await step('trigger-now', async (page) => {
      await page.getByRole('button', { name: 'Trigger now' }).click();
      await page.getByRole('dialog', { name: 'Pipeline run parameters' }).getByRole('button', { name: 'OK' }).click();
      await page.getByRole('heading', { name: /Loops/ }).getByText('Succeeded').waitFor({ timeout: 30_000 });
      const id = (await page.getByTestId('run-id').textContent()) ?? '';
      expect((await studio.engine.getRun(id)).parameters).toEqual({ count: 3 });
    });

    await step('add-trigger', async (page) => {
      await page.getByRole('navigation', { name: 'Studio' }).getByRole('button', { name: 'Author' }).click();
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'Loops' }).click();
      await page.getByRole('button', { name: 'Add trigger' }).click();
      await page.getByRole('dialog', { name: 'New trigger' }).getByLabel('Name').fill('LoopsDaily');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Save: done.').waitFor();
      const trigger = await studio.engine.factory.get('trigger', 'LoopsDaily');
      expect(trigger.properties).toMatchObject({ type: 'ScheduleTrigger', pipelines: [{ pipelineReference: { referenceName: 'Loops' } }] });
    });
  }, 180_000);

  it('creates a linked service and a dataset from their forms, tests the connection and previews rows', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sluice-designer-files-'));
    writeFileSync(join(root, 'people.csv'), 'name,age\nada,36\ngrace,45\n');
    try {
      await step('linked-service', async (page) => {
        await openSignedIn(page);
        await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'New linked service' }).click();
        await page.getByLabel('Name').fill('LocalFiles');
        await page.getByRole('button', { name: 'Create' }).click();
        await page.getByLabel('Type', { exact: true }).selectOption('LocalFileSystem');
        await page.getByLabel('Root folder', { exact: true }).fill(root);
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.getByText('Save: done.').waitFor();
        await page.getByRole('button', { name: 'Test connection' }).click();
        await page.getByText('Test connection: done.').waitFor();
        expect(await page.getByRole('region', { name: 'Result' }).textContent()).toContain('"ok": true');
      });

      await step('dataset', async (page) => {
        await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'New dataset' }).click();
        await page.getByLabel('Name').fill('People');
        await page.getByRole('button', { name: 'Create' }).click();
        await page.getByLabel('Type', { exact: true }).selectOption('DelimitedText');
        await page.getByLabel('Linked service', { exact: true }).selectOption('LocalFiles');
        await page.getByLabel('Location type', { exact: true }).selectOption('LocalFileSystemLocation');
        await page.getByLabel('File name', { exact: true }).fill('people.csv');
        await page.getByLabel('First row as header', { exact: true }).check();
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.getByText('Save: done.').waitFor();
        await page.getByRole('button', { name: 'Preview data' }).click();
        await page.getByText('Preview data: done.').waitFor();
        const preview = page.getByRole('region', { name: 'Result' }).getByRole('table');
        expect(await preview.getByRole('columnheader').allTextContents()).toEqual(['name', 'age']);
        expect(await preview.getByRole('cell').allTextContents()).toEqual(['"ada"', '"36"', '"grace"', '"45"']);
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('opens and pans a 200-activity pipeline with every node and edge drawn', async () => {
    // 20 chains of 10 Waits: wide and deep enough to exercise layout, edges and the minimap.
    const activities = Array.from({ length: 200 }, (_, i) => ({
      name: `W${i}`,
      type: 'Wait',
      typeProperties: { waitTimeInSeconds: 0 },
      dependsOn: i % 10 === 0 ? [] : [{ activity: `W${i - 1}`, dependencyConditions: ['Succeeded'] }],
    }));
    const put = await fetch(`${studio.base}/api/pipelines/Large`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${studio.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Large', properties: { activities } }),
    });
    expect(put.status).toBe(201);
    await step('large', async (page) => {
      await openSignedIn(page);
      // Timed inside the page, from the click to the frame where every node and edge is drawn.
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'Large' }).waitFor();
      await page.evaluate(() => {
        const w = window as unknown as { drawnAfterMs?: number };
        const button = Array.from(document.querySelectorAll('nav[aria-label="Factory resources"] button')).find((b) => b.textContent === 'Large');
        button?.addEventListener('click', () => {
          const t0 = performance.now();
          const check = (): void => {
            if (document.querySelectorAll('.activity-node').length === 200 && document.querySelectorAll('.react-flow__edge').length === 180) w.drawnAfterMs = Math.round(performance.now() - t0);
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        });
      });
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'Large' }).click();
      const loadMs = await (await page.waitForFunction(() => (window as unknown as { drawnAfterMs?: number }).drawnAfterMs, undefined, { timeout: 30_000 })).jsonValue();
      // Pan across it with the mouse, then zoom to fit again: the canvas stays responsive and complete.
      const pane = await page.locator('.react-flow__pane').boundingBox();
      if (!pane) throw new Error('The canvas pane is not visible.');
      const panStarted = Date.now();
      await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
      await page.mouse.down();
      for (let i = 1; i <= 20; i += 1) await page.mouse.move(pane.x + pane.width / 2 - i * 20, pane.y + pane.height / 2 - i * 5);
      await page.mouse.up();
      const panMs = Date.now() - panStarted;
      await page.getByRole('button', { name: 'Zoom to fit' }).click();
      expect(await page.locator('.activity-node').count()).toBe(200);
      expect(await page.locator('.react-flow__edge').count()).toBe(180);
      console.log(`designer: 200-activity pipeline drawn in ${loadMs} ms; 20-step pan in ${panMs} ms`);
    });
  }, 120_000);
});
