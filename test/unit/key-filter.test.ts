import { describe, expect, it } from 'vitest';
import { KeyFilter } from '../../src/domain/key-filter.js';

describe('KeyFilter', () => {
  it('never says "certainly not" for a key it was given, whatever the fill', () => {
    const f = new KeyFilter(1000);
    const keys: string[] = [];
    // overfilled 20x: only the false-positive rate may suffer
    for (let i = 0; i < 20_000; i++) keys.push(`+86138${String(i).padStart(8, '0')}`, `user.${i}@gmail.com`, `深圳市第${i}电子`);
    for (const k of keys) f.add('e', k);
    for (const k of keys) expect(f.has('e', k)).toBe(true);
  });

  it('answers "certainly not" for nearly all unknown keys when sized for its load', () => {
    const f = new KeyFilter(50_000);
    for (let i = 0; i < 50_000; i++) f.add('n', `+86139${String(i).padStart(8, '0')}`);
    let maybe = 0;
    for (let i = 50_000; i < 100_000; i++) if (f.has('n', `+86139${String(i).padStart(8, '0')}`)) maybe++;
    expect(maybe / 50_000).toBeLessThan(0.03);
  });

  it('keeps kinds of key apart: an email key is not a company key', () => {
    const f = new KeyFilter(10);
    f.add('e', 'acme');
    expect(f.has('e', 'acme')).toBe(true);
    expect(f.has('a', 'acme')).toBe(false);
  });
});
