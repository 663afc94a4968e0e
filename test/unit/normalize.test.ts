import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, fixedClock, isIsoDate, parseIsoDate } from '../../src/domain/dates.js';
import {
  cleanText,
  companyKey,
  emailKey,
  isExcelMangled,
  joinName,
  normalizeEmail,
  normalizePhone,
  personKey,
  splitName,
  webDomain,
} from '../../src/domain/normalize.js';
import { grade, normalizeSource } from '../../src/domain/vocab.js';

describe('normalize', () => {
  it('cleans text with NFKC and collapsed whitespace', () => {
    expect(cleanText('  ＡＣＭＥ\u3000 Co.  ')).toBe('ACME Co.');
    expect(cleanText(null)).toBe('');
  });

  it('gives two spellings of one company the same key', () => {
    expect(companyKey('ACME Co., Ltd.')).toBe(companyKey('Acme'));
    expect(companyKey('Acme Trading GmbH')).toBe(companyKey('ACME TRADING'));
    expect(companyKey('深圳华为技术有限公司')).toBe(companyKey('深圳华为技术'));
    expect(companyKey('Acme')).not.toBe(companyKey('Acme Trading'));
  });

  it('keys person names without case or spaces', () => {
    expect(personKey('Anna  Schmidt')).toBe(personKey('anna schmidt'));
    expect(personKey('张 伟')).toBe(personKey('张伟'));
  });

  it('validates and lower-cases emails, with a Gmail-aware key', () => {
    expect(normalizeEmail(' Zhang.Wei@Acme.CN ')).toBe('zhang.wei@acme.cn');
    expect(normalizeEmail('mailto:a@b.de')).toBe('a@b.de');
    expect(normalizeEmail('not an email')).toBeUndefined();
    expect(normalizeEmail('a@b')).toBeUndefined();
    expect(emailKey('john.smith+fair@googlemail.com')).toBe(emailKey('johnsmith@gmail.com'));
    expect(emailKey('john.smith@acme.com')).not.toBe(emailKey('johnsmith@acme.com'));
  });

  it('normalises phones to E.164 with the default country, keeping extensions and the raw value', () => {
    const cn = normalizePhone('138 1234 5678', 'CN');
    expect(cn).toMatchObject({ ok: true, phone: { value: '+8613812345678', key: '+8613812345678', raw: '138 1234 5678' } });
    const de = normalizePhone('030 1234567 ext. 89', 'DE');
    expect(de.ok && de.phone.value).toBe('+49301234567;ext=89');
    expect(normalizePhone('0086 755 1234 5678').ok && (normalizePhone('0086 755 1234 5678') as any).phone.key).toBe('+8675512345678');
  });

  it('flags Excel-mangled numbers instead of importing them', () => {
    expect(isExcelMangled('1.38177E+10')).toBe(true);
    expect(normalizePhone('1.38177E+10', 'CN')).toEqual({ ok: false, problem: 'excel-mangled', raw: '1.38177E+10' });
    expect(isExcelMangled('+86 138')).toBe(false);
  });

  it('splits and joins Chinese and Western names', () => {
    expect(splitName('张伟')).toEqual({ family: '张', given: '伟' });
    expect(splitName('欧阳娜娜')).toEqual({ family: '欧阳', given: '娜娜' });
    expect(splitName('Anna Maria Schmidt')).toEqual({ given: 'Anna Maria', family: 'Schmidt' });
    expect(splitName('Schmidt, Anna')).toEqual({ given: 'Anna', family: 'Schmidt' });
    expect(joinName('伟', '张')).toBe('张伟');
    expect(joinName('Anna', 'Schmidt')).toBe('Anna Schmidt');
  });

  it('extracts web domains', () => {
    expect(webDomain('https://www.Acme.com/contact')).toBe('acme.com');
    expect(webDomain('acme.cn')).toBe('acme.cn');
    expect(webDomain('not a url')).toBeUndefined();
  });

  it('maps lead sources typed in English or Chinese', () => {
    expect(normalizeSource('Trade Show')).toBe('trade-show');
    expect(normalizeSource('展会')).toBe('trade-show');
    expect(normalizeSource('referral')).toBe('referral');
    expect(normalizeSource('Something else')).toBe('Something else');
  });

  it('grades scores on the sales department scale', () => {
    expect([95, 90, 89, 75, 74, 60, 59, 0].map(grade)).toEqual(['excellent', 'excellent', 'good', 'good', 'fair', 'fair', 'poor', 'poor']);
  });
});

describe('dates', () => {
  it('accepts only real ISO dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('0000-00-00')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(parseIsoDate(' 2026-11-22 ')).toBe('2026-11-22');
    expect(parseIsoDate('22.11.2026')).toBeUndefined();
  });

  it('does date arithmetic in whole days', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(daysBetween('2026-11-01', '2026-11-22')).toBe(21);
    expect(daysBetween('2026-11-22T23:59:00Z', '2026-11-23')).toBe(1);
  });

  it('fixes today for --as-of while time still moves', () => {
    const c = fixedClock('2026-01-15');
    expect(c.today()).toBe('2026-01-15');
    expect(c.now().slice(0, 10)).toBe('2026-01-15');
  });
});

describe('day arithmetic', () => {
  it('matches the Date object for every day across four centuries', () => {
    for (let ms = Date.UTC(1899, 0, 1); ms < Date.UTC(2301, 0, 1); ms += 86_400_000 * 7 + 3_600_000 * 0) {
      const iso = new Date(ms).toISOString().slice(0, 10);
      expect(addDays(iso, 0)).toBe(iso);
      expect(addDays(iso, 1)).toBe(new Date(ms + 86_400_000).toISOString().slice(0, 10));
      expect(addDays(iso, -400)).toBe(new Date(ms - 400 * 86_400_000).toISOString().slice(0, 10));
    }
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(daysBetween('1970-01-01', '2026-11-22')).toBe(Date.UTC(2026, 10, 22) / 86_400_000);
  });
});
