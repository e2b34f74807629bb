import { describe, expect, it } from 'vitest';
import { SluiceError } from '../errors/index.js';
import { evaluate } from './evaluate.js';
import { defaultFunctions } from './functions/index.js';

// Random inputs, from a fixed seed so failures reproduce: whatever a user types, the parser and evaluator
// either answer or throw a coded SluiceError located inside the text — never a TypeError, never a hang.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const names = defaultFunctions.list().map((f) => f.name);
const atoms = ["'a'", "''", "'2018-03-15T13:00:00Z'", '0', '-1', '2.5', '1e3', 'true', 'null', "'<a><b>1</b></a>'", "'{\"x\": [1, 2]}'", "'aGVsbG8='", "'Pacific Standard Time'", "'yyyy-MM-dd'"];

function expression(r: () => number, depth: number): string {
  if (depth <= 0 || r() < 0.3) return atoms[Math.floor(r() * atoms.length)] as string;
  const name = names[Math.floor(r() * names.length)] as string;
  const n = Math.floor(r() * 4);
  let text = `${name}(${Array.from({ length: n }, () => expression(r, depth - 1)).join(', ')})`;
  if (r() < 0.2) text += r() < 0.5 ? '.x' : '?[0]';
  return text;
}

function mangle(r: () => number, text: string): string {
  const chars = "()[],.'@{}? x1";
  const i = Math.floor(r() * (text.length + 1));
  return r() < 0.5 ? text.slice(0, i) + (chars[Math.floor(r() * chars.length)] as string) + text.slice(i) : text.slice(0, i) + text.slice(i + 1);
}

function check(text: string): void {
  try {
    evaluate(text, { pipeline: { parameters: { p: 1 } }, variables: { v: 'x' }, item: 3, now: () => new Date('2024-01-01T00:00:00Z') });
  } catch (e) {
    if (!(e instanceof SluiceError)) throw new Error(`${text} threw ${String(e)}`, { cause: e });
    expect(e.code).toMatch(/^EXPRESSION_/);
    expect(e.location.position).toBeGreaterThanOrEqual(0);
    expect(e.location.position).toBeLessThanOrEqual(text.length);
  }
}

describe('robustness', () => {
  it('random well-formed calls of every function', () => {
    const r = rng(20261124);
    for (let i = 0; i < 3000; i++) check(`@${expression(r, 3)}`);
  });

  it('random malformed text', () => {
    const r = rng(7);
    for (let i = 0; i < 3000; i++) {
      let text = `@${expression(r, 2)}`;
      for (let k = 0; k < 3; k++) text = mangle(r, text);
      check(text);
      check(`a @{${text.slice(1)}} b`);
    }
  });
});
