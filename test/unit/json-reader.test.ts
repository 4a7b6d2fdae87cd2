import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { jsonReader, JsonShapeError } from '../../src/domain/json';
import { POST_SOURCES } from '../../src/domain/posts';

describe('jsonReader', () => {
  const reader = jsonReader(Type.Object({ sub: Type.String() }), 'link data');

  it('returns a value of the shape', () => {
    expect(reader.parse('{"sub":"host-7","extra":1}')).toEqual({ sub: 'host-7', extra: 1 });
    expect(reader.tryParse('{"sub":"host-7"}')).toEqual({ sub: 'host-7' });
  });

  it('refuses text that is not JSON, naming what was read', () => {
    expect(() => reader.parse('{sub:')).toThrow(JsonShapeError);
    expect(() => reader.parse('{sub:')).toThrow(/^link data is not valid JSON: /);
    expect(reader.tryParse('{sub:')).toBeUndefined();
  });

  it('refuses JSON of another shape, naming where it differs', () => {
    expect(() => reader.parse('{"sub":7}')).toThrow(/^link data is not of the expected shape at \/sub: /);
    expect(() => reader.parse('null')).toThrow(/^link data is not of the expected shape/);
    expect(reader.tryParse('{"sub":7}')).toBeUndefined();
    expect(reader.tryParse('[]')).toBeUndefined();
  });

  it("reads a post's sources and refuses a source without its address", () => {
    expect(POST_SOURCES.parse('[{"outlet":"The Guardian","url":"https://www.theguardian.com/uk","phrase":"has more."}]')).toEqual([
      { outlet: 'The Guardian', url: 'https://www.theguardian.com/uk', phrase: 'has more.' },
    ]);
    expect(() => POST_SOURCES.parse('[{"outlet":"The Guardian"}]')).toThrow(/^post sources is not of the expected shape at \/0\/url/);
  });
});
