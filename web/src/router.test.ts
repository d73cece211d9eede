import { describe, expect, it } from 'vitest';
import { href, matchRoute } from './router.js';

describe('matchRoute', () => {
  it('matches fixed and parameter segments, decoding parameters', () => {
    expect(matchRoute('/people/:id', '/people/p%2F1')).toEqual({ id: 'p/1' });
    expect(matchRoute('/search', '/search')).toEqual({});
    expect(matchRoute('/search', '/search/')).toEqual({});
  });
  it('refuses other shapes and bad escapes', () => {
    expect(matchRoute('/people/:id', '/people')).toBeNull();
    expect(matchRoute('/people/:id', '/people/1/2')).toBeNull();
    expect(matchRoute('/people/:id', '/visits/1')).toBeNull();
    expect(matchRoute('/people/:id', '/people/%E0%A4%A')).toBeNull();
  });
});

describe('href', () => {
  it('leaves out empty values', () => {
    expect(href('/search', { q: '张', x: null, y: '' })).toBe('/search?q=%E5%BC%A0');
    expect(href('/search', {})).toBe('/search');
  });
});
