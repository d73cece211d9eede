import { describe, expect, it } from 'vitest';
import { displayPhone } from './phone.js';

describe('displayPhone', () => {
  it('groups a China mobile number 3-4-4 without the country code', () => {
    expect(displayPhone('+8613800138000')).toBe('138 0013 8000');
  });
  it('keeps a masked number masked, in the same groups', () => {
    expect(displayPhone('+86138****8000')).toBe('138 **** 8000');
  });
  it('shows anything else as stored, and nothing for no number', () => {
    expect(displayPhone('+85291234567')).toBe('+85291234567');
    expect(displayPhone('+861380013800')).toBe('+861380013800');
    expect(displayPhone(null)).toBe('');
    expect(displayPhone(undefined)).toBe('');
  });
});
