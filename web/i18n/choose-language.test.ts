import { describe, expect, it } from 'vitest';
import { chooseLanguage, matchLanguage } from './choose-language';

const choose = (query: string | null, stored: string | null, browser: string[]) => chooseLanguage({ query, stored, browser });

describe('chooseLanguage', () => {
  it('follows a Taiwanese, Hong Kong, Macau or Traditional Chinese browser', () => {
    for (const tag of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-TW', 'zh-hant-hk']) {
      expect(choose(null, null, [tag, 'en-US']).language, tag).toBe('zh-Hant');
    }
  });

  it('reads any other Chinese browser in Traditional Chinese, the chapter’s language', () => {
    expect(choose(null, null, ['zh-CN']).language).toBe('zh-Hant');
    expect(choose(null, null, ['zh-Hans-CN']).language).toBe('zh-Hant');
  });

  it('speaks English to an English browser and to one it has nothing for', () => {
    expect(choose(null, null, ['en-US', 'zh-TW']).language).toBe('en');
    expect(choose(null, null, ['fr-FR', 'de']).language).toBe('en');
    expect(choose(null, null, []).language).toBe('en');
  });

  it('takes the first browser language it has, skipping ones it does not', () => {
    expect(choose(null, null, ['fr-FR', 'zh-TW', 'en']).language).toBe('zh-Hant');
  });

  it('lets ?lang= override the browser and the remembered choice', () => {
    expect(choose('en', 'zh-Hant', ['zh-TW'])).toEqual({ language: 'en', problem: null, requested: 'en' });
    expect(choose('zh-Hant', 'en', ['en-US'])).toEqual({ language: 'zh-Hant', problem: null, requested: 'zh-Hant' });
    expect(choose('ZH-hant', null, ['en-US']).language).toBe('zh-Hant');
  });

  it('lets the remembered switch override the browser', () => {
    expect(choose(null, 'en', ['zh-TW']).language).toBe('en');
    expect(choose(null, 'zh-Hant', ['en-US']).language).toBe('zh-Hant');
  });

  it('ignores a remembered value it does not know', () => {
    expect(choose(null, 'klingon', ['zh-TW']).language).toBe('zh-Hant');
  });

  it('falls back to the browser for an unsupported ?lang= and says so', () => {
    expect(choose('xx', 'en', ['zh-TW'])).toEqual({ language: 'zh-Hant', problem: 'unsupported-language', requested: 'xx' });
    expect(choose('fr', null, ['en-GB'])).toEqual({ language: 'en', problem: 'unsupported-language', requested: 'fr' });
  });

  it('treats an empty ?lang= as absent', () => {
    expect(choose('', null, ['zh-TW'])).toEqual({ language: 'zh-Hant', problem: null, requested: '' });
  });
});

describe('matchLanguage', () => {
  it('maps tags to the page’s languages or to nothing', () => {
    expect(matchLanguage('en-GB')).toBe('en');
    expect(matchLanguage('zh_TW')).toBe('zh-Hant');
    expect(matchLanguage('ja')).toBeNull();
    expect(matchLanguage('  ')).toBeNull();
  });
});
