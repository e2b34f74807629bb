import { describe, expect, it } from 'vitest';
import { diffSnapshots } from './storage-events.js';

describe('diffSnapshots', () => {
  const both = ['Microsoft.Storage.BlobCreated', 'Microsoft.Storage.BlobDeleted'];

  it('reports new, rewritten and deleted objects with ADF folderPath/fileName', () => {
    const before = { 'in/a.csv': { size: 3, version: '1' }, 'in/b.csv': { size: 3, version: '1' }, 'in/c.csv': { size: 1, version: '1' } };
    const after = { 'in/a.csv': { size: 3, version: '1' }, 'in/b.csv': { size: 4, version: '2' }, 'in/sub/d.csv': { size: 9, version: '1' } };
    const events = diffSnapshots(before, after, { events: both }, 'landing');
    expect(events.map((e) => [e.eventType.split('.').pop(), e.folderPath, e.fileName])).toEqual([
      ['BlobCreated', 'landing/in', 'b.csv'],
      ['BlobCreated', 'landing/in/sub', 'd.csv'],
      ['BlobDeleted', 'landing/in', 'c.csv'],
    ]);
  });

  it('applies begins-with (ADF /container/blobs/ form), ends-with and ignoreEmptyBlobs', () => {
    const after = { 'in/a.csv': { size: 0, version: '1' }, 'in/b.csv': { size: 5, version: '1' }, 'in/b.json': { size: 5, version: '1' }, 'out/c.csv': { size: 5, version: '1' } };
    const events = diffSnapshots({}, after, { events: both, blobPathBeginsWith: '/landing/blobs/in/', blobPathEndsWith: '.csv', ignoreEmptyBlobs: true });
    expect(events.map((e) => e.key)).toEqual(['in/b.csv']);
  });

  it('reports only the event types asked for', () => {
    expect(diffSnapshots({ 'x.csv': { size: 1, version: '1' } }, {}, { events: ['Microsoft.Storage.BlobCreated'] })).toEqual([]);
  });
});
