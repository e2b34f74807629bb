/**
 * End to end, in Debian's Chromium against the real API, engine and worker on Redis (nothing mocked): the
 * factory's global parameters, from the Manage view. Two are added through the page's table with the keyboard
 * and the type select, saved, and read back through the API; a value that is not of its type is refused by
 * the server and shown on its field; a save conflicting with another through the API is resolved by the
 * user; leaving unsaved work asks first; and a pipeline's expression editor completes
 * `pipeline().globalParameters.` with the stored names and previews the value a run would read.
 * A failing step keeps a screenshot in test/designer/screenshots/.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, signIn, stepRunner } from './page-helpers.js';
import { CHROMIUM, startStudio, type Studio } from './studio.js';

let studio: Studio;

/** Runs a step; on failure keeps a screenshot named after it before rethrowing. */
const step = stepRunner(() => studio, { prefix: 'globals-' });

describe.skipIf(!existsSync(CHROMIUM))('global parameters end to end (Chromium, API, worker, Redis)', () => {
  beforeAll(async () => {
    studio = await startStudio();
    // A pipeline to write an expression in.
    const put = await callApi(studio, 'PUT', '/api/pipelines/UsesGlobals', { properties: { activities: [{ name: 'Wait1', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] } });
    expect(put.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await studio?.close();
  });

  it('adds and saves global parameters, shows a server type error on its field, and completes them in expressions', async () => {
    const value = (name: string) => studio.page.getByLabel(`Global parameter ${name} value`, { exact: true });
    const save = () => studio.page.getByRole('toolbar', { name: 'Global parameter actions' }).getByRole('button', { name: 'Save' }).click();
    const stored = async (): Promise<unknown> => (await callApi(studio, 'GET', '/api/globalparameters')).body;

    await step('open', async (page) => {
      await signIn(page, studio);
      await page.getByRole('navigation', { name: 'Studio' }).getByRole('button', { name: 'Manage' }).click();
      await page.getByRole('heading', { name: 'Global parameters' }).waitFor();
      await page.getByText('No global parameters yet.').waitFor();
    });

    await step('add', async (page) => {
      const add = page.getByRole('button', { name: '+ New global parameter' });
      await add.click();
      // The new row's name has the focus, selected: typing replaces it.
      await page.keyboard.type('region');
      await value('region').fill('westeurope');
      await add.click();
      await page.keyboard.type('batchSize');
      await page.getByLabel('Global parameter batchSize type', { exact: true }).selectOption('Int');
      await value('batchSize').fill('500');
      await page.getByText('● unsaved').waitFor();
    });

    await step('save', async (page) => {
      await save();
      await page.getByText('Saved global parameters.').waitFor();
      expect(await stored()).toEqual({ globalParameters: { region: { type: 'String', value: 'westeurope' }, batchSize: { type: 'Int', value: 500 } } });
      expect(await page.getByText('● unsaved').count()).toBe(0);
    });

    await step('type-error', async (page) => {
      // Not an Int: the page sends it as typed and the server says why, on the field (Ctrl+S from inside it).
      await value('batchSize').fill('many');
      await value('batchSize').press('Control+s');
      await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
      await expect.poll(() => value('batchSize').getAttribute('aria-invalid')).toBe('true');
      const describedBy = await value('batchSize').getAttribute('aria-describedby');
      expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('PARAMETER_TYPE_MISMATCH');
      expect(await value('region').getAttribute('aria-invalid')).toBeNull();
      expect((await stored()) as object).toMatchObject({ globalParameters: { batchSize: { type: 'Int', value: 500 } } });
      studio.pageErrors.length = 0; // the refused save's 400, on purpose
    });

    await step('conflict', async (page) => {
      await value('batchSize').fill('250');
      // Someone else saves first, through the API, with the ETag they read.
      const read = await callApi(studio, 'GET', '/api/globalparameters');
      const theirs = { ...read.body.globalParameters, owner: { type: 'String', value: 'theirs' } };
      expect((await callApi(studio, 'PUT', '/api/globalparameters', { globalParameters: theirs }, { 'if-match': read.headers.get('etag') ?? '' })).status).toBe(200);
      await save();
      const dialog = page.getByRole('alertdialog', { name: 'Someone else saved global parameters' });
      await dialog.getByRole('button', { name: 'Overwrite with my version' }).click();
      await page.getByText('Saved global parameters.').waitFor();
      expect(await stored()).toEqual({ globalParameters: { region: { type: 'String', value: 'westeurope' }, batchSize: { type: 'Int', value: 250 } } });
      expect(await value('batchSize').getAttribute('aria-invalid')).toBeNull();
      studio.pageErrors.length = 0; // the refused save's 412, on purpose
    });

    await step('unsaved-guard', async (page) => {
      await value('region').fill('northeurope');
      let asked = '';
      page.once('dialog', (d) => {
        asked = d.message();
        void d.dismiss();
      });
      await page.getByRole('navigation', { name: 'Studio' }).getByRole('button', { name: 'Author' }).click();
      expect(asked).toContain('unsaved changes');
      expect(await value('region').inputValue()).toBe('northeurope');
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('navigation', { name: 'Studio' }).getByRole('button', { name: 'Author' }).click();
      await page.getByRole('navigation', { name: 'Factory resources' }).waitFor();
      expect(await stored()).toMatchObject({ globalParameters: { region: { value: 'westeurope' } } });
    });

    await step('completion', async (page) => {
      await page.getByRole('navigation', { name: 'Factory resources' }).getByRole('button', { name: 'UsesGlobals' }).click();
      await page.getByTestId('node-Wait1').click();
      const properties = page.locator('section.properties');
      await properties.getByRole('tab', { name: 'Settings' }).click();
      await properties.getByRole('button', { name: 'Wait time (seconds): use dynamic content' }).click();
      const box = properties.getByLabel('Wait time (seconds)', { exact: true });
      await box.fill('@pipeline().globalParameters.');
      await box.press('Control+Space');
      const options = page.getByRole('listbox', { name: 'Completions' }).getByRole('option');
      await expect.poll(() => options.allTextContents()).toEqual([expect.stringContaining('region'), expect.stringContaining('batchSize')]);
      await page.keyboard.type('b');
      await expect.poll(() => options.allTextContents()).toEqual([expect.stringContaining('batchSize')]);
      await box.press('Enter');
      expect(await box.inputValue()).toBe('@pipeline().globalParameters.batchSize');
      // The preview reads the stored value, as a run started now would.
      await properties.getByRole('button', { name: 'Preview value' }).click();
      await expect.poll(() => properties.locator('output').textContent()).toContain('250');
    });
  }, 180_000);
});
