import { describe, expect, it } from 'vitest';
import { seededRandom } from './core/random.js';
import { rocAucFromProbabilities } from './metrics/classification.js';
import { predictSequences, trainSequenceModel } from './models/lstm.js';

/** Two devices: "walking" windows oscillate, "still" windows are flat noise. */
function sensorRows(): Record<string, unknown>[] {
  const random = seededRandom(5);
  const rows: Record<string, unknown>[] = [];
  for (let device = 0; device < 2; device++) {
    for (let t = 0; t < 600; t++) {
      const walking = Math.floor(t / 40) % 2 === 0;
      const x = walking ? Math.sin(t / 2) * 2 + (random() - 0.5) * 0.3 : (random() - 0.5) * 0.3;
      rows.push({ device: `d${device}`, ts: String(t).padStart(5, '0'), x, y: walking ? Math.cos(t / 2) : 0.1 * random(), activity: walking ? 'walking' : 'still' });
    }
  }
  return rows;
}

describe('LSTM sequence classifier (TensorFlow.js, WASM backend)', () => {
  it('learns windows of sensor readings and predicts with the saved weights', async () => {
    const rows = sensorRows();
    const spec = { target: 'activity', features: ['x', 'y'], groupBy: 'device', orderBy: 'ts', windowSize: 10, step: 10, units: 8, epochs: 15, seed: 1 };
    const { artifact, test } = await trainSequenceModel(rows, spec);
    expect(artifact.classes).toEqual(['still', 'walking']);
    expect(rocAucFromProbabilities(test.labels, test.probabilities, 2)).toBeGreaterThan(0.95);
    const restored = JSON.parse(JSON.stringify(artifact)) as typeof artifact;
    const preds = await predictSequences(restored, rows.slice(0, 40));
    expect(preds).toHaveLength(4);
    expect(preds.every((p) => p.prediction === 'walking')).toBe(true);
  }, 60_000);
});
