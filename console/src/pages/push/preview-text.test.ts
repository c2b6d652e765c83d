import { describe, expect, it } from 'vitest';
import { ANDROID, fitLine, fitLines, IOS, previewText } from './preview-text.ts';

describe('phone preview text', () => {
  it('keeps a line that fits, and cuts one that does not with an ellipsis inside the width', () => {
    expect(fitLine('Hello', 5)).toBe('Hello');
    expect(fitLine('Hello world', 8)).toBe('Hello w…');
    expect(fitLine('Hello world', 8).length).toBe(8);
    // Wide characters take two columns.
    expect(fitLine('你好世界你好', 7)).toBe('你好世…');
    // A cut right after a space drops the space.
    expect(fitLine('ab cd', 4)).toBe('ab…');
  });

  it('wraps the body by columns and cuts the last allowed line', () => {
    expect(fitLines('aaaa bbbb', 4, 3)).toEqual(['aaaa', 'bbbb']);
    // At a space, not inside a word.
    expect(fitLines('the quick brown fox', 10, 3)).toEqual(['the quick', 'brown fox']);
    expect(fitLines('the quick brown fox jumps', 10, 2)).toEqual(['the quick', 'brown fox…']);
    // CJK wraps anywhere.
    expect(fitLines('你好世界你好', 4, 3)).toEqual(['你好', '世界', '你好']);
    expect(fitLines('aaaabbbbcccc', 4, 2)).toEqual(['aaaa', 'bbb…']);
    expect(fitLines('one\ntwo\nthree', 10, 2)).toEqual(['one', 'two…']);
    expect(fitLines('one\ntwo', 10, 2)).toEqual(['one', 'two']);
  });

  it('folds line breaks on Android and keeps them on iOS', () => {
    expect(previewText('Sale', 'Today\nonly', ANDROID).body).toEqual(['Today only']);
    expect(previewText('Sale', 'Today\nonly', IOS).body).toEqual(['Today', 'only']);
    expect(previewText('Sale', '  ', IOS).body).toEqual([]);
  });

  it('cuts a long title to one line on both', () => {
    const title = 'A very long title that no phone would ever show whole';
    for (const phone of [IOS, ANDROID]) {
      const t = previewText(title, '', phone).title;
      expect(t.endsWith('…')).toBe(true);
      expect(t.length).toBeLessThanOrEqual(phone.titleColumns);
    }
  });
});
