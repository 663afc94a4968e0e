import { describe, expect, it } from 'vitest';
import { safeJson, sanitize, sanitizeRaw } from '../../src/cli/render.js';
import { binaryContent, damagedUtf8 } from '../../src/io/encoding.js';

describe('terminal sanitising', () => {
  it('removes CSI, OSC (BEL and ST ended), 8-bit CSI, bidi controls and C0 controls, keeping text', () => {
    expect(sanitize('a\u001b[31mred\u001b[0m b')).toBe('ared b');
    expect(sanitize('x\u001b]8;;https://e.example/\u0007link\u001b]8;;\u0007y')).toBe('xlinky');
    expect(sanitize('t\u001b]0;title\u001b\\u')).toBe('tu');
    expect(sanitize('c\u009b2Jd')).toBe('c2Jd');
    expect(sanitize('\u202Eevil\u202C \u2067iso\u2069 \u200Fm')).toBe('evil iso m');
    expect(sanitize('a\rb\u0007c\u0008d\u007fe\u0000f')).toBe('abcdef');
    expect(sanitize('line1\nline2\tcol')).toBe('line1\nline2\tcol');
    expect(sanitize('张伟 Müller ☎')).toBe('张伟 Müller ☎');
  });

  it('keeps CRLF in pre-rendered text', () => {
    expect(sanitizeRaw('BEGIN:VCARD\r\nFN:A\u001b[2J\r\nEND:VCARD\r\n')).toBe('BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n');
  });

  it('writes JSON that has no raw control or bidi character and parses back to the same value', () => {
    const v = { name: 'E\u001b[31mvil\u009b \u202Egnp\u202C\u2028x', n: 1 };
    const text = safeJson(v);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2028]/);
    expect(JSON.parse(text)).toEqual(v);
  });
});

describe('import file checks', () => {
  it('finds NUL bytes and control-byte noise, with the line', () => {
    expect(binaryContent(Buffer.from('a,b\nc,d\n'))).toBeUndefined();
    expect(binaryContent(Buffer.from('a,b\r\nc\td\f\n'))).toBeUndefined();
    expect(binaryContent(Buffer.from('a,b\nc,d\ne\u0000f\n'))).toEqual({ line: 3, nul: true });
    expect(binaryContent(Buffer.from('x'.repeat(100) + '\u0001'.repeat(20)))).toEqual({ line: 1, nul: false });
  });

  it('tells damaged UTF-8 from another encoding', () => {
    const utf8 = Buffer.from('name\n张伟,深圳\n李娜,杭州\n', 'utf8');
    expect(damagedUtf8(utf8, true)).toBeUndefined();
    // cut in the middle of the last character
    expect(damagedUtf8(utf8.subarray(0, utf8.length - 2), true)).toEqual({ line: 3 });
    // a sample that ends mid-character is not damage
    expect(damagedUtf8(utf8.subarray(0, utf8.length - 2), false)).toBeUndefined();
    // one bad byte among good characters
    expect(damagedUtf8(Buffer.concat([Buffer.from('张伟\n'), Buffer.from([0xff]), Buffer.from('\n李娜\n')]), true)).toEqual({ line: 2 });
    // Windows-1252 (é = E9) and GBK (张伟 = D5 C5 CE B0) are other encodings, not damage
    expect(damagedUtf8(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a, 0x52, 0xe9, 0x73, 0x75, 0x6d, 0xe9]), true)).toBeUndefined();
    expect(damagedUtf8(Buffer.from([0xd5, 0xc5, 0xce, 0xb0, 0x2c, 0xc9, 0xee, 0xdb, 0xda, 0x0a, 0xc0, 0xee, 0xc4, 0xc8]), true)).toBeUndefined();
  });
});
