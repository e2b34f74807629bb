/**
 * The browser-side helpers the designer's end-to-end tests share: a step that keeps a screenshot when it fails,
 * a mouse drag between two elements (React Flow's handles need real mouse events), signing in with the
 * studio's key, and a call to the studio's API. Each test file passes its own studio (assigned in its
 * `beforeAll`), so the helpers hold no state of their own.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import type { Studio } from './studio.js';

/** Where a failing step's screenshot goes (git-ignored). */
export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

/** Options of {@link stepRunner}. */
export interface StepOptions {
  /** Put before each screenshot's name (`dataflow-`), so the files of different tests do not collide. */
  prefix?: string;
  /** What a failure adds to its message (the page's errors, a service's log); nothing when it returns undefined. */
  errors?(studio: Studio): string | undefined;
}

/** The page's uncaught and console errors, as a failure's message lists them by default. */
export function pageErrorsText(studio: Studio): string | undefined {
  return studio.pageErrors.length ? `Page errors:\n${studio.pageErrors.join('\n')}` : undefined;
}

/**
 * A `step(name, fn)` for one test file: runs `fn` on the studio's page and, when it throws, keeps a full-page
 * screenshot named after the step and rethrows with what `errors` adds. `studio` is a getter because the
 * file's studio is started in `beforeAll`, after the runner is made.
 */
export function stepRunner(studio: () => Studio, options: StepOptions = {}): <T>(name: string, fn: (page: Page) => Promise<T>) => Promise<T> {
  const errors = options.errors ?? pageErrorsText;
  return async <T>(name: string, fn: (page: Page) => Promise<T>): Promise<T> => {
    const s = studio();
    try {
      return await fn(s.page);
    } catch (e) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await s.page.screenshot({ path: `${SCREENSHOTS}${options.prefix ?? ''}${name}.png`, fullPage: true }).catch(() => undefined);
      const extra = errors(s);
      if (extra) throw new Error(`${(e as Error).message}\n${extra}`, { cause: e });
      throw e;
    }
  };
}

/** Drags from the centre of one element to the centre of another with real mouse events (React Flow handles). */
export async function dragBetween(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('An element to drag between is not visible.');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Opens the studio signed in with its key (set in `sessionStorage`, as the sign-in form does) and waits for the explorer. */
export async function signIn(page: Page, studio: Pick<Studio, 'base' | 'key'>): Promise<void> {
  await page.goto(studio.base);
  await page.evaluate((key) => sessionStorage.setItem('sluice.apiKey', key), studio.key);
  await page.reload();
  await page.getByRole('navigation', { name: 'Factory resources' }).waitFor();
}

/** Calls the studio's API with its admin key; the body is parsed JSON, or undefined when empty. */
export async function callApi(studio: Pick<Studio, 'base' | 'key'>, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
  const res = await fetch(`${studio.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${studio.key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}
