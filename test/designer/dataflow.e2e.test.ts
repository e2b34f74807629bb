/**
 * End to end, in Debian's Chromium against the real API, engine and worker on Redis (nothing mocked): a data
 * flow built on the canvas without writing JSON. A LocalFileSystem linked service and two DelimitedText
 * datasets over a CSV in a temporary folder are created through the API; then, in the browser, a new data
 * flow gets a source (palette click), a filter (dragged onto the canvas, connected by dragging from the
 * source's output handle, renamed) and a sink (clicked in after the filter), their settings filled through
 * the forms; the filter's data preview shows the right rows with column types; a preview error lands on the
 * step's node and field; the unsaved-change guard holds; the flow is saved and read back through the API.
 * A failing step keeps a screenshot in test/designer/screenshots/.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, dragBetween, stepRunner } from './page-helpers.js';
import { CHROMIUM, startStudio, type Studio } from './studio.js';

let studio: Studio;
let root: string;

/** Runs a step; on failure keeps a screenshot named after it before rethrowing. */
const step = stepRunner(() => studio, { prefix: 'dataflow-' });

/** Calls the API with the studio's admin key. */
const api = (method: string, path: string, body?: unknown): ReturnType<typeof callApi> => callApi(studio, method, path, body);

const node = (page: Page, name: string): Locator => page.getByTestId(`step-${name}`);
const panel = (page: Page, name: string): Locator => page.getByRole('region', { name: `Step ${name}` });
const settings = async (page: Page, name: string): Promise<Locator> => {
  await panel(page, name).getByRole('tab', { name: 'Settings' }).click();
  return panel(page, name);
};

describe.skipIf(!existsSync(CHROMIUM))('data-flow designer end to end (Chromium, API, worker, Redis)', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'sluice-dataflow-e2e-'));
    writeFileSync(join(root, 'people.csv'), 'name,age\nada,36\ngrace,45\nlinus,12\nalan,41\nkid,9\n');
    studio = await startStudio();
    const ls = { referenceName: 'Files', type: 'LinkedServiceReference' };
    const csv = (fileName: string): object => ({ type: 'DelimitedText', linkedServiceName: ls, typeProperties: { location: { type: 'LocalFileSystemLocation', fileName }, firstRowAsHeader: true } });
    expect((await api('PUT', '/api/linkedservices/Files', { properties: { type: 'LocalFileSystem', typeProperties: { rootPath: root } } })).status).toBe(201);
    expect((await api('PUT', '/api/datasets/People', { properties: csv('people.csv') })).status).toBe(201);
    expect((await api('PUT', '/api/datasets/Adults', { properties: csv('adults.csv') })).status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await studio?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('builds a data flow on the canvas, previews a step, and saves it', async () => {
    await step('open', async (page) => {
      await page.goto(studio.base);
      await page.evaluate((key) => sessionStorage.setItem('sluice.apiKey', key), studio.key);
      await page.reload();
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'New data flow' }).click();
      await page.getByLabel('Name').fill('AdultsFlow');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('toolbar', { name: 'Data flow actions' }).waitFor();
      // The palette comes from GET /api/dataflow-step-types.
      await page.getByRole('navigation', { name: 'Steps' }).getByText('Conditional split').waitFor();
    });

    await step('source', async (page) => {
      await page.getByTestId('step-palette-source').click();
      await node(page, 'source1').waitFor();
      await (await settings(page, 'source1')).getByLabel('Dataset', { exact: true }).selectOption('People');
    });

    await step('filter', async (page) => {
      await page.getByTestId('step-palette-filter').dragTo(page.getByTestId('dataflow-canvas'), { targetPosition: { x: 760, y: 60 } });
      await node(page, 'filter1').waitFor();
      await (await settings(page, 'filter1')).getByLabel('Condition', { exact: true }).fill('age >= 18');
      // Dropped, not clicked in: not connected yet, so the filter lacks its input.
      await page.getByRole('button', { name: 'Validate', exact: true }).click();
      await page.getByRole('region', { name: 'Validation problems' }).getByText("Step 'filter1' (filter) takes 1 input(s), it has 0.").waitFor();
      await expect.poll(() => node(page, 'filter1').getAttribute('data-problems')).not.toBe('0');
    });

    await step('connect', async (page) => {
      await dragBetween(page, node(page, 'source1').locator('.react-flow__handle.step-output'), node(page, 'filter1').locator('.react-flow__handle-left'));
      await page.getByTestId('rf__edge-filter1#0').waitFor();
      await page.getByRole('button', { name: 'Validate', exact: true }).click();
      // Only the missing sink is left.
      await expect.poll(() => page.getByRole('region', { name: 'Validation problems' }).textContent()).toBe('Problems (1)DATAFLOW_INVALID  /properties/typeProperties/steps A data flow needs at least one sink step.');
      await expect.poll(() => node(page, 'filter1').getAttribute('data-problems')).toBe('0');
    });

    await step('rename', async (page) => {
      await node(page, 'filter1').click();
      await panel(page, 'filter1').getByRole('tab', { name: 'General' }).click();
      const name = panel(page, 'filter1').getByLabel('Step name');
      await name.fill('adults');
      await name.press('Enter');
      await node(page, 'adults').waitFor();
      await page.getByTestId('rf__edge-adults#0').waitFor();
    });

    await step('sink', async (page) => {
      // With the filter selected, a click in the palette adds the sink after it, already reading it.
      await page.getByRole('navigation', { name: 'Steps' }).getByText('Click adds after adults').waitFor();
      await page.getByTestId('step-palette-sink').click();
      await node(page, 'sink1').waitFor();
      await page.getByTestId('rf__edge-sink1#0').waitFor();
      const form = await settings(page, 'sink1');
      await form.getByLabel('Dataset', { exact: true }).selectOption('Adults');
      await form.getByLabel('Mode', { exact: true }).selectOption('overwrite');
      await page.getByRole('button', { name: 'Validate', exact: true }).click();
      await page.getByText('No errors were found').waitFor();
    });

    await step('preview', async (page) => {
      await node(page, 'adults').click();
      await panel(page, 'adults').getByRole('tab', { name: 'Data preview' }).click();
      await panel(page, 'adults').getByRole('button', { name: 'Preview data' }).click();
      const table = panel(page, 'adults').getByRole('table', { name: 'Preview of adults' });
      await table.waitFor();
      expect(await panel(page, 'adults').getByTestId('preview-count').textContent()).toContain('3 rows out of adults');
      const headers = await table.getByRole('columnheader').allTextContents();
      expect(headers.map((h) => h.split(' ')[0])).toEqual(['name', 'age']);
      expect(headers.every((h) => /^\w+ [A-Z]+/.test(h))).toBe(true); // each with its DuckDB type
      expect(await table.getByRole('cell').allTextContents()).toEqual(['ada', '36', 'grace', '45', 'alan', '41']);
      // Every step's count is drawn on its node.
      expect(await page.getByTestId('rows-source1').textContent()).toBe('5 rows');
      expect(await page.getByTestId('rows-adults').textContent()).toBe('3 rows');
    });

    await step('preview-error', async (page) => {
      const form = await settings(page, 'adults');
      await form.getByLabel('Condition', { exact: true }).fill('agee >= 18');
      await form.getByRole('tab', { name: 'Data preview' }).click();
      await expect.poll(() => form.textContent()).toContain('changed after this preview');
      await form.getByRole('button', { name: 'Refresh preview' }).click();
      await form.getByRole('alert').getByText(/Preview failed/).waitFor();
      // The server's pointer (/properties/typeProperties/steps/1/condition) lands on the node and the field.
      await expect.poll(() => node(page, 'adults').getAttribute('data-problems')).toBe('1');
      await form.getByRole('tab', { name: 'Settings' }).click();
      await form.locator('.field-invalid').getByText('DATAFLOW_INVALID').waitFor();
      expect(await form.locator('.field-invalid label').textContent()).toBe('Condition');
      await form.getByLabel('Condition', { exact: true }).fill('age >= 18');
      await form.getByRole('tab', { name: 'Data preview' }).click();
      await form.getByRole('button', { name: 'Refresh preview' }).click();
      await form.getByRole('table', { name: 'Preview of adults' }).waitFor();
      await expect.poll(() => node(page, 'adults').getAttribute('data-problems')).toBe('0');
    });

    await step('delete-undo', async (page) => {
      // Added after the selected filter (placed where it hides no step), deleted, then back and gone again.
      await page.getByTestId('step-palette-sort').click();
      await node(page, 'sort1').waitFor();
      await page.getByTestId('rf__edge-sort1#0').waitFor();
      const toolbar = page.getByRole('toolbar', { name: 'Data flow actions' });
      await toolbar.getByRole('button', { name: 'Delete selection' }).click();
      await node(page, 'sort1').waitFor({ state: 'detached' });
      await toolbar.getByRole('button', { name: 'Undo' }).click();
      await page.getByTestId('rf__edge-sort1#0').waitFor();
      await toolbar.getByRole('button', { name: 'Redo' }).click();
      await node(page, 'sort1').waitFor({ state: 'detached' });
      expect(await page.getByTestId('rf__edge-sink1#0').count()).toBe(1); // the sink still reads the filter
    });

    await step('unsaved-guard', async (page) => {
      await page.getByRole('toolbar', { name: 'Data flow actions' }).getByText('● unsaved').waitFor();
      let asked = '';
      page.once('dialog', (d) => {
        asked = d.message();
        void d.dismiss();
      });
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'People' }).click();
      await expect.poll(() => asked).toContain('unsaved changes');
      expect(await node(page, 'adults').isVisible()).toBe(true);
    });

    await step('save', async (page) => {
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved AdultsFlow.').waitFor();
      expect(await page.getByRole('toolbar', { name: 'Data flow actions' }).textContent()).not.toContain('unsaved');
      const stored = await api('GET', '/api/dataflows/AdultsFlow');
      expect(stored.status).toBe(200);
      expect(stored.body.properties.type).toBe('SluiceDataFlow');
      expect(stored.body.properties.typeProperties.steps).toEqual([
        { name: 'source1', type: 'source', dataset: { referenceName: 'People', type: 'DatasetReference' } },
        { name: 'adults', type: 'filter', inputs: ['source1'], condition: 'age >= 18' },
        { name: 'sink1', type: 'sink', inputs: ['adults'], dataset: { referenceName: 'Adults', type: 'DatasetReference' }, mode: 'overwrite' },
      ]);
      // The stored flow runs as the editor previewed it.
      const preview = await api('POST', '/api/dataflows/AdultsFlow/preview?rows=10', {});
      expect(preview.body.steps.map((s: { name: string; rows: number }) => [s.name, s.rows])).toEqual([['source1', 5], ['adults', 3], ['sink1', 3]]);
    });

    await step('reopen', async (page) => {
      // Opened again from the explorer, the saved flow is drawn with its edges (no JSON written by hand).
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'People' }).click();
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'AdultsFlow' }).click();
      await page.getByTestId('rf__edge-sink1#0').waitFor();
      await node(page, 'source1').waitFor();
    });
  }, 180_000);
});
