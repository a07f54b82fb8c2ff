// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { takeToken, TOKEN_KEY } from '../../../renderer/src/api';

describe('takeToken', () => {
  it('keeps the token for reloads and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1#top');
    expect(takeToken(window)).toBe('abc123');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#top');
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBe('abc123');

    // After a reload the address no longer has it: it comes from sessionStorage.
    expect(takeToken(window)).toBe('abc123');
  });
});
