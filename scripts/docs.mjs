// Writes the generated reference pages (run after `pnpm build`): `pnpm docs:generate`.
import { writeFileSync } from 'node:fs';
import { ERROR_CODES, defaultFunctions } from '@sluice/engine';
import { renderErrors, renderFunctions } from './docs-render.mjs';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrors(ERROR_CODES));
writeFileSync(new URL('../docs/functions.md', import.meta.url), renderFunctions(defaultFunctions.list()));
console.log('docs/errors.md and docs/functions.md written');
