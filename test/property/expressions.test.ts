import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SluiceError, defaultFunctions, evaluate, parseExpression, parseTemplate } from '@sluice/engine';

// Property-based tests of ADF's expression language (fast-check, fixed seed): whatever text a user types, the
// parser and evaluator answer or raise a SluiceError with an EXPRESSION_ code and a position inside the text.
// Never a TypeError or RangeError (a stack overflow on deep nesting), never a hang.
const SEED = 20261124;
const names = defaultFunctions.list().map((f) => f.name);
const context = {
  pipeline: { parameters: { p: 1, s: 'text', o: { a: [1, 2, { b: 'c' }] } } },
  variables: { v: 'x', list: [1, 2, 3] },
  item: { id: 3 },
  activities: { A: { output: { value: [{ n: 1 }], count: 1 }, Status: 'Succeeded' } },
  now: () => new Date('2024-01-01T00:00:00Z'),
};

/** Checks one text: it evaluates, or fails with a coded, located SluiceError. */
function check(text: string): void {
  try {
    evaluate(text, context);
  } catch (e) {
    if (!(e instanceof SluiceError)) throw new Error(`${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text)} threw a ${(e as Error)?.constructor?.name}: ${String(e)}`, { cause: e });
    expect(e.code, JSON.stringify(text)).toMatch(/^(EXPRESSION_|PARAMETER_|VARIABLE_|ACTIVITY_|ITEM_)[A-Z_]*$/);
    if (e.code.startsWith('EXPRESSION_')) {
      expect(e.location.position, `${JSON.stringify(text)}: ${e.code} ${e.message}`).toBeGreaterThanOrEqual(0);
      expect(e.location.position).toBeLessThanOrEqual(text.length);
    }
  }
}

const atom = fc.oneof(
  fc.constantFrom("'a'", "''", "'it''s'", '0', '-1', '2.5', '1e308', '-0', 'true', 'false', 'null', "'2018-03-15T13:00:00Z'", "'{\"x\":1}'", "'<a>1</a>'"),
  fc.constantFrom("pipeline().parameters.p", 'pipeline().parameters.o.a[2].b', "variables('v')", "variables('list')[1]", 'item().id', "activity('A').output.value[0].n", "pipeline().parameters['s']", 'pipeline().RunId'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => String(d)),
  fc.string({ maxLength: 8 }).map((s) => `'${s.replaceAll("'", "''")}'`),
);

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(fc.constantFrom(...names), fc.array(tie('expr'), { maxLength: 4 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('expr'), fc.constantFrom('.x', '?.x', '[0]', '?[0]', "['k']", '[-1]', '.length')).map(([e, s]) => `${e}${s}`),
  ),
}));

/** Small random edits: the text a user has half-typed. */
const mangled = fc.tuple(expr, fc.array(fc.tuple(fc.nat(), fc.constantFrom('(', ')', '[', ']', ',', '.', "'", '@', '{', '}', '?', ' ', '\\', '\u0000', 'é', '😀', ''), fc.boolean()), { maxLength: 4 }))
  .map(([text, edits]) => edits.reduce((t, [at, ch, insert]) => {
    const i = at % (t.length + 1);
    return insert ? t.slice(0, i) + ch + t.slice(i) : t.slice(0, i) + t.slice(i + 1);
  }, text));

describe('expression language (property-based)', () => {
  it('well-formed random calls of every function evaluate or raise a coded, located error', () => {
    fc.assert(fc.property(expr, (e) => check(`@${e}`)), { seed: SEED, numRuns: 1500 });
  });

  it('mangled expressions and templates never escape as anything but a coded error', () => {
    fc.assert(fc.property(mangled, (e) => {
      check(`@${e}`);
      check(`a @{${e}} b`);
    }), { seed: SEED + 1, numRuns: 1500 });
  });

  it('arbitrary unicode text, as a property value or a bare expression', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      check(s);
      check(`@${s}`);
      try {
        parseExpression(s);
      } catch (e) {
        expect(e).toBeInstanceOf(SluiceError);
      }
      try {
        parseTemplate(s);
      } catch (e) {
        expect(e).toBeInstanceOf(SluiceError);
      }
    }), { seed: SEED + 2, numRuns: 250 });
  });

  it('deep nesting of brackets and calls is answered with a value or a code, not a stack overflow', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.constantFrom('(', 'concat(', '[', "createArray('a', "), (depth, open) => {
      check(`@${open.repeat(depth)}1`);
      check(`@${'concat('.repeat(depth)}'a'${')'.repeat(depth)}`);
      check(`@pipeline()${'.x'.repeat(depth)}`);
    }), { seed: SEED + 3, numRuns: 60 });
  });

  // Found by this property (seed 20261127: a chain of 1,533 `.x`): deep nesting used to overflow the stack with an
  // uncoded RangeError. The parser now refuses trees deeper than MAX_EXPRESSION_DEPTH with EXPRESSION_SYNTAX.
  it('long member chains and very deep call nesting raise a coded error, not a RangeError', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20_000 }), (depth) => {
      check(`@pipeline()${'.x'.repeat(depth)}`);
      check(`@${'concat('.repeat(depth)}'a'${')'.repeat(depth)}`);
    }), { seed: SEED + 3, numRuns: 40 });
  });
});
