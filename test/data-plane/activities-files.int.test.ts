import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '@sluice/engine/runtime';
import { act, pipeline } from '../helpers/engine.js';
import { dataEngine, fileDataset, localLinkedService, putAll, ref, runPipeline, tempFolder } from './copy-harness.js';

// GetMetadata, Delete and Validation on local disk, run through the engine.
let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(): Promise<{ engine: Engine; root: string }> {
  const t = await dataEngine();
  const dir = tempFolder('sluice-activities-');
  cleanups.push(t.cleanup, dir.remove);
  await putAll(t.engine, { linkedServices: [localLinkedService('Disk', dir.path)] });
  return { engine: t.engine, root: dir.path };
}

function write(root: string, path: string, text: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

const csv = { columnDelimiter: ',', firstRowAsHeader: true };

describe('GetMetadata', () => {
  it('returns the fields asked for: file facts, structure, folder children, and exists=false for a missing file', async () => {
    const { engine, root } = await setup();
    const text = 'id,name,score\n1,Ann,2.5\n2,Bob,3.75\n';
    write(root, 'data/scores.csv', text);
    write(root, 'data/sub/other.csv', 'x\n1\n');
    await putAll(engine, {
      datasets: [
        fileDataset('File', 'DelimitedText', 'Disk', { folderPath: 'data', fileName: 'scores.csv' }, csv),
        fileDataset('Folder', 'DelimitedText', 'Disk', { folderPath: 'data' }, csv),
        fileDataset('Missing', 'DelimitedText', 'Disk', { folderPath: 'data', fileName: 'nope.csv' }, csv),
      ],
      pipelines: [pipeline('Meta', [
        act('OfFile', 'GetMetadata', { dataset: ref('File'), fieldList: ['exists', 'itemName', 'itemType', 'size', 'lastModified', 'columnCount', 'structure', 'contentMD5'] }),
        act('OfFolder', 'GetMetadata', { dataset: ref('Folder'), fieldList: ['itemName', 'itemType', 'childItems'] }),
        act('OfMissing', 'GetMetadata', { dataset: ref('Missing'), fieldList: ['exists', 'size'] }),
      ])],
    });
    const { status, byName } = await runPipeline(engine, 'Meta');
    expect(status).toBe('Succeeded');
    const file = byName.OfFile?.output as Record<string, unknown>;
    expect(file).toMatchObject({ exists: true, itemName: 'scores.csv', itemType: 'File', size: Buffer.byteLength(text), columnCount: 3 });
    expect(file.structure).toEqual([{ name: 'id', type: 'Int64' }, { name: 'name', type: 'String' }, { name: 'score', type: 'Double' }]);
    expect(file.contentMD5).toBe(createHash('md5').update(text).digest('base64'));
    expect(Date.parse(String(file.lastModified))).toBeGreaterThan(Date.now() - 60_000);
    expect(byName.OfFolder?.output).toEqual({ itemName: 'data', itemType: 'Folder', childItems: [{ name: 'scores.csv', type: 'File' }, { name: 'sub', type: 'Folder' }] });
    expect(byName.OfMissing?.output).toEqual({ exists: false });
  });

  it('fails with FILE_NOT_FOUND for a missing file when exists is not asked for', async () => {
    const { engine } = await setup();
    await putAll(engine, {
      datasets: [fileDataset('Missing', 'DelimitedText', 'Disk', { folderPath: 'data', fileName: 'nope.csv' }, csv)],
      pipelines: [pipeline('MetaMissing', [act('Meta', 'GetMetadata', { dataset: ref('Missing'), fieldList: ['size'] })])],
    });
    const { byName } = await runPipeline(engine, 'MetaMissing');
    expect(byName.Meta?.error?.errorCode).toBe('FILE_NOT_FOUND');
  });
});

describe('Delete', () => {
  it('deletes the files a wildcard selects, recursively, and logs each deleted path to CSV', async () => {
    const { engine, root } = await setup();
    for (const p of ['in/a.csv', 'in/b.csv', 'in/keep.txt', 'in/2024/c.csv', 'in/2024/d.txt']) write(root, p, 'x\n');
    await putAll(engine, {
      datasets: [fileDataset('Inbox', 'DelimitedText', 'Disk', { folderPath: 'in' }, csv)],
      pipelines: [pipeline('Clean', [act('Delete', 'Delete', {
        dataset: ref('Inbox'),
        storeSettings: { type: 'LocalFileSystemReadSettings', recursive: true, wildcardFileName: '*.csv' },
        enableLogging: true,
        logStorageSettings: { linkedServiceName: { referenceName: 'Disk', type: 'LinkedServiceReference' }, path: 'logs' },
      })])],
    });
    const { status, runId, byName } = await runPipeline(engine, 'Clean');
    expect(status).toBe('Succeeded');
    const out = byName.Delete?.output as { filesDeleted: number; logPath: string };
    expect(out.filesDeleted).toBe(3);
    for (const p of ['in/a.csv', 'in/b.csv', 'in/2024/c.csv']) expect(existsSync(join(root, p))).toBe(false);
    for (const p of ['in/keep.txt', 'in/2024/d.txt']) expect(existsSync(join(root, p))).toBe(true);
    expect(out.logPath.startsWith(`${root}/logs/${runId}/`)).toBe(true);
    expect(readFileSync(out.logPath, 'utf8').trim().split('\n')).toEqual([
      'Name,Category,Status,Error',
      'in/2024/c.csv,File,Deleted,',
      'in/a.csv,File,Deleted,',
      'in/b.csv,File,Deleted,',
    ]);
  });

  it('without recursive, leaves sub-folders alone; a missing single file deletes nothing', async () => {
    const { engine, root } = await setup();
    for (const p of ['in/a.csv', 'in/2024/c.csv']) write(root, p, 'x\n');
    await putAll(engine, {
      datasets: [
        fileDataset('Inbox', 'DelimitedText', 'Disk', { folderPath: 'in' }, csv),
        fileDataset('Gone', 'DelimitedText', 'Disk', { folderPath: 'in', fileName: 'gone.csv' }, csv),
      ],
      pipelines: [pipeline('Shallow', [
        act('Delete', 'Delete', { dataset: ref('Inbox'), recursive: false }),
        act('DeleteGone', 'Delete', { dataset: ref('Gone') }),
      ])],
    });
    const { status, byName } = await runPipeline(engine, 'Shallow');
    expect(status).toBe('Succeeded');
    expect(byName.Delete?.output).toEqual({ filesDeleted: 1 });
    expect(byName.DeleteGone?.output).toEqual({ filesDeleted: 0 });
    expect(existsSync(join(root, 'in/2024/c.csv'))).toBe(true);
  });
});

describe('Validation', () => {
  it('waits until a file of the minimum size appears', async () => {
    const { engine, root } = await setup();
    await putAll(engine, {
      datasets: [fileDataset('Drop', 'DelimitedText', 'Disk', { folderPath: 'drop', fileName: 'ready.csv' }, csv)],
      pipelines: [pipeline('WaitForDrop', [act('Wait', 'Validation', { dataset: ref('Drop'), timeout: '0.00:00:30', sleep: 1, minimumSize: 10 })])],
    });
    const started = await engine.startRun('WaitForDrop');
    // A small file first (below minimumSize), then the real one.
    setTimeout(() => write(root, 'drop/ready.csv', 'x\n'), 500);
    setTimeout(() => write(root, 'drop/ready.csv', 'id,name\n1,Ann\n2,Bob\n'), 2500);
    const run = await engine.waitForRun(started.runId, { timeoutMs: 30_000 });
    expect(run.status).toBe('Succeeded');
    const [wait] = await engine.queries.listActivityRuns(run.runId);
    const out = wait?.output as Record<string, unknown>;
    expect(out).toMatchObject({ exists: true, itemName: 'ready.csv', itemType: 'File', size: 20 });
    expect(out.checks as number).toBeGreaterThan(1);
  });

  it('fails with VALIDATION_TIMEOUT when the folder stays empty (childItems: true)', async () => {
    const { engine, root } = await setup();
    mkdirSync(join(root, 'empty'));
    await putAll(engine, {
      datasets: [fileDataset('EmptyFolder', 'DelimitedText', 'Disk', { folderPath: 'empty' }, csv)],
      pipelines: [pipeline('WaitForChildren', [act('Wait', 'Validation', { dataset: ref('EmptyFolder'), timeout: '0.00:00:02', sleep: 1, childItems: true })])],
    });
    const { status, byName } = await runPipeline(engine, 'WaitForChildren');
    expect(status).toBe('Failed');
    expect(byName.Wait?.error?.errorCode).toBe('VALIDATION_TIMEOUT');
    expect(byName.Wait?.error?.message).toContain('is empty');
  });
});
