import type { AccountFile } from '../../services/show.js';
import type { DocOutput, Field } from '../render.js';

/** The customer file as a document: profile, contacts, deals, open items, then the timeline. */
export function accountFileOutput(f: AccountFile, o: { timeline?: number } = {}): DocOutput {
  const shown = o.timeline === undefined ? f.timeline : o.timeline <= 0 ? [] : f.timeline.slice(-o.timeline);
  const hidden = f.timeline.length - shown.length;
  const rel = f.relationship;
  const reach = new Map(rel.people.map((p) => [p.id, p]));
  const b = rel.breadth;
  return {
    kind: 'doc',
    json: f,
    sections: [
      {
        title: `${f.name} (#${f.id}${f.archived ? ', archived' : ''})`,
        fields: [
          ['kind', f.kind],
          ['also known as', f.aliases],
          ['address', [f.address, f.postcode, f.city, f.region, f.country].filter(Boolean).join(', ')],
          ['phones', f.phones],
          ['emails', f.emails],
          ['website', f.website],
          ['industry', [f.industry, f.industryPosition].filter(Boolean).join(' · ')],
          ['main business', f.mainBusiness],
          ['business scope', f.businessScope],
          ['employees', f.employees],
          ['buying', [f.buyingMode && `by ${f.buyingMode}`, f.supplyChannels && `${f.supplyChannels} supply channel(s)`].filter(Boolean).join(', ')],
          ['source', [f.source, f.campaign].filter(Boolean).join(' · ')],
          ['referred by', f.referredBy ? `${f.referredBy.name} (#${f.referredBy.id})` : null],
          ['owner', f.owner],
          ['tags', f.tags],
          ['founded', f.foundedOn],
          ['strategic', f.strategic ? 'yes' : null],
          ['key face', f.keyFace],
          ['potential', f.potential],
          ['expected demand', f.expectedDemand, 'amount'],
          ['value score', f.valueScore, 'int'],
          ['lead score', f.leadScore, 'int'],
          ['tier', [f.tier, f.profitTier].filter(Boolean).join(' · ')],
          ['ladder', f.ladder],
          ['orders', f.orders.count || null, 'int'],
          ...orderMoneyFields(f.orders),
          ['last order', f.orders.last],
          ['last contact', f.lastContactOn],
          ['next due', f.nextDueOn],
          ['imported from', f.import ? `batch ${f.import.batchId}, ${f.import.file ?? ''} line ${f.import.line ?? '?'}` : null],
          ['notes', f.notes],
          ...Object.entries(f.extra ?? {}).map(([k, v]): Field => [`(${k})`, v]),
        ],
      },
      {
        title: 'Contacts',
        table: {
          columns: [
            { header: 'id', key: 'id', align: 'right' },
            { header: 'name', get: (c: any) => (c.aliases.length ? `${c.name} (${c.aliases.join(', ')})` : c.name) },
            { header: 'title', key: 'title', max: 24 },
            { header: 'phones', key: 'phones' },
            { header: 'emails', key: 'emails' },
            { header: 'department', key: 'department', max: 20 },
            { header: 'role', get: (c: any) => [c.buyingRole, ...c.entryRoles].filter(Boolean).join(', ') },
            { header: 'last contact', get: (c: any) => reach.get(c.id)?.lastContactOn ?? null },
            { header: `${b.days} d`, get: (c: any) => reach.get(c.id)?.recent ?? 0, align: 'right' },
            { header: 'warmth', get: (c: any) => reach.get(c.id)?.warmth ?? null },
            { header: 'birthday', key: 'birthday' },
            { header: 'personality / hobbies', get: (c: any) => [c.personality, c.hobbies].filter(Boolean).join(' / '), max: 30 },
          ],
          rows: f.contacts,
        },
      },
      {
        title: 'Relationship breadth (person → department → company)',
        fields: [
          ['level', b.summary],
          ['strategic', rel.strategicWhy],
          ['risk', rel.singleThreaded ? `single-threaded: ${rel.singleThreaded}` : null],
          ['people reached', `${b.peopleReached} of ${b.people} in ${b.days} days, in ${b.departmentsReached} department${b.departmentsReached === 1 ? '' : 's'}`],
          ['roles reached', b.rolesReached.length ? b.rolesReached : 'none'],
          ['roles not reached', [...b.rolesMissing, ...b.entryRolesMissing]],
        ],
        table: {
          columns: [
            { header: 'department', key: 'department', max: 24 },
            { header: 'people', key: 'people', align: 'right' },
            { header: `reached in ${b.days} d`, key: 'reached', align: 'right' },
            { header: 'who', key: 'names', max: 40 },
            { header: 'roles reached', key: 'roles', max: 40 },
            { header: 'last contact', key: 'lastContactOn' },
          ],
          rows: b.departments,
        },
      },
      {
        title: 'Important dates',
        table: {
          columns: [
            { header: 'date', key: 'date' },
            { header: 'what', key: 'kind' },
            { header: 'who', key: 'contact' },
            { header: 'label', key: 'label' },
          ],
          rows: f.importantDates,
        },
      },
      {
        title: 'Ladder',
        lines: f.ladderHistory.length ? [f.ladderHistory.map((l) => `${l.since} ${l.rung}`).join('  →  ')] : [],
      },
      {
        title: 'Deals',
        table: {
          columns: [
            { header: 'id', key: 'id', align: 'right' },
            { header: 'title', key: 'title' },
            { header: 'stage', key: 'stage' },
            { header: 'status', key: 'status' },
            { header: 'amount', key: 'amount', kind: 'amount' },
            { header: 'currency', key: 'currency' },
            { header: 'expected close', key: 'expectedClose' },
          ],
          rows: f.deals,
        },
      },
      {
        title: 'Open promises',
        table: { columns: [{ header: 'id', key: 'id' }, { header: 'what', key: 'what' }, { header: 'due', key: 'dueOn' }, { header: 'by', key: 'madeBy' }], rows: f.openPromises },
      },
      {
        title: 'Open next steps',
        table: { columns: [{ header: 'id', key: 'id' }, { header: 'what', key: 'what' }, { header: 'due', key: 'dueOn' }], rows: f.openNextSteps },
      },
      {
        title: 'Open complaints',
        table: { columns: [{ header: 'id', key: 'id' }, { header: 'complaint', key: 'summary' }, { header: 'opened', key: 'openedOn' }, { header: 'status', key: 'status' }], rows: f.openComplaints },
      },
      {
        title: 'Timeline',
        table: {
          columns: [
            { header: 'when', get: (e: any) => String(e.at).slice(0, 16).replace('T', ' ') },
            { header: 'what', key: 'kind' },
            { header: 'by', key: 'by' },
            { header: 'summary', key: 'summary', max: 90 },
          ],
          rows: shown,
        },
        lines: hidden ? [`${hidden} earlier event${hidden === 1 ? '' : 's'} not shown (crm show ${f.id} for all)`] : [],
      },
    ],
  };
}

/**
 * Revenue and profit in the base currency; with several currencies, what they were entered as;
 * when one has no rate, the totals per currency and the rate to set (never a raw sum).
 */
function orderMoneyFields(o: AccountFile['orders']): Field[] {
  if (!o.count) return [];
  const n = (x: number) => (Math.round(x * 100) / 100).toLocaleString('en-US');
  const entered = o.byCurrency.map((c) => `${n(c.revenue)} ${c.currency}`).join(' + ');
  if (o.revenue === null) return [['revenue', `${entered} (${o.missingRate})`]];
  return [
    [`revenue (${o.currency})`, o.revenue, 'amount'],
    ...(o.byCurrency.some((c) => c.currency !== o.currency) ? [['revenue as entered', entered] as Field] : []),
    [`profit (${o.currency})`, o.profit, 'amount'],
  ];
}
