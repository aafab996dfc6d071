import { describe, it, expect } from 'vitest';
import { createJsonArraySplitter } from '../../../../electron/core/dialects/json-array-splitter';

function split(pieces: string[]): string[] {
  const elements: string[] = [];
  const splitter = createJsonArraySplitter((element) => elements.push(element));
  for (const piece of pieces) splitter.feed(piece);
  return elements;
}

const tricky = [
  { text: 'braces } { and brackets ] [ inside a string' },
  { text: 'an escaped quote \\" then \\\\ a backslash', nested: { list: [1, [2, { deep: '"]' }]] } },
  { text: 'unicode \u00e9 \ud83d\ude00 and an escape \\u0041', empty: {}, emptyList: [] },
];
// JSON.stringify escapes the quotes and backslashes above, so the stream holds \" and \\ sequences.
const trickyElements = tricky.map((element) => JSON.stringify(element));
const trickyStream = '[' + trickyElements.join(',\r\n') + ']';

describe('createJsonArraySplitter', () => {
  it('emits each element of a Gemini-style array', () => {
    expect(split([trickyStream])).toEqual(trickyElements);
    expect(split([trickyStream]).map((text) => JSON.parse(text))).toEqual(tricky);
  });

  it('gives the same elements when fed one character at a time', () => {
    expect(split([...trickyStream])).toEqual(trickyElements);
  });

  it('gives the same elements whatever the position of a single chunk boundary', () => {
    for (let cut = 0; cut <= trickyStream.length; cut++) {
      expect(split([trickyStream.slice(0, cut), trickyStream.slice(cut)])).toEqual(trickyElements);
    }
  });

  it('handles a boundary inside an escape sequence', () => {
    const stream = '[{"a":"x\\"y"}]';
    const backslashAt = stream.indexOf('\\');
    expect(split([stream.slice(0, backslashAt + 1), stream.slice(backslashAt + 1)])).toEqual([
      '{"a":"x\\"y"}',
    ]);
  });

  it('emits an element as soon as it is complete', () => {
    const elements: string[] = [];
    const splitter = createJsonArraySplitter((element) => elements.push(element));
    splitter.feed('[{"n":1}');
    expect(elements).toEqual(['{"n":1}']);
    splitter.feed(',\n  {"n"');
    expect(elements).toEqual(['{"n":1}']);
    splitter.feed(':2}\n]');
    expect(elements).toEqual(['{"n":1}', '{"n":2}']);
  });

  it('handles whitespace, an empty array and scalar elements', () => {
    expect(split(['  [ ]  '])).toEqual([]);
    expect(split(['[1, "two", true ,null,[3,[4]], {"a":[]}, -5.5e3]'])).toEqual([
      '1',
      '"two"',
      'true',
      'null',
      '[3,[4]]',
      '{"a":[]}',
      '-5.5e3',
    ]);
  });

  it('emits a bare top-level object that is not wrapped in an array', () => {
    expect(split(['{"error":{"code":400,', '"message":"bad"}}'])).toEqual([
      '{"error":{"code":400,"message":"bad"}}',
    ]);
  });
});
