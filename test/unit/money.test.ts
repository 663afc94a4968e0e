import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../../src/domain/config.js';
import { orderMoney } from '../../src/domain/lead.js';
import {
  currencyCode,
  entryCurrency,
  MissingRateError,
  moneyConfig,
  parseAmount,
  parseMoney,
  rateOn,
  rateSegments,
  requireRates,
  shownCurrency,
  toBase,
} from '../../src/domain/money.js';

const cfg = (x: Record<string, unknown>): Config => ({ ...DEFAULT_CONFIG, ...x });

describe('currency codes and amounts as typed', () => {
  it('reads symbols, words and codes', () => {
    expect(currencyCode('¥')).toBe('CNY');
    expect(currencyCode('RMB')).toBe('CNY');
    expect(currencyCode('rmb')).toBe('CNY');
    expect(currencyCode('元')).toBe('CNY');
    expect(currencyCode('€')).toBe('EUR');
    expect(currencyCode('£')).toBe('GBP');
    expect(currencyCode('US$')).toBe('USD');
    expect(currencyCode('eur')).toBe('EUR');
    expect(currencyCode('HK$')).toBe('HKD');
    expect(currencyCode('XQZ')).toBeUndefined();
    expect(currencyCode('euros')).toBe('EUR');
  });

  it('parses "1.234,50 €", "¥12,000", "US$ 99.90", "RMB 12000", "12000元", "-80 USD"', () => {
    expect(parseMoney('1.234,50 €')).toEqual({ amount: 1234.5, currency: 'EUR' });
    expect(parseMoney('¥12,000')).toEqual({ amount: 12000, currency: 'CNY' });
    expect(parseMoney('US$ 99.90')).toEqual({ amount: 99.9, currency: 'USD' });
    expect(parseMoney('RMB 12000')).toEqual({ amount: 12000, currency: 'CNY' });
    expect(parseMoney('12000元')).toEqual({ amount: 12000, currency: 'CNY' });
    expect(parseMoney('£1,200')).toEqual({ amount: 1200, currency: 'GBP' });
    expect(parseMoney('-80 USD')).toEqual({ amount: -80, currency: 'USD' });
    expect(parseMoney('-€5')).toEqual({ amount: -5, currency: 'EUR' });
    expect(parseMoney('1 234,50 EUR')).toEqual({ amount: 1234.5, currency: 'EUR' });
    expect(parseMoney('5800')).toEqual({ amount: 5800 });
    expect(parseMoney('12 XQZ').problem).toMatch(/not a currency/);
    expect(parseMoney('€ 5 USD').problem).toMatch(/twice/);
    expect(parseMoney('abc').problem).toBeTruthy();
  });

  it('keeps the decimal rules of parseAmount', () => {
    expect(parseAmount('1,234.50')).toBe(1234.5);
    expect(parseAmount('1.234,50')).toBe(1234.5);
    expect(parseAmount('1.234.567')).toBe(1234567);
    expect(parseAmount('12,5')).toBe(12.5);
    expect(parseAmount('12,000')).toBe(12000);
  });

  it('an order row: currency column or symbol, and a clear problem when they disagree', () => {
    expect(orderMoney('1.234,50 €', '200 €', undefined)).toEqual({ amount: 1234.5, profit: 200, currency: 'EUR' });
    expect(orderMoney('1234.5', undefined, 'eur')).toEqual({ amount: 1234.5, profit: null, currency: 'EUR' });
    expect(orderMoney('¥1000', undefined, 'RMB')).toEqual({ amount: 1000, profit: null, currency: 'CNY' });
    expect(orderMoney('€1000', undefined, 'USD').problem).toMatch(/disagree \(EUR, USD\)/);
    expect(orderMoney('1000', undefined, 'dollars?').problem).toMatch(/not a currency code/);
  });
});

describe('base currency and rates from the config', () => {
  const m = moneyConfig(cfg({ currency: 'CNY', rates: { EUR: { '2025-01-01': 7.8, '2024-01-01': 7.6 }, USD: 7.1 } }));

  it('the rate in effect on a date: dated rates from their date on, the first one before it', () => {
    expect(rateOn(m, 'EUR', '2025-06-01')).toBe(7.8);
    expect(rateOn(m, 'EUR', '2025-01-01')).toBe(7.8);
    expect(rateOn(m, 'EUR', '2024-12-31')).toBe(7.6);
    expect(rateOn(m, 'EUR', '2020-01-01')).toBe(7.6);
    expect(rateOn(m, 'USD', '2020-01-01')).toBe(7.1);
    expect(rateOn(m, null, '2020-01-01')).toBe(1);
    expect(rateOn(m, 'CNY', '2020-01-01')).toBe(1);
    expect(rateOn(m, 'GBP', '2020-01-01')).toBeUndefined();
    expect(toBase(m, 100, 'EUR', '2024-05-05')).toBeCloseTo(760);
  });

  it('a missing rate names the currency and the config key', () => {
    expect(() => toBase(m, 100, 'GBP', '2025-01-01')).toThrow(MissingRateError);
    expect(() => toBase(m, 100, 'GBP', '2025-01-01')).toThrow(/no exchange rate for GBP.*rates\.GBP/);
    expect(() => requireRates(m, [{ currency: 'EUR', where: 'orders' }, { currency: 'GBP', where: 'orders' }])).toThrow(/GBP \(orders\)/);
    expect(() => requireRates(m, [{ currency: null, where: 'orders' }, { currency: 'USD', where: 'deals' }])).not.toThrow();
  });

  it('defaults: CNY, no rates, not configured (new amounts stay "in the base")', () => {
    const d = moneyConfig(DEFAULT_CONFIG);
    expect(d.base).toBe('CNY');
    expect(d.configured).toBe(false);
    expect(entryCurrency(d, undefined)).toBeNull();
    expect(entryCurrency(m, undefined)).toBe('CNY');
    expect(entryCurrency(m, '€')).toBe('EUR');
    expect(() => entryCurrency(m, 'dollars')).toThrow(/not a currency/);
    expect(shownCurrency(d, null)).toBe('CNY');
  });

  it('rejects bad config values with the key', () => {
    expect(() => moneyConfig(cfg({ currency: 'yuan' }))).toThrow(/config: currency/);
    expect(() => moneyConfig(cfg({ rates: { EUR: 0 } }))).toThrow(/rates\.EUR must be a number above 0/);
    expect(() => moneyConfig(cfg({ rates: { EUR: { 'last year': 7 } } }))).toThrow(/rates\.EUR/);
    expect(() => moneyConfig(cfg({ rates: { dollars: 7 } }))).toThrow(/rates\.dollars/);
    expect(rateOn(moneyConfig(cfg({ rates: { eur: 7 } })), 'EUR', '2026-01-01')).toBe(7);
    expect(() => moneyConfig(cfg({ currency: 'EUR', rates: { EUR: 2 } }))).toThrow(/base currency/);
    expect(moneyConfig(cfg({ currency: 'EUR', rates: { EUR: 1, CNY: 0.128 } })).rates.has('EUR')).toBe(false);
  });

  it('segments for SQL: newest first per currency, the oldest open-ended', () => {
    expect(rateSegments(m)).toEqual({
      base: 'CNY',
      segments: [
        { currency: 'EUR', from: '2025-01-01', rate: 7.8 },
        { currency: 'EUR', from: null, rate: 7.6 },
        { currency: 'USD', from: null, rate: 7.1 },
      ],
    });
  });
});
