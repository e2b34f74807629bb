import { describe, expect, it } from 'vitest';
import { messageMatches, valueAtPath } from './message-filter.js';

describe('message filters', () => {
  const body = { type: 'reading', device: { id: 'd-1', tags: ['a', 'b'] }, value: 21.5 };

  it('reads dotted paths and JSON pointers', () => {
    expect(valueAtPath(body, 'device.tags.1')).toBe('b');
    expect(valueAtPath(body, '/device/id')).toBe('d-1');
    expect(valueAtPath(body, 'device.missing.x')).toBeUndefined();
  });

  it.each([
    [{ filters: [{ path: 'device.id', operator: 'equals', value: 'd-1' }] }, true],
    [{ filters: [{ path: '/device/id', operator: 'equals', value: 'd-2' }] }, false],
    [{ filters: [{ path: 'value', operator: 'in', value: [1, 21.5] }] }, true],
    [{ filters: [{ path: 'device.tags', operator: 'contains', value: 'b' }] }, true],
    [{ filters: [{ path: 'nope', operator: 'exists' }] }, false],
    [{ events: ['Reading'] }, true],
    [{ events: ['alarm'] }, false],
    [{ subjectBeginsWith: 'sensors/', subjectEndsWith: '/temp' }, true],
    [{ subjectBeginsWith: 'actuators/' }, false],
  ])('%j → %s', (filter, expected) => {
    expect(messageMatches({ subject: 'sensors/d-1/temp', body }, filter)).toBe(expected);
  });
});
