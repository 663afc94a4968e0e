import { describe, expect, it } from 'vitest';
import type { Lead, LeadPoint } from '../../src/domain/lead.js';
import { accountValues, mergeAccount, mergeContact, mergeExtra, pointsToAdd, revertPatch, same, type AccountFields, type ContactFields } from '../../src/domain/merge.js';

function lead(over: Partial<Lead> = {}): Lead {
  return {
    file: 'f.csv', line: 2, name: 'Li Wei', nameKey: 'li wei', givenName: 'Wei', familyName: 'Li', title: null, department: null, birthday: null,
    personality: null, hobbies: null, buyingRole: null, notes: null, company: 'Acme Ltd', companyKey: 'acme', website: null, domain: null, address: null,
    city: null, region: null, postcode: null, country: null, industry: null, employees: null, mainBusiness: null, businessScope: null, source: null,
    campaign: null, owner: null, tags: [], accountNotes: null, points: [], companyPoints: [], extra: {}, flags: [], ...over,
  };
}
const contact = (over: Partial<ContactFields> = {}): ContactFields => ({
  name: 'Li Wei', name_key: 'li wei', given_name: null, family_name: null, title: null, department: null, personality: null, hobbies: null,
  birthday: null, buying_role: null, notes: null, extra: null, ...over,
});
const account = (over: Partial<AccountFields> = {}): AccountFields => ({
  kind: 'company', name: 'Acme Ltd', name_key: 'acme', website: null, domain: null, address: null, city: null, region: null, country: null,
  postcode: null, industry: null, employees: null, main_business: null, business_scope: null, source: null, campaign: null, owner_id: null,
  notes: null, extra: null, ...over,
});
const pt = (kind: LeadPoint['kind'], key: string): LeadPoint => ({ kind, label: null, value: key, raw: key, key });

describe('merge rules', () => {
  it('same: case, width and spaces aside', () => {
    expect(same(' ACME  Ltd', 'acme ltd')).toBe(true);
    expect(same('Ａｃｍｅ', 'acme')).toBe(true);
    expect(same('Acme', 'Acme Ltd')).toBe(false);
    expect(same(null, '')).toBe(true);
  });

  it('a contact merge fills empty fields and reports differing ones, never the name parts', () => {
    const m = mergeContact(contact({ title: 'Buyer', given_name: 'W.' }), lead({ title: 'Head of Purchasing', department: 'Purchasing', givenName: 'Wei', notes: 'met at fair' }));
    expect(m.set).toEqual({ family_name: [null, 'Li'], department: [null, 'Purchasing'], notes: [null, 'met at fair'] });
    expect(m.conflicts).toEqual([{ field: 'title', existing: 'Buyer', incoming: 'Head of Purchasing' }]);
  });

  it('a different name is a conflict unless the row named the person by an email or number', () => {
    expect(mergeContact(contact(), lead({ name: 'Wei Li', nameKey: 'wei li' })).conflicts).toEqual([{ field: 'name', existing: 'Li Wei', incoming: 'Wei Li' }]);
    const byEmail = lead({ name: 'li@acme.cn', nameKey: 'li@acme.cn', points: [{ ...pt('email', 'li@acme.cn'), value: 'li@acme.cn' }] });
    expect(mergeContact(contact(), byEmail).conflicts).toEqual([]);
  });

  it('extra columns are added, differing ones are conflicts', () => {
    const out = { set: {}, conflicts: [] as { field: string; existing: string; incoming: string }[] };
    mergeExtra('{"WeChat":"liwei"}', { WeChat: 'li_wei', Booth: 'B12' }, out);
    expect(out.set).toEqual({ extra: ['{"WeChat":"liwei"}', '{"WeChat":"liwei","Booth":"B12"}'] });
    expect(out.conflicts).toEqual([{ field: 'extra.WeChat', existing: 'liwei', incoming: 'li_wei' }]);
  });

  it('an account merge fills empty fields, keeps where it first came from, and sets an owner only where none', () => {
    const l = lead({ city: 'Shenzhen', website: 'https://www.acme.cn', source: 'website', campaign: 'Spring' });
    const m = mergeAccount(account({ city: 'Guangzhou', source: 'trade-show' }), l, accountValues(l, { source: null, campaign: null }), 7);
    expect(m.set).toEqual({ website: [null, 'https://www.acme.cn'], domain: [null, 'acme.cn'], campaign: [null, 'Spring'], owner_id: [null, 7] });
    expect(m.conflicts).toEqual([{ field: 'city', existing: 'Guangzhou', incoming: 'Shenzhen' }]);
    expect(mergeAccount(account({ owner_id: 3 }), l, {}, null).set).toEqual({});
  });

  it('a company on a row merged into a person of their own, or into another company name, is a conflict', () => {
    expect(mergeAccount(account({ kind: 'individual', name: 'Li Wei', name_key: 'li wei' }), lead(), {}, null).conflicts).toEqual([{ field: 'company', existing: '(none)', incoming: 'Acme Ltd' }]);
    expect(mergeAccount(account({ name: 'Other Co', name_key: 'other' }), lead(), {}, null).conflicts).toEqual([{ field: 'company', existing: 'Other Co', incoming: 'Acme Ltd' }]);
  });

  it('the same website is no conflict whatever its form', () => {
    const l = lead({ website: 'acme.cn/en' });
    expect(mergeAccount(account({ website: 'https://www.acme.cn' }), l, accountValues(l, { source: null, campaign: null }), null).conflicts).toEqual([]);
  });

  it("the import --source and --campaign are defaults under the row's own", () => {
    expect(accountValues(lead({ source: 'referral' }), { source: 'trade-show', campaign: 'Fair' })).toMatchObject({ source: 'referral', campaign: 'Fair' });
    expect(accountValues(lead({ name: null, notes: 'company note' }), { source: null, campaign: null }).notes).toBe('company note');
  });

  it('points: a number is one number whatever kind it was filed under; the first point of nobody is primary', () => {
    const add = pointsToAdd([{ kind: 'phone', match_key: '+8613800000001' }], [pt('mobile', '+8613800000001'), pt('email', 'a@x.cn'), pt('im', '+8613800000001'), pt('email', 'a@x.cn')]);
    expect(add.map((a) => [a.point.kind, a.primary])).toEqual([
      ['email', false],
      ['im', false],
    ]);
    expect(pointsToAdd([], [pt('email', 'a@x.cn'), pt('mobile', '+861')]).map((a) => a.primary)).toEqual([true, false]);
  });

  it('points: 100,000 of them are compared in linear time', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => pt('email', `m${i}@x.cn`));
    expect(pointsToAdd([], many)).toHaveLength(100_000);
  });

  it('undo puts back what still holds the merged value and keeps what was edited since', () => {
    const changes = { city: [null, 'Shenzhen'], title: ['', 'Buyer'] } as Record<string, [unknown, unknown]>;
    expect(revertPatch({ city: 'shenzhen ', title: 'Head buyer' }, changes)).toEqual({ patch: { city: null }, kept: 1 });
  });
});
