// Designer benchmark: a 200-activity pipeline opened in Sluice Studio and panned, in Debian's Chromium,
// against a bare @xyflow/react page drawing the same graph with React Flow's default node and edge
// components, in the same run and the same browser. Targets (issue "designer 8"): load and first render
// of 200 activities well under 1–2 s; a pan frame well under 16–33 ms (p95), no run of dropped frames.
//
// Each round opens a fresh browser context (cold cache) on each page and measures, inside the page:
// - load: from navigation start to the frame where every node is drawn (measured, visible) with every
//   edge; for Sluice also "open", from the click on the pipeline in the explorer (done by the page's own
//   probe as soon as the button exists, so no CDP round trip is counted);
// - pan: one drag step per animation frame (mouse events dispatched in requestAnimationFrame, as a
//   continuously moving mouse delivers them), at the zoom the canvas opens with (everything in view) and
//   at 100 %: frame times from requestAnimationFrame timestamps, p50 / p95 / max, and dropped frames
//   (frames beyond one refresh interval, measured on idle frames first); and the main thread's work per
//   frame (from the frame's start to a message posted in it, which runs once the frame is rendered);
// - zoom to fit: from the click (Sluice's toolbar "Zoom to fit", React Flow's "Fit View" control in the
//   baseline) to the frame after the viewport changed.
//
//   node designer.bench.mjs [--rounds 3] [--frames 120] [--activities 200]
//
// Needs `pnpm build` (it runs packages/api/dist and serves packages/designer/dist; DESIGNER_DIST overrides
// the designer folder), Redis at REDIS_URL and Chromium at CHROMIUM_PATH (default /usr/bin/chromium).
// No dependency of its own: Vite, React, @xyflow/react and dagre come from the designer's node_modules,
// playwright-core from the tests'.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '@sluice/engine/runtime';
// @sluice/api is not a dependency of @sluice/bench: its build output is imported by path (as api.bench.mjs).
import { ApiKeyStore, createCatalog, createServer } from '../packages/api/dist/index.js';
import { dropEngineKeys } from './support.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 3);
const FRAMES = arg('frames', 120);
const ACTIVITIES = arg('activities', 200);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DESIGNER_DIST = process.env.DESIGNER_DIST ?? join(here, '..', 'packages', 'designer', 'dist');
const DESIGNER_MODULES = join(here, '..', 'packages', 'designer', 'node_modules');
const VIEWPORT = { width: 1440, height: 900 };
const PIPELINE = 'BenchLarge';

const requireFromTests = createRequire(join(here, '..', 'test', 'package.json'));
const { chromium } = requireFromTests('playwright-core');

// ---- the pipeline ----------------------------------------------------------------------------------------

const dep = (activity, ...conditions) => ({ activity, dependencyConditions: conditions.length ? conditions : ['Succeeded'] });
const ref = (name) => ({ referenceName: name, type: 'DatasetReference' });
const copy = (name, dependsOn) => ({
  name, type: 'Copy', dependsOn, inputs: [ref('BenchIn')], outputs: [ref('BenchOut')],
  typeProperties: { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' } },
});
const setVariable = (name, dependsOn, value) => ({ name, type: 'SetVariable', dependsOn, typeProperties: { variableName: 'stage', value } });
const wait = (name, dependsOn, seconds = 1) => ({ name, type: 'Wait', dependsOn, typeProperties: { waitTimeInSeconds: seconds } });

/**
 * Groups of ten top-level activities, as a real pipeline of that size is built: a start marker, copies,
 * a ForEach over a list (two inner activities), an IfCondition (one inner activity per branch), a wait, a
 * failure path, fan-in, and dependencies on every condition (some with two conditions on one edge). Every
 * second group follows the one before, so the laid-out graph (5,000 × 2,240 px) fits the canvas at a
 * zoom above React Flow's minimum: the whole pipeline is in view when it opens.
 */
function largePipeline(n) {
  const activities = [];
  for (let g = 0; activities.length < n; g++) {
    const p = (s) => `${s}_${g}`;
    activities.push(
      setVariable(p('Start'), g % 2 ? [dep(`Done_${g - 1}`)] : [], `group ${g}`),
      copy(p('CopyRaw'), [dep(p('Start'))]),
      {
        name: p('EachFile'), type: 'ForEach', dependsOn: [dep(p('CopyRaw'))],
        typeProperties: {
          items: { value: '@createArray(1, 2, 3)', type: 'Expression' }, isSequential: false, batchCount: 4,
          activities: [copy(p('CopyItem'), []), wait(p('Settle'), [dep(p('CopyItem'))])],
        },
      },
      {
        name: p('CheckRows'), type: 'IfCondition', dependsOn: [dep(p('EachFile'))],
        typeProperties: {
          expression: { value: `@greater(${g}, 5)`, type: 'Expression' },
          ifTrueActivities: [setVariable(p('Large'), [], 'large')],
          ifFalseActivities: [wait(p('Small'), [])],
        },
      },
      wait(p('Pause'), [dep(p('CheckRows'), 'Completed')]),
      copy(p('CopyClean'), [dep(p('Pause')), dep(p('CopyRaw'))]),
      setVariable(p('NoteFailure'), [dep(p('CopyClean'), 'Failed')], 'failed'),
      wait(p('Backoff'), [dep(p('NoteFailure'), 'Succeeded', 'Skipped')], 2),
      copy(p('Publish'), [dep(p('CopyClean'))]),
      setVariable(p('Done'), [dep(p('Publish')), dep(p('Backoff'), 'Completed')], 'done'),
    );
  }
  activities.length = n;
  const names = new Set(activities.map((a) => a.name));
  for (const a of activities) a.dependsOn = a.dependsOn.filter((d) => names.has(d.activity));
  return { name: PIPELINE, properties: { activities, variables: { stage: { type: 'String' } } } };
}

/** The baseline's graph: the same top-level nodes and edges, labelled with the conditions. */
function graphOf(doc) {
  const acts = doc.properties.activities;
  return {
    nodes: acts.map((a) => ({ id: a.name, label: `${a.type}: ${a.name}` })),
    edges: acts.flatMap((a) => a.dependsOn.map((d) => ({ id: `${d.activity}->${a.name}`, source: d.activity, target: a.name, label: d.dependencyConditions.join(', ') }))),
  };
}

// ---- in-page probes (serialised by playwright) -----------------------------------------------------------

/** Init script: signs in, clicks the pipeline as soon as the explorer lists it, notes when all is drawn. */
function probe({ key, pipeline, nodes, edges }) {
  if (window.top !== window) return;
  if (key) sessionStorage.setItem('sluice.apiKey', key);
  const bench = { clickedAt: 0, drawnAt: 0 };
  window.__bench = bench;
  const check = () => {
    if (pipeline && !bench.clickedAt) {
      const button = [...document.querySelectorAll('nav[aria-label="Factory resources"] button')].find((b) => b.textContent === pipeline);
      if (button) {
        bench.clickedAt = performance.now();
        button.click();
      }
    }
    if (!pipeline || bench.clickedAt) {
      const drawn = document.querySelectorAll('.react-flow__node');
      if (drawn.length === nodes && document.querySelectorAll('.react-flow__edge').length === edges && [...drawn].every((n) => n.style.visibility !== 'hidden')) {
        // The frame holding every node has been produced when the next one starts.
        requestAnimationFrame(() => { bench.drawnAt = performance.now(); });
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** Drags the pane by (dx, dy) per frame for `frames` frames; returns idle and pan frame timestamps. */
async function pan({ frames, dx, dy }) {
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  const pane = document.querySelector('.react-flow__pane');
  const viewport = document.querySelector('.react-flow__viewport');
  const box = pane.getBoundingClientRect();
  let x = box.left + box.width / 2;
  let y = box.top + box.height / 2;
  const idle = [];
  for (let i = 0; i <= 30; i++) idle.push(await raf());
  const mouse = (type, buttons) => pane.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, clientX: x, clientY: y, button: 0, buttons }));
  // A message posted in the frame runs after the frame's rendering: its delay is the main thread's work.
  const work = [];
  const channel = new MessageChannel();
  let frameStart = 0;
  channel.port1.onmessage = () => work.push(performance.now() - frameStart);
  const before = viewport.style.transform;
  mouse('mousedown', 1);
  const stamps = [];
  for (let i = 0; i < frames; i++) {
    frameStart = await raf();
    stamps.push(frameStart);
    x += dx;
    y += dy;
    mouse('mousemove', 1);
    channel.port2.postMessage(0);
  }
  stamps.push(await raf());
  mouse('mouseup', 0);
  await raf();
  channel.port1.close();
  return { idle, stamps, work, moved: viewport.style.transform !== before };
}

/** Clicks React Flow's zoom-in control until the zoom reaches 100 %; returns the zoom. */
async function zoomTo100() {
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  const zoom = () => Number(/scale\(([\d.]+)\)/.exec(document.querySelector('.react-flow__viewport').style.transform)?.[1] ?? 1);
  for (let i = 0; i < 40 && zoom() < 1; i++) {
    document.querySelector('.react-flow__controls-zoomin').click();
    await raf();
    await raf();
  }
  return zoom();
}

/** Clicks the fit control; ms from the click to the frame after the viewport changed. */
async function zoomToFit(selector) {
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  const viewport = document.querySelector('.react-flow__viewport');
  const button = [...document.querySelectorAll(selector)].find((b) => b.matches('.react-flow__controls-fitview') || b.textContent.trim() === 'Zoom to fit');
  const before = viewport.style.transform;
  const t0 = performance.now();
  button.click();
  while (viewport.style.transform === before) {
    if (performance.now() - t0 > 10_000) throw new Error('zoom to fit did not change the viewport');
    await raf();
  }
  await raf();
  return performance.now() - t0;
}

// ---- figures ---------------------------------------------------------------------------------------------

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const deltas = (ts) => ts.slice(1).map((t, i) => t - ts[i]);

/** Frame statistics of one pan: p50 / p95 / max frame time and frames dropped against the idle refresh. */
function frameStats({ idle, stamps, work }) {
  const refresh = median(deltas(idle));
  const d = deltas(stamps).sort((a, b) => a - b);
  const dropped = d.reduce((n, x) => n + Math.max(0, Math.round(x / refresh) - 1), 0);
  const w = [...work].sort((a, b) => a - b);
  return { refresh, p50: pct(d, 50), p95: pct(d, 95), max: d.at(-1), dropped, frames: d.length, workP50: pct(w, 50), workP95: pct(w, 95) };
}

// ---- servers and pages -----------------------------------------------------------------------------------

/** Builds bench/designer-baseline with the designer's Vite into a temp folder. */
async function buildBaseline() {
  const { build } = await import(join(DESIGNER_MODULES, 'vite', 'dist', 'node', 'index.js'));
  const outDir = mkdtempSync(join(tmpdir(), 'sluice-rf-baseline-'));
  await build({
    configFile: false, root: join(here, 'designer-baseline'), base: './', logLevel: 'error',
    resolve: { alias: Object.fromEntries(['react', 'react-dom', '@xyflow/react', '@dagrejs/dagre'].map((m) => [m, join(DESIGNER_MODULES, m)])) },
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  });
  return outDir;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** Serves the baseline's build and its graph.json on loopback. */
async function serveBaseline(dir, graph) {
  const server = createHttpServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/graph.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(graph));
      return;
    }
    const file = join(dir, normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Sluice: engine on a fresh prefix, the API serving the built designer, a key, the datasets and the pipeline. */
async function startSluice(doc) {
  const engine = createEngine({ redis: REDIS_URL, prefix: `bench-designer-${randomUUID().slice(0, 8)}`, activities: [] });
  const app = await createServer({ engine, catalog: createCatalog(), designerDir: DESIGNER_DIST });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${app.server.address().port}`;
  const { key } = await new ApiKeyStore(engine.redis, engine.keys).create('designer bench', 'admin');
  const put = async (kind, name, body) => {
    const r = await fetch(`${url}/api/${kind}/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (r.status !== 201) throw new Error(`PUT ${kind}/${name}: ${r.status} ${(await r.text()).slice(0, 600)}`);
  };
  await put('linkedservices', 'BenchFiles', { name: 'BenchFiles', properties: { type: 'LocalFileSystem', typeProperties: { rootPath: tmpdir() } } });
  for (const name of ['BenchIn', 'BenchOut']) {
    await put('datasets', name, {
      name, properties: {
        type: 'DelimitedText', linkedServiceName: { referenceName: 'BenchFiles', type: 'LinkedServiceReference' },
        typeProperties: { location: { type: 'LocalFileSystemLocation', folderPath: 'bench', fileName: `${name}.csv` }, columnDelimiter: ',', firstRowAsHeader: true },
      },
    });
  }
  await put('pipelines', PIPELINE, doc);
  return {
    url, key,
    close: async () => {
      await app.close();
      await dropEngineKeys(engine);
      await engine.close();
    },
  };
}

/** One round on one page: load, pan at the opening zoom, pan at 100 %, zoom to fit. */
async function round(browser, target, graph) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const errors = [];
  try {
    await context.addInitScript(probe, { key: target.key ?? null, pipeline: target.pipeline ?? null, nodes: graph.nodes.length, edges: graph.edges.length });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(target.url);
    await page.waitForFunction(() => window.__bench.drawnAt > 0, undefined, { timeout: 60_000, polling: 100 });
    const { clickedAt, drawnAt } = await page.evaluate(() => window.__bench);
    await page.waitForTimeout(1000);
    const canvas = await page.getByTestId('canvas').boundingBox();
    const panFit = await page.evaluate(pan, { frames: FRAMES, dx: -6, dy: -2 });
    const zoom = await page.evaluate(zoomTo100);
    await page.waitForTimeout(500);
    const pan100 = await page.evaluate(pan, { frames: FRAMES, dx: -6, dy: -2 });
    await page.waitForTimeout(300);
    const fitMs = await page.evaluate(zoomToFit, target.fitSelector);
    await page.waitForTimeout(300);
    const drawnAfterFit = await page.locator('.react-flow__node').count();
    if (!panFit.moved || !pan100.moved) throw new Error(`${target.name}: the pan did not move the viewport`);
    if (drawnAfterFit !== graph.nodes.length) throw new Error(`${target.name}: ${drawnAfterFit} nodes drawn after zoom to fit`);
    return {
      loadMs: drawnAt, openMs: clickedAt ? drawnAt - clickedAt : null, zoom,
      panFit: frameStats(panFit), pan100: frameStats(pan100), fitMs,
      canvas: { width: Math.round(canvas.width), height: Math.round(canvas.height) },
    };
  } catch (e) {
    if (errors.length) e.message += `\npage errors: ${errors.join('\n')}`;
    throw e;
  } finally {
    await context.close();
  }
}

// ---- run -------------------------------------------------------------------------------------------------

if (!existsSync(join(DESIGNER_DIST, 'index.html'))) throw new Error(`No designer build at ${DESIGNER_DIST}: run \`pnpm build\` first or set DESIGNER_DIST.`);
const doc = largePipeline(ACTIVITIES);
const graph = graphOf(doc);
const baselineDir = await buildBaseline();
const baseline = await serveBaseline(baselineDir, graph);
const sluice = await startSluice(doc);
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = { sluice: [], baseline: [] };
try {
  for (let i = 0; i < ROUNDS; i++) {
    const s = await round(browser, { name: 'Sluice', url: `${sluice.url}/`, key: sluice.key, pipeline: PIPELINE, fitSelector: 'button' }, graph);
    results.sluice.push(s);
    const b = await round(browser, { name: 'baseline', url: `${baseline.url}/?w=${s.canvas.width}&h=${s.canvas.height}`, fitSelector: '.react-flow__controls-fitview' }, graph);
    results.baseline.push(b);
  }
} finally {
  await browser.close();
  await sluice.close();
  await baseline.close();
  rmSync(baselineDir, { recursive: true, force: true });
}

/** Medians over the rounds of every figure. */
function summary(rounds) {
  const m = (f) => median(rounds.map(f));
  const stats = (k) => ({ p50: m((r) => r[k].p50), p95: m((r) => r[k].p95), max: m((r) => r[k].max), dropped: m((r) => r[k].dropped), workP50: m((r) => r[k].workP50), workP95: m((r) => r[k].workP95) });
  return { loadMs: m((r) => r.loadMs), openMs: rounds[0].openMs === null ? null : m((r) => r.openMs), panFit: stats('panFit'), pan100: stats('pan100'), fitMs: m((r) => r.fitMs), refreshMs: m((r) => r.panFit.refresh), zoom: m((r) => r.zoom) };
}
const s = summary(results.sluice);
const b = summary(results.baseline);
const ms = (x) => `${x.toFixed(1)} ms`;
const frames = (f) => `frame p50 ${ms(f.p50)}, p95 ${ms(f.p95)}, max ${ms(f.max)}, ${f.dropped} dropped of ${FRAMES}; main thread p50 ${ms(f.workP50)}, p95 ${ms(f.workP95)}`;
const ratio = (a, c) => Number((a / c).toFixed(2));
console.log(`${graph.nodes.length} activities, ${graph.edges.length} edges; canvas ${results.sluice[0].canvas.width}x${results.sluice[0].canvas.height}; medians of ${ROUNDS} rounds; refresh ${ms(s.refreshMs)}`);
console.log(`load (navigation -> all drawn): Sluice ${ms(s.loadMs)} (open from the explorer ${ms(s.openMs)}), baseline ${ms(b.loadMs)}; ratio ${ratio(s.loadMs, b.loadMs)}`);
console.log(`pan, whole graph in view:  Sluice ${frames(s.panFit)}`);
console.log(`                           baseline ${frames(b.panFit)}; p95 ratio ${ratio(s.panFit.p95, b.panFit.p95)}`);
console.log(`pan at 100 %:              Sluice ${frames(s.pan100)}`);
console.log(`                           baseline ${frames(b.pan100)}; p95 ratio ${ratio(s.pan100.p95, b.pan100.p95)}`);
console.log(`zoom to fit: Sluice ${ms(s.fitMs)}, baseline ${ms(b.fitMs)}`);
console.log(`targets: load well under 1-2 s; pan frame p95 well under 16-33 ms`);
console.log(JSON.stringify({
  activities: graph.nodes.length, edges: graph.edges.length, rounds: ROUNDS, frames: FRAMES,
  sluice: s, baseline: b,
  loadRatio: ratio(s.loadMs, b.loadMs), panP95Ratio: ratio(s.panFit.p95, b.panFit.p95), pan100P95Ratio: ratio(s.pan100.p95, b.pan100.p95),
}));
