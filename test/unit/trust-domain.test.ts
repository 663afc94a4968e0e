// The pure rules behind issue 13 points 9, 11, 13 and 14: places, phone regions, cultures, sources.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CULTURES, greets, personCulture } from '../../src/domain/holidays.js';
import { buildLead } from '../../src/domain/lead.js';
import { countryCode, normalizePhone, phoneRegion } from '../../src/domain/normalize.js';
import { loadRomanizer } from '../../src/domain/romanize.js';
import { fillPlace, parseAddress, placeKey, regionOfCity } from '../../src/domain/places.js';
import { layout } from '../../src/domain/visits.js';
import { LEAD_SOURCES, knownSource, normalizeSource, sourceOfFlag, unknownSourceFlag } from '../../src/domain/vocab.js';

describe('places', () => {
  it('reads Chinese addresses: province, city, municipality, postcode', () => {
    expect(parseAddress('深圳市南山区科技园南区8栋')).toEqual({ city: '深圳', region: '广东', country: 'CN' });
    expect(parseAddress('广东省东莞市长安镇振安路1号')).toMatchObject({ city: '东莞', region: '广东' });
    expect(parseAddress('中国上海市浦东新区世纪大道100号')).toMatchObject({ city: '上海', region: '上海' });
    expect(parseAddress('518000 深圳市福田区')).toMatchObject({ postcode: '518000', city: '深圳' });
    // a city the gazetteer does not know, after its province
    expect(parseAddress('湖北省黄石市下陆区')).toMatchObject({ city: '黄石', region: '湖北' });
    // a street named after a city is not the city
    expect(parseAddress('南京路100号')).toEqual({});
  });

  it('reads European addresses: postcode and city, country line, districts', () => {
    const cc = (s: string) => countryCode(s);
    expect(parseAddress('Unter den Linden 1, 10115 Berlin', cc)).toEqual({ postcode: '10115', city: 'Berlin', region: 'Berlin', country: 'DE' });
    expect(parseAddress('Marienplatz 8, D-80331 München, Germany', cc)).toEqual({ country: 'DE', postcode: '80331', city: 'München', region: 'Bayern' });
    expect(parseAddress('Keizersgracht 1, 1015 CJ Amsterdam, Nederland', cc)).toMatchObject({ country: 'NL', postcode: '1015 CJ', city: 'Amsterdam' });
    expect(parseAddress('10 Downing Street, London SW1A 2AA', cc)).toMatchObject({ city: 'London', postcode: 'SW1A 2AA', country: 'GB' });
    expect(parseAddress('Nanshan District, Shenzhen, Guangdong, China', cc)).toEqual({ country: 'CN', region: 'Guangdong', city: 'Shenzhen' });
    expect(parseAddress('Torstraße 5, 10119 Berlin-Mitte', cc)).toMatchObject({ city: 'Berlin', country: 'DE' });
    // a street line alone says nothing about the city
    expect(parseAddress('1600 Amphitheatre Parkway', cc)).toEqual({});
  });

  it('keys every spelling of a place alike', async () => {
    const same = (names: string[], rom?: Parameters<typeof placeKey>[2]) => new Set(names.map((n) => placeKey(n, null, rom))).size;
    expect(same(['深圳', '深圳市', 'Shenzhen', 'SHENZHEN CITY', 'shenzhen shi'])).toBe(1);
    expect(same(['广东', '广东省', 'Guangdong', 'guangdong province'])).toBe(1);
    expect(same(['München', 'Munich', 'Muenchen', '慕尼黑'])).toBe(1);
    expect(placeKey('陕西')).not.toBe(placeKey('山西'));
    expect(placeKey('泰州')).not.toBe(placeKey('台州'));
    expect(placeKey('Taizhou', 'Jiangsu')).toBe(placeKey('泰州'));
    // unknown to the gazetteer: through pinyin
    const rom = await loadRomanizer();
    expect(same(['黄石', '黄石市', 'Huangshi'], rom)).toBe(1);
    expect(placeKey('黄石')).not.toBe(placeKey('Huangshi'));
  });

  it('fills what a record lacks, and trusts a city column over the address', () => {
    expect(fillPlace({ address: '深圳市南山区', city: null, region: null, postcode: null, country: null })).toMatchObject({ city: '深圳', region: '广东', country: 'CN' });
    expect(fillPlace({ address: null, city: 'Shenzhen', region: null, postcode: null, country: null })).toMatchObject({ region: 'Guangdong', country: 'CN' });
    expect(fillPlace({ address: '深圳市南山区', city: '广州', region: null, postcode: null, country: null })).toMatchObject({ city: '广州', region: '广东' });
    expect(regionOfCity('Hamburg')).toBe('Hamburg');
    expect(regionOfCity('nowhere')).toBeUndefined();
  });

  it('lays out one city at a time whatever its spelling', () => {
    const v = (city: string, score: number) => ({ city, region: null, score });
    const picked = [v('Shenzhen', 20), v('Dongguan', 30), v('深圳', 20)];
    const byKey = layout(picked, ['d1', 'd2'], 2, (p) => placeKey(p.city));
    expect(byKey.filter((x) => x.day === 'd1').map((x) => x.item.city)).toEqual(['Shenzhen', '深圳']);
  });
});

describe('phones typed by hand', () => {
  it('are read in the account country, else the default', () => {
    expect(phoneRegion('CN', 'DE')).toBe('CN');
    expect(phoneRegion('Germany', null)).toBe('DE');
    expect(phoneRegion(null, 'de')).toBe('DE');
    expect(phoneRegion(null, null)).toBeUndefined();
    expect(countryCode('UK')).toBe('GB');
    const p = normalizePhone('13812345678', phoneRegion('中国', null));
    expect(p.ok && p.phone.value).toBe('+8613812345678');
  });

  it('an imported row with an address and no country column reads its phones in the address country', () => {
    const lead = buildLead('f.csv', 2, [
      { field: 'name', header: 'Name', value: 'Anna Schmidt' },
      { field: 'phone', header: 'Phone', value: '030 1234567' },
      { field: 'address', header: 'Address', value: 'Unter den Linden 1, 10115 Berlin' },
    ], { country: 'CN' });
    expect(lead.points[0]).toMatchObject({ value: '+49301234567' });
    expect(lead).toMatchObject({ city: 'Berlin', region: 'Berlin', postcode: '10115', country: 'DE' });
  });
});

describe('greeting cultures', () => {
  const cfg = DEFAULT_CULTURES;
  it('come from the country and from the script of the name', () => {
    expect(personCulture('张伟', 'CN', cfg).cultures).toEqual(['chinese']);
    expect(personCulture('王芳', 'DE', cfg).cultures).toEqual(['chinese', 'western']);
    expect(personCulture('Hans Müller', 'DE', cfg).cultures).toEqual(['western']);
    expect(personCulture('Hans Müller', null, cfg).cultures).toEqual([]);
    // Japanese names are written in Han characters too: in Japan the script says nothing
    expect(personCulture('田中太郎', 'JP', cfg).cultures).toEqual([]);
    expect(personCulture('王芳', 'DE', { ...cfg, scripts: { Han: 'chinese' } }).cultures).toEqual(['chinese', 'western']);
    expect(personCulture('王芳', 'DE', { ...cfg, scripts: { Han: null } }).cultures).toEqual(['western']);
  });

  it('decide who is greeted on which holiday', () => {
    const zh = personCulture('张伟', 'CN', cfg);
    const de = personCulture('Hans Müller', 'DE', cfg);
    const tw = personCulture('陈美玲', 'TW', cfg);
    const nobody = personCulture('Alex Doe', null, cfg);
    expect(greets('mid-autumn', zh, cfg)).toBe(true);
    expect(greets('mid-autumn', de, cfg)).toBe(false);
    expect(greets('christmas', de, cfg)).toBe(true);
    expect(greets('christmas', zh, cfg)).toBe(false);
    expect(greets('national-day', zh, cfg)).toBe(true);
    expect(greets('national-day', tw, cfg)).toBe(false);
    expect(greets('new-year', de, cfg)).toBe(true);
    // unknown culture: greeted on every holiday by default, on none restricted with "none"
    expect(greets('christmas', nobody, cfg)).toBe(true);
    expect(greets('christmas', nobody, { ...cfg, unknownCulture: 'none' })).toBe(false);
    expect(greets('national-day', personCulture('Taro', 'JP', cfg), cfg)).toBe(false);
  });
});

describe('lead sources', () => {
  it('map every source of the domain notes in English and Chinese', () => {
    const words: Record<string, string[]> = {
      'trade-show': ['Trade Show', 'trade fair', 'Expo', 'Messe', '展会', '展览会', '广交会', '博览会'],
      referral: ['Referral', 'referred by customer', 'word of mouth', '转介绍', '客户介绍', '推荐'],
      'existing-customer': ['existing customer', 'Old customer', '老客户', '回头客'],
      'cold-visit': ['cold visit', 'Cold call', '陌拜', '陌生拜访', '扫街'],
      dm: ['DM', 'direct mail', '直邮'],
      'mailing-list': ['mailing list', 'Newsletter', '邮件列表'],
      advertising: ['Advertising', 'newspaper', 'ad', '广告', '报纸'],
      directory: ['yellow pages', 'Directories', '黄页', '企业名录'],
      web: ['Website', 'e-commerce', 'Alibaba', '网站', '电商', '阿里巴巴'],
      'personal-network': ['personal network', 'friends', '人脉', '朋友介绍'],
      'competitor-customer': ["competitor's customer", 'Competitor', '竞争对手客户', '竞品客户'],
      inherited: ['Inherited', 'handover', 'previous rep', '继承', '交接', '前任'],
    };
    for (const key of Object.keys(LEAD_SOURCES)) if (key !== 'other') expect(words[key], key).toBeDefined();
    for (const [key, list] of Object.entries(words))
      for (const w of [key, ...list]) {
        expect(knownSource(w), w).toBe(key);
        expect(normalizeSource(w), w).toBe(key);
      }
    expect(normalizeSource('Canton Fair')).toBe('Canton Fair');
    expect(knownSource('Canton Fair')).toBeUndefined();
  });

  it('flag an unknown source on an imported row, and the flag reads back', () => {
    const lead = buildLead('f.csv', 3, [
      { field: 'company', header: 'Company', value: 'Acme' },
      { field: 'source', header: 'Source', value: 'Canton Fair' },
    ], {});
    expect(lead.source).toBe('Canton Fair');
    expect(lead.flags).toEqual([unknownSourceFlag('Canton Fair')]);
    expect(sourceOfFlag(lead.flags[0]!)).toBe('Canton Fair');
    expect(buildLead('f.csv', 4, [{ field: 'company', header: 'Company', value: 'B' }, { field: 'source', header: 'Source', value: '继承' }], {}).flags).toEqual([]);
  });
});
