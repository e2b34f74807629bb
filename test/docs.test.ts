import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, defaultFunctions } from '@sluice/engine';
import { renderErrors, renderFunctions } from '../scripts/docs-render.mjs';

// The generated reference pages must match the code (run `pnpm build && pnpm docs:generate` after changing either).
describe('generated docs are in step with the code', () => {
  it('docs/errors.md lists every error code', () => {
    expect(readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')).toBe(renderErrors(ERROR_CODES));
  });

  it('docs/functions.md lists every expression function', () => {
    expect(readFileSync(new URL('../docs/functions.md', import.meta.url), 'utf8')).toBe(renderFunctions(defaultFunctions.list()));
  });
});
