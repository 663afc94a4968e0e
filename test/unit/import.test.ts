import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { mapHeaders, parseMapOverrides } from '../../src/domain/import-mapping.js';
import { buildLead, parseAmount, parseOrderDate, type FieldValue } from '../../src/domain/lead.js';
import { isSkippableRow, sniffCsv } from '../../src/io/csv-reader.js';
import { detectEncoding } from '../../src/io/encoding.js';
import { parseVCards } from '../../src/io/vcard.js';

const fv = (field: string | undefined, value: string, header = field ?? 'x', label?: string): FieldValue => ({ field, header, value, label });

describe('encoding detection', () => {
  it('tells BOMs, UTF-8, GBK and Windows-1252 apart', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), true)).toMatchObject({ encoding: 'utf8', bomLength: 3, how: 'bom' });
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0]), true)).toMatchObject({ encoding: 'utf16le', bomLength: 2 });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x41]), true)).toMatchObject({ encoding: 'utf16be', bomLength: 2 });
    expect(detectEncoding(Buffer.from('姓名,公司\n张伟,华为', 'utf8'), true).encoding).toBe('utf8');
    expect(detectEncoding(iconv.encode('姓名,公司,职位\n张伟,深圳华为技术有限公司,采购经理\n', 'gbk'), true).encoding).toBe('gb18030');
    expect(detectEncoding(iconv.encode('Vorname;Nachname;Straße\nJürgen;Müller;Hauptstraße 5\n', 'win1252'), true).encoding).toBe('windows1252');
    // a UTF-8 character cut at the end of a sample is not evidence against UTF-8
    const cut = Buffer.from('ab张', 'utf8').subarray(0, 4);
    expect(detectEncoding(cut, false).encoding).toBe('utf8');
    expect(detectEncoding(Buffer.from('x'), true, 'GBK')).toMatchObject({ encoding: 'gb18030', how: 'given' });
  });
});

describe('CSV layout', () => {
  it('finds the delimiter and a header below a preamble', () => {
    const l = sniffCsv('Notes:\n"some text, with commas"\n\nFirst Name,Last Name,Email Address,Company\nA,B,a@b.co,C\n', 'leads', {}, 'f.csv');
    expect(l).toMatchObject({ delimiter: ',', headerLine: 4, headers: ['First Name', 'Last Name', 'Email Address', 'Company'] });
    expect(sniffCsv('sep=;\nName;Firma;Telefon\nA;B;1\n', 'leads', {}, 'f.csv')).toMatchObject({ delimiter: ';', headerLine: 2, sepLine: true });
    expect(sniffCsv('姓名\t公司\t手机\n张三\t某公司\t138\n', 'leads', {}, 'f.csv').delimiter).toBe('\t');
    expect(sniffCsv('Name|Company|Email\nA|B|c@d.ee\n', 'leads', {}, 'f.csv').delimiter).toBe('|');
  });

  it('skips blank rows and one-cell report footers only', () => {
    expect(isSkippableRow(['', ' ', ''], 3)).toBe(true);
    expect(isSkippableRow(['Grand Totals (12 records)', '', ''], 3)).toBe(true);
    expect(isSkippableRow(['合计：12', '', ''], 3)).toBe(true);
    expect(isSkippableRow(['Totally Real Person', '', ''], 3)).toBe(false);
    expect(isSkippableRow(['Total', 'Acme', ''], 3)).toBe(false);
  });
});

describe('header mapping', () => {
  it('maps synonyms in several languages and export formats', () => {
    const m = mapHeaders('leads', ['姓名', '公司', 'E-mail 2 Address', 'Phone 1 - Value', 'Phone 1 - Type', 'Business Phone 2', 'Handy', 'Lieblingsfarbe']);
    expect(m.map((x) => x.field)).toEqual(['name', 'company', 'email', 'phone', undefined, 'phone', 'mobile', undefined]);
    expect(m[3]!.labelIndex).toBe(4);
    expect(m[4]!.by).toBe('ignored');
    expect(m[7]!.by).toBe('none');
  });
  it('maps HubSpot and Zoho exports', () => {
    const hubspot = ['First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Company Name', 'Job Title', 'Website URL', 'Street Address', 'City', 'State/Region', 'Postal Code', 'Country/Region', 'Contact owner', 'Lifecycle Stage'];
    expect(mapHeaders('leads', hubspot).map((x) => x.field)).toEqual(['givenName', 'familyName', 'email', 'phone', 'mobile', 'company', 'title', 'website', 'address', 'city', 'region', 'postcode', 'country', 'owner', undefined]);
    const zoho = ['Lead Owner', 'First Name', 'Last Name', 'Company', 'Title', 'Email', 'Secondary Email', 'Phone', 'Mobile', 'Fax', 'Skype ID', 'Website', 'Lead Source', 'Industry', 'No. of Employees', 'Mailing Street', 'Mailing City', 'Mailing State', 'Mailing Zip', 'Mailing Country', 'Description'];
    expect(mapHeaders('leads', zoho).map((x) => x.field)).toEqual(['owner', 'givenName', 'familyName', 'company', 'title', 'email', 'email', 'phone', 'mobile', 'fax', 'im', 'website', 'source', 'industry', 'employees', 'address', 'city', 'region', 'postcode', 'country', 'notes']);
  });
  it('treats Outlook "Title" as a salutation when "Job Title" exists', () => {
    expect(mapHeaders('leads', ['Title', 'Job Title']).map((x) => x.field)).toEqual([undefined, 'title']);
    expect(mapHeaders('leads', ['Title']).map((x) => x.field)).toEqual(['title']);
  });
  it('lets --map win and rejects unknown fields', () => {
    expect(mapHeaders('leads', ['Kontakt', 'Notes'], parseMapOverrides('leads', ['kontakt=name', 'Notes=ignore'])).map((x) => [x.field, x.by])).toEqual([
      ['name', 'map'],
      [undefined, 'ignored'],
    ]);
    expect(() => parseMapOverrides('leads', ['A=nope'])).toThrow(/unknown field/);
  });
});

describe('building a lead', () => {
  it('normalises, splits names, keeps bad values in extra', () => {
    const l = buildLead('f.csv', 2, [fv('name', '欧阳明'), fv('company', 'ＡＢＣ Co., Ltd.'), fv('mobile', '1.38177E+10', '手机'), fv('email', 'X@Y.COM; bad'), fv('phone', '0755-1234 5678'), fv(undefined, 'v', 'Other')], { country: 'CN' });
    expect(l).toMatchObject({ name: '欧阳明', familyName: '欧阳', givenName: '明', company: 'ABC Co., Ltd.', companyKey: 'abc', domain: 'y.com' });
    expect(l.points.map((p) => [p.kind, p.value])).toEqual([
      ['email', 'x@y.com'],
      ['phone', '+8675512345678'],
    ]);
    expect(l.extra).toEqual({ 手机: '1.38177E+10', email: 'bad', Other: 'v' });
    expect(l.flags).toHaveLength(2);
    expect(l.reject).toBeUndefined();
  });
  it('joins given and family names, reorders "Family, Given", and rejects empty rows', () => {
    expect(buildLead('f', 1, [fv('givenName', '伟'), fv('familyName', '张')], {}).name).toBe('张伟');
    expect(buildLead('f', 1, [fv('givenName', 'Anna'), fv('familyName', 'Schmidt')], {}).name).toBe('Anna Schmidt');
    expect(buildLead('f', 1, [fv('name', 'Smith, John')], {}).name).toBe('John Smith');
    expect(buildLead('f', 1, [fv('notes', 'only a note')], {}).reject).toMatch(/nothing to import/);
    // a bare email still makes a lead, named after the address
    expect(buildLead('f', 1, [fv('email', 'a@b.com')], {}).name).toBe('a@b.com');
  });
  it('uses the row country for phones written without +code', () => {
    const l = buildLead('f', 1, [fv('name', 'Jürgen'), fv('phone', '089 1234567'), fv('country', 'Deutschland')], { country: 'CN' });
    expect(l.points[0]!.value).toBe('+49891234567');
  });
});

describe('orders', () => {
  it('reads amounts and dates the way people write them', () => {
    expect(parseAmount('1,234.50')).toBe(1234.5);
    expect(parseAmount('1.234,50')).toBe(1234.5);
    expect(parseAmount('¥12,000')).toBe(12000);
    expect(parseAmount('abc')).toBeUndefined();
    expect(parseOrderDate('2026/3/4').date).toBe('2026-03-04');
    expect(parseOrderDate('2026年3月4日').date).toBe('2026-03-04');
    expect(parseOrderDate('15.05.2026').date).toBe('2026-05-15');
    expect(parseOrderDate('13/05/2026').date).toBe('2026-05-13');
    expect(parseOrderDate('03/04/2026').problem).toMatch(/--date-order/);
    expect(parseOrderDate('03/04/2026', 'mdy').date).toBe('2026-03-04');
    expect(parseOrderDate('2026-02-30').problem).toMatch(/not a valid date/);
  });
});

describe('vCard reader', () => {
  it('decodes quoted-printable with charsets and soft breaks, skips unindented base64', () => {
    const gb = [...iconv.encode('陈静', 'gb2312')].map((b) => '=' + b.toString(16).toUpperCase()).join('');
    const text = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      `FN;CHARSET=GB2312;ENCODING=QUOTED-PRINTABLE:${gb}`,
      'NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:a=',
      'b=E4=BD=A0',
      'PHOTO;ENCODING=BASE64;TYPE=JPEG:AAAA',
      'BBBBCCCC',
      '',
      'TEL;CELL;VOICE:123',
      'END:VCARD',
    ].join('\r\n');
    const [card] = parseVCards(Buffer.from(text, 'latin1').toString('latin1'), true, 'utf8');
    expect(card!.values.map((v) => [v.field, v.value])).toEqual([
      ['name', '陈静'],
      ['notes', 'ab你'],
      ['mobile', '123'],
    ]);
  });
  it('unfolds lines, reads itemN labels and structured values', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Doe;Jane;Q;;',
      'ORG:Acme\\, Inc.;Sales;EMEA',
      'item1.EMAIL;type=INTERNET:jane@acme.com',
      'item1.X-ABLabel:_$!<Work>!$_',
      'NOTE:one\\ntwo and a fol',
      ' ded line',
      'END:VCARD',
    ].join('\n');
    const [card] = parseVCards(text, false, 'utf8');
    expect(card!.line).toBe(1);
    expect(card!.values).toEqual([
      { field: 'familyName', header: 'N', value: 'Doe', label: undefined },
      { field: 'givenName', header: 'N', value: 'Jane', label: undefined },
      { field: 'middleName', header: 'N', value: 'Q', label: undefined },
      { field: 'company', header: 'ORG', value: 'Acme, Inc.', label: undefined },
      { field: 'department', header: 'ORG', value: 'Sales, EMEA', label: undefined },
      { field: 'email', header: 'EMAIL', value: 'jane@acme.com', label: 'work' },
      { field: 'notes', header: 'NOTE', value: 'one\ntwo and a folded line', label: undefined },
    ]);
  });
});
