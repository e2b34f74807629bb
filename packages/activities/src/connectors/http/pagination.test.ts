import { describe, expect, it } from 'vitest';
import { parseJsonPath, readJsonPath } from './json-path.js';
import { endConditionMet, linkNext, parsePaginationRules } from './pagination.js';
import { retryAfterMs, safeUrl } from './http-request.js';

describe('JSON paths', () => {
  it.each([
    ['$', []],
    ['$.data', ['data']],
    ['$.paging.next', ['paging', 'next']],
    ["$['odd key'].x", ['odd key', 'x']],
    ['$.items[2].id', ['items', 2, 'id']],
    ['data.items', ['data', 'items']],
  ])('%s', (path, steps) => {
    expect(parseJsonPath(path)).toEqual(steps);
  });
  it('reads values and refuses bad syntax', () => {
    const doc = { data: { items: [{ id: 1 }, { id: 2 }] }, 'odd key': 5 };
    expect(readJsonPath(doc, '$.data.items[1].id')).toBe(2);
    expect(readJsonPath(doc, "$['odd key']")).toBe(5);
    expect(readJsonPath(doc, '$.missing.x')).toBeUndefined();
    expect(() => parseJsonPath('$..items')).toThrow(expect.objectContaining({ code: 'REST_RESPONSE_INVALID' }));
  });
});

describe('pagination rules', () => {
  it('parses ADF rules', () => {
    const plan = parsePaginationRules({
      AbsoluteUrl: '$.next',
      "QueryParameters['offset']": 'RANGE:0:10000:100',
      'QueryParameters.page': 'RANGE:1::1',
      'Headers.x-cursor': '$.cursor',
      'EndCondition:$.data': 'Empty',
      'EndCondition:$.done': 'Const:true',
      MaxRequestNumber: '20',
    });
    expect(plan.nextUrl).toEqual({ kind: 'body', path: ['next'] });
    expect(plan.queryParameters).toEqual([
      { name: 'offset', source: { kind: 'range', start: 0, end: 10000, step: 100 } },
      { name: 'page', source: { kind: 'range', start: 1, end: undefined, step: 1 } },
    ]);
    expect(plan.headers).toEqual([{ name: 'x-cursor', source: { kind: 'body', path: ['cursor'] } }]);
    expect(plan.endConditions).toEqual([
      { path: ['data'], test: 'Empty' },
      { path: ['done'], test: 'Const', value: 'true' },
    ]);
    expect(plan.maxRequests).toBe(20);
    expect(parsePaginationRules({ AbsoluteUrl: 'headers.link' }).nextUrl).toEqual({ kind: 'header', name: 'link' });
    expect(parsePaginationRules({ AbsoluteUrl: "Headers['Link']" }).nextUrl).toEqual({ kind: 'header', name: 'link' });
  });

  it('refuses rules it does not know rather than reading one page', () => {
    expect(() => parsePaginationRules({ Nextpage: '$.x' })).toThrow(expect.objectContaining({ code: 'REST_RESPONSE_INVALID' }));
    expect(() => parsePaginationRules({ 'QueryParameters.x': 'RANGE:0:10:0' })).toThrow(/step cannot be 0/);
    expect(() => parsePaginationRules({ AbsoluteUrl: 'RANGE:0:1:1' })).toThrow(/cannot take a RANGE/);
  });

  it('evaluates end conditions', () => {
    expect(endConditionMet({ path: ['data'], test: 'Empty' }, { data: [] })).toBe(true);
    expect(endConditionMet({ path: ['data'], test: 'Empty' }, { data: [1] })).toBe(false);
    expect(endConditionMet({ path: ['next'], test: 'NotExist' }, {})).toBe(true);
    expect(endConditionMet({ path: ['next'], test: 'Exist' }, { next: null })).toBe(true);
    expect(endConditionMet({ path: ['done'], test: 'Const', value: 'true' }, { done: true })).toBe(true);
  });

  it('reads the next link of a Link header', () => {
    expect(linkNext('<https://x/p?page=2>; rel="next", <https://x/p?page=9>; rel="last"')).toBe('https://x/p?page=2');
    expect(linkNext('<https://x/p?page=1>; rel="prev"')).toBeUndefined();
    expect(linkNext(null)).toBeUndefined();
  });
});

describe('HTTP helpers', () => {
  it('removes credentials from URLs', () => {
    expect(safeUrl('https://user:pw@api.example.com/v1/items?api_key=abc&page=2')).toBe('https://api.example.com/v1/items?api_key=***&page=2');
  });
  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
