/**
 * Seeded pseudo-random numbers. Every split, shuffle and bootstrap in the ML activities takes a seed, so a
 * training run can be repeated exactly (the "fixed seeds for reproducibility").
 */

/** A generator of floats in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: tiny, fast, and good enough for sampling (not for cryptography). Chosen over Math.random
 * because it can be seeded.
 */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
  return items;
}

/** 0, 1, … n-1. */
export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
