/**
 * Step type → compiler. Every transformation step becomes one or more `CREATE TEMP TABLE … AS SELECT`
 * over its inputs' tables (sources and sinks are handled by the runner, which stages files).
 */
import { compileCast, compileDedupe, compileDerive, compileFilter, compileSelect, compileSort, compileSql, compileSurrogateKey } from './steps/basic.js';
import { compileCleanse } from './steps/cleanse.js';
import { compileExists, compileJoin, compileLookup, compileUnion } from './steps/combine.js';
import type { CompileContext, CompiledStep } from './steps/context.js';
import { compileSplit, compileValidateRules } from './steps/route.js';
import { compileAggregate, compileFlatten, compilePivot, compileUnpivot, compileWindow } from './steps/shape.js';

/** Compiles one transformation step. `tableNames` lists the tables a `sql` step's query reads. */
export function compileStep(ctx: CompileContext, tableNames: readonly string[] = []): CompiledStep {
  switch (ctx.step.type) {
    case 'filter': return compileFilter(ctx);
    case 'derive': return compileDerive(ctx);
    case 'select': return compileSelect(ctx);
    case 'cast': return compileCast(ctx);
    case 'cleanse': return compileCleanse(ctx);
    case 'validate': return compileValidateRules(ctx);
    case 'dedupe': return compileDedupe(ctx);
    case 'join': return compileJoin(ctx);
    case 'exists': return compileExists(ctx, false);
    case 'notExists': return compileExists(ctx, true);
    case 'lookup': return compileLookup(ctx);
    case 'aggregate': return compileAggregate(ctx);
    case 'window': return compileWindow(ctx);
    case 'sort': return compileSort(ctx);
    case 'union': return compileUnion(ctx);
    case 'conditionalSplit': return compileSplit(ctx);
    case 'pivot': return compilePivot(ctx);
    case 'unpivot': return compileUnpivot(ctx);
    case 'flatten': return compileFlatten(ctx);
    case 'surrogateKey': return compileSurrogateKey(ctx);
    case 'sql': return compileSql(ctx, tableNames);
    default: throw new Error(`No compiler for step type '${ctx.step.type}'.`);
  }
}
