// The daily follow-up list and what acts on it: crm due, crm done, crm snooze, crm greetings.
import type { Command } from 'commander';
import { addDays } from '../../domain/dates.js';
import { UsageError } from '../../domain/errors.js';
import { MAX_DAYS } from '../../domain/limits.js';
import { listDue, markDone, refreshAllDue, snooze, type DueItem } from '../../services/due.js';
import { greetingList, type GreetingRow } from '../../services/greetings.js';
import { dateArg, daysArg, examples, intIn, limitOrAllArg } from '../options.js';
import { sanitize, type Column } from '../render.js';
import { outputWidth, withSession } from '../runtime.js';
import { wrap } from '../table.js';
import { bookOwner } from '../../services/reps.js';

function overdueText(i: DueItem): string {
  if (i.overdueDays > 0) return `${i.overdueDays} day${i.overdueDays === 1 ? '' : 's'} overdue`;
  if (i.overdueDays === 0) return 'due today';
  return `in ${-i.overdueDays} day${i.overdueDays === -1 ? '' : 's'}`;
}

/** The default view: a numbered to-do list, three lines an item, that reads well in a terminal and in a mail. */
function dueText(items: DueItem[], title: string, explain: boolean, width: number | undefined): string {
  const out = [title, ''];
  const w = String(items.length).length;
  items.forEach((i, n) => {
    const who = [i.account, i.contact, i.phone].filter(Boolean).join(' · ');
    const pad = ' '.repeat(w + 2);
    // long lines wrap under themselves at the terminal's width (or $COLUMNS), never run past it
    const line = (text: string, indent = pad.length + 5) => out.push(...(width ? wrap(text, width, indent) : [text]));
    line(`${String(n + 1).padStart(w)}. [${i.urgency}] ${who || '(all customers)'}  ${i.id}`, pad.length);
    line(`${pad}why: ${i.reason} — ${overdueText(i)} (${i.dueOn})`);
    line(`${pad}do:  ${i.action}`);
    if (explain) line(`${pad}urgency: ${termsText(i)}`);
  });
  return sanitize(out.join('\n')) + '\n';
}

const termsText = (i: DueItem) => i.terms.map((t) => `${t.term} ${t.value > 0 ? '+' : ''}${t.value} (${t.why})`).join(', ');

function dueColumns(explain: boolean): Column<DueItem>[] {
  const cols: Column<DueItem>[] = [
    // priority: what stays in a narrow terminal (the account, why and what to do)
    { header: 'urgency', key: 'urgency', kind: 'num', priority: 8 },
    { header: 'id', key: 'id', priority: 4 },
    { header: 'kind', key: 'kind', priority: 3 },
    { header: 'account', key: 'account', max: 28, priority: 10 },
    { header: 'contact', key: 'contact', max: 14, priority: 5 },
    { header: 'phone', key: 'phone', priority: 6 },
    { header: 'why', key: 'reason', max: explain ? 60 : 70, priority: 9 },
    { header: 'since', key: 'since', priority: 1 },
    // Days overdue (negative: due in that many days); CSV keeps the number.
    { header: 'overdue', key: 'overdueDays', show: (d: number) => (d > 0 ? `${d}d` : d === 0 ? 'today' : `in ${-d}d`), align: 'right', priority: 7 },
    { header: 'do', key: 'action', max: explain ? 40 : 60, priority: 7 },
  ];
  if (explain) cols.push({ header: 'urgency terms', get: termsText });
  return cols;
}

const greetingColumns: Column<GreetingRow>[] = [
  { header: 'holiday', key: 'holiday' },
  { header: 'date', key: 'date' },
  { header: 'salutation', key: 'salutation' },
  { header: 'name', key: 'name' },
  { header: 'title', key: 'title' },
  { header: 'company', key: 'company' },
  { header: 'email', key: 'email' },
  { header: 'phone', key: 'phone' },
  { header: 'address', key: 'address' },
  { header: 'city', key: 'city' },
  { header: 'postcode', key: 'postcode' },
  { header: 'country', key: 'country' },
];

export function register(program: Command): void {
  program
    .command('due')
    .description("today's follow-up list, most urgent first, with the reason and a suggested action for each item")
    .addHelpText(
      'before',
      examples([
        'crm due                                   # what is due today',
        'crm due --days 7 --owner alice            # the coming week, one rep',
        'crm due --owner all                       # every rep (a team book shows your own by default)',
        'crm due --explain                         # how each urgency was computed',
        'crm due --format markdown 2>&1 | mail -s "crm due" me@example.com',
        'crm due --refresh                         # recompute stored due dates after a config change',
        'crm due --if-any --format markdown 2>&1   # from cron: no output at all (so no mail) on an empty day',
      ]) + '\n',
    )
    .option('--days <n>', 'also show items due within N days', daysArg)
    .option('--owner <rep>', 'only accounts owned by this rep; all: every rep (default on a team server: your own)')
    .option('--limit <n>', 'rows to show (default 100; 0 = all)', limitOrAllArg)
    .option('--explain', 'show the terms of each item\'s urgency')
    .option('--if-any', 'print nothing at all (not even "nothing due") when nothing is due: cron then mails nothing')
    .option('--refresh', "recompute every account's stored due date (after changing cadence or other due config)")
    .action(async (o: { days?: number; owner?: string; limit?: number; explain?: boolean; refresh?: boolean; ifAny?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        if (o.refresh) {
          const n = await refreshAllDue(s);
          return { kind: 'message', text: `recomputed the due dates of ${n} account${n === 1 ? '' : 's'}`, json: { refreshed: n } };
        }
        const list = await listDue(s, { days: o.days, owner: await bookOwner(s, o.owner), limit: o.limit });
        if (o.ifAny && !list.items.length) return;
        const notes = [...list.notes];
        if (!list.items.length) notes.unshift(`nothing due${list.horizon > list.today ? ` by ${list.horizon}` : ''} (as of ${list.today})`);
        else notes.unshift(`${list.items.length + list.more} item${list.items.length + list.more === 1 ? '' : 's'} due${list.horizon > list.today ? ` by ${list.horizon}` : ''} (as of ${list.today})`);
        if (list.more) notes.push(`${list.more} more not shown: --limit 0 shows all`);
        if (s.globals.format === undefined && !s.globals.json && !s.globals.ids) {
          // no --format: the to-do list view; notes go to stderr as with every listing
          const title = `Due ${list.horizon > list.today ? `${list.today} to ${list.horizon}` : `on ${list.today}`}`;
          for (const n of notes) s.say(sanitize(n));
          return { kind: 'raw', text: list.items.length ? dueText(list.items, title, !!o.explain, outputWidth()) : '' };
        }
        return {
          kind: 'list',
          title: s.format === 'markdown' ? `Due ${list.horizon > list.today ? `${list.today} to ${list.horizon}` : `on ${list.today}`}` : undefined,
          columns: dueColumns(!!o.explain),
          rows: list.items,
          notes,
          json: { asOf: list.today, horizon: list.horizon, items: list.items, more: list.more, heldBack: list.heldBack, heldBackTotal: list.heldBackTotal },
        };
      });
    });

  program
    .command('done')
    .description('clear due items by closing their source: a promise is kept, a next step done, a complaint moves on; cadence, dormant and stale-deal items restart their clock')
    .addHelpText(
      'before',
      examples([
        'crm done promise:12                      # the promise is kept (same as crm promise done 12)',
        'crm done next:345 --note "samples sent"  # the next step is done (same as crm next done next:345)',
        'crm done complaint:4:feedback            # the customer gave feedback: the complaint closes',
        'crm done cadence:12 birthday:contact-7:2026',
      ]) + '\n',
    )
    .argument('<item...>', 'item ids as crm due shows them')
    .option('--note <text>', 'how it was done (kept with a next step; the resolution of a complaint:ID:resolve)')
    .action(async (items: string[], o: { note?: string }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const done = [];
        for (const id of items) done.push(await markDone(s, id, { note: o.note }));
        return { kind: 'message', text: done.map((d) => `done ${d.id}: ${d.closed}`).join('\n'), json: { done: done.map((d) => d.id), items: done } };
      });
    });

  program
    .command('snooze')
    .description('postpone a due item until a date')
    .addHelpText('before', examples(['crm snooze cadence:12 --until 2026-12-01', 'crm snooze next:345 --for 3      # to move the step itself: crm next reschedule next:345 --due D']) + '\n')
    .argument('<item>', 'item id as crm due shows it')
    .option('--until <date>', 'show it again on this date', dateArg)
    .option('--for <days>', 'show it again in N days', intIn(1, MAX_DAYS))
    .action(async (item: string, o: { until?: string; for?: number }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        if (!o.until && !o.for) throw new UsageError('give --until DATE or --for DAYS');
        const until = o.until ?? addDays(s.clock.today(), o.for!);
        const r = await snooze(s, item, until);
        return { kind: 'message', text: `snoozed ${r.id} until ${r.until}`, json: r };
      });
    });

  program
    .command('greetings')
    .description('contacts due a holiday greeting, as a mail-merge list (salutation, name, company, email, address)')
    .addHelpText(
      'before',
      examples([
        'crm greetings                             # holidays within the lead time (default 10 days)',
        'crm greetings --holiday mid-autumn --format csv > mooncakes.csv',
        'crm greetings --within 30 --all           # every active account, not only customers',
      ]) + '\n',
    )
    .option('--holiday <name>', 'the next occurrence of this holiday (spring-festival, mid-autumn, national-day, mothers-day, ...)')
    .option('--within <days>', 'holidays within N days', daysArg)
    .option('--all', 'every active account, not only customers')
    .action(async (o: { holiday?: string; within?: number; all?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const { holidays, rows } = await greetingList(s, o);
        const notes = holidays.length
          ? holidays.map((h) => `${h.label} on ${h.date}: ${h.action}`)
          : [`no holiday within ${o.within ?? 'the lead time'} days of ${s.clock.today()}`];
        notes.push(`${rows.length} greeting${rows.length === 1 ? '' : 's'}`);
        return { kind: 'list', columns: greetingColumns, rows, notes };
      });
    });
}
