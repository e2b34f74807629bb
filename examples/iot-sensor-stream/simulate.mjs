#!/usr/bin/env node
// Simulated IoT devices: publish sensor readings over MQTT (QoS 1) at a steady rate, some of them malformed.
//
//   node examples/iot-sensor-stream/simulate.mjs --devices 20 --rate 200 --seconds 10 --malformed 0.05 --topic sluice/iot/demo
//
// A reading is the JSON `{id, deviceId, ts, temperature, humidity, vibration}` (`ts`: the publish time, ISO 8601
// UTC; `id`: unique per run, so the trigger de-duplicates redeliveries by it). A seeded generator (`--seed`)
// decides every value and which readings are malformed, and how:
//
//   badJson      the JSON text cut short (the broker carries it; the pipeline cannot parse it)
//   missingField one of deviceId, ts, temperature, humidity, vibration left out
//   outOfRange   temperature outside [-40, 85] °C, humidity outside [0, 100] %, or vibration outside [0, 50] mm/s
//   wrongType    a number sent as text ("21.5C") or as a boolean
//
// Prints one JSON line at the end: {published, valid, malformed: {kind: n}, seconds, rate}.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Valid ranges (the pipeline's validation rules say the same). */
export const RANGES = { temperature: [-40, 85], humidity: [0, 100], vibration: [0, 50] };
export const MALFORMED_KINDS = ['badJson', 'missingField', 'outOfRange', 'wrongType'];

/** A small seeded generator (mulberry32): the same seed gives the same readings. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * The messages of a run, without timestamps (those are the publish times): a pure function of the options,
 * so a test can compute what the pipeline must produce. Each entry: {id, deviceId, kind ('valid' or a
 * malformed kind), values {temperature, humidity, vibration}, build(ts) → the payload text}.
 */
export function plan({ devices = 20, count = 2000, malformed = 0.05, seed = 42, run = 'demo' } = {}) {
  const rand = seeded(seed);
  const fleet = Array.from({ length: devices }, (_, i) => ({
    deviceId: `dev-${String(i + 1).padStart(3, '0')}`,
    temperature: 15 + rand() * 15,
    humidity: 30 + rand() * 40,
    vibration: 1 + rand() * 5,
  }));
  const out = [];
  for (let i = 0; i < count; i++) {
    const device = fleet[i % devices];
    const id = `${run}-${String(i).padStart(6, '0')}`;
    const values = {
      temperature: round(device.temperature + (rand() - 0.5) * 4),
      humidity: round(Math.min(99.5, Math.max(0.5, device.humidity + (rand() - 0.5) * 10))),
      vibration: round(Math.max(0.01, device.vibration + (rand() - 0.5) * 2), 3),
    };
    const kind = rand() < malformed ? MALFORMED_KINDS[Math.floor(rand() * MALFORMED_KINDS.length)] : 'valid';
    const fields = ['deviceId', 'ts', 'temperature', 'humidity', 'vibration'];
    const pick = fields[Math.floor(rand() * fields.length)];
    const metric = ['temperature', 'humidity', 'vibration'][Math.floor(rand() * 3)];
    const cut = 5 + Math.floor(rand() * 20);
    const outOfRange = metric === 'vibration' ? -round(1 + rand() * 5, 3) : round(RANGES[metric][1] + 20 + rand() * 100);
    const build = (ts) => {
      const body = { id, deviceId: device.deviceId, ts, ...values };
      if (kind === 'missingField') delete body[pick];
      if (kind === 'outOfRange') body[metric] = outOfRange;
      if (kind === 'wrongType') body[metric] = metric === 'humidity' ? true : `${values[metric]}C`;
      const text = JSON.stringify(body);
      return kind === 'badJson' ? text.slice(0, text.length - cut) : text;
    };
    out.push({ id, deviceId: device.deviceId, kind, values, ...(kind === 'missingField' ? { missing: pick } : {}), ...(kind === 'outOfRange' || kind === 'wrongType' ? { metric } : {}), build });
  }
  return out;
}

/**
 * Publishes the plan over MQTT at `rate` messages per second (QoS 1: each publish waits for the broker's
 * PUBACK). Returns the manifest (each message with the `ts` it was published with) and the counts.
 * `mqtt` is the mqtt.js module (the caller resolves it).
 */
export async function simulate({ mqtt, url = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883', topic, devices = 20, rate = 200, seconds = 10, count, malformed = 0.05, seed = 42, run = 'demo' }) {
  const total = count ?? Math.round(rate * seconds);
  const messages = plan({ devices, count: total, malformed, seed, run });
  const client = await mqtt.connectAsync(url, { clean: true, clientId: `sluice-iot-sim-${run}-${process.pid}` });
  const manifest = [];
  const started = Date.now();
  try {
    const pending = [];
    for (let i = 0; i < messages.length; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - Date.now();
      if (wait > 2) {
        await Promise.all(pending.splice(0)); // flush the tick's publishes, then sleep to the next one
        const left = due - Date.now();
        if (left > 0) await new Promise((r) => setTimeout(r, left));
      }
      const m = messages[i];
      const ts = new Date().toISOString();
      const payload = m.build(ts);
      manifest.push({ id: m.id, deviceId: m.deviceId, kind: m.kind, ts, values: m.values, ...(m.missing ? { missing: m.missing } : {}), ...(m.metric ? { metric: m.metric } : {}), payload });
      pending.push(client.publishAsync(topic, payload, { qos: 1 }));
      if (pending.length >= 200) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
  } finally {
    await client.endAsync();
  }
  const elapsed = (Date.now() - started) / 1000;
  const byKind = Object.fromEntries(MALFORMED_KINDS.map((k) => [k, manifest.filter((m) => m.kind === k).length]));
  return { manifest, published: manifest.length, valid: manifest.filter((m) => m.kind === 'valid').length, malformed: byKind, seconds: round(elapsed, 3), rate: round(manifest.length / elapsed, 1) };
}

/** Reads `--name value` options. */
export function args(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const key = a.slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = true;
    else {
      out[key] = typeof defaults[key] === 'number' ? Number(next) : next;
      i++;
    }
  }
  return out;
}

/** mqtt.js: from this example's node_modules once installed, else from the workspace's test package. */
export async function loadMqtt() {
  for (const base of ['./package.json', '../../test/package.json']) {
    try {
      const path = createRequire(new URL(base, import.meta.url)).resolve('mqtt');
      const mod = await import(pathToFileURL(path).href);
      return mod.default ?? mod;
    } catch { /* try the next place */ }
  }
  throw new Error('mqtt is not installed: run `npx --yes pnpm@12.21.0 install` at the repository root.');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const o = args(process.argv.slice(2), { devices: 20, rate: 200, seconds: 10, malformed: 0.05, seed: 42, topic: 'sluice/iot/demo', run: `sim${Date.now().toString(36)}` });
  try {
    const r = await simulate({ mqtt: await loadMqtt(), ...o });
    const { manifest: _m, ...summary } = r;
    console.log(JSON.stringify(summary));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
