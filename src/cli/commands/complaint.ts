import { Command, Option } from 'commander';
import { COMPLAINT_SEVERITIES, COMPLAINT_STEPS } from '../../domain/stages.js';
import { deleteComplaint, editComplaint, listComplaints, openComplaint, resolveComplaint, type ComplaintView } from '../../services/complaints.js';
import { confirmDelete } from '../confirm.js';
import { saySteps } from '../steps.js';
import { whenArg } from '../when.js';
import { collect, examples, moneyArg, oneCurrency, recordId } from '../options.js';
import { askText } from '../prompt.js';
import type { Column } from '../render.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

const complaintId = recordId('complaint', 'crm complaint list');

const columns: Column<ComplaintView>[] = [
  { header: 'id', key: 'id', align: 'right' },
  { header: 'account', key: 'account', max: 28 },
  { header: 'complaint', key: 'summary', max: 40 },
  { header: 'severity', key: 'severity' },
  { header: 'status', key: 'status' },
  { header: 'opened', key: 'openedOn' },
  { header: 'acknowledged', key: 'acknowledgedOn' },
  { header: 'resolved', key: 'resolvedOn' },
  { header: 'feedback', key: 'feedbackOn' },
  { header: 'days', key: 'daysOpen', align: 'right' },
  { header: 'next step', key: 'nextStep' },
];


export function register(program: Command): void {
  const complaint = program
    .command('complaint')
    .description(`customer complaints: record, acknowledge fast, resolve, feed back to the customer (steps: ${COMPLAINT_STEPS.join(' → ')})`)
    .addHelpText(
      'before',
      examples([
        'crm complaint open "Acme Trading" --summary "late delivery of order 4411" --severity high',
        'crm complaint resolve 3 --ack',
        'crm complaint resolve 3 --step investigate --note "carrier lost a pallet"',
        'crm complaint resolve 3 --resolution "re-shipped by air, freight on us" --feedback',
        'crm complaint list --open',
        'crm complaint resolve 3 --next "call back with the carrier\'s answer" --due +2',
        'crm complaint edit 3 --severity critical',
        'crm complaint delete 3 --yes',
      ]) + '\n',
    );

  complaint
    .command('open')
    .description('record a complaint (the first step: listen)')
    .argument('<account>', 'id, contact email or phone, or name')
    .option('--summary <text>', 'what the customer complains about')
    .addOption(new Option('--severity <level>', 'how serious').choices(COMPLAINT_SEVERITIES))
    .option('--contact <who>', 'who complained: contact name, email or id')
    .option('--next <text>', 'a next step promised (an open commitment until done; see crm next)')
    .option('--due <date>', 'when the next step is due: YYYY-MM-DD, tomorrow, +3, 2w')
    .option('--replaces <step>', 'the open next step (next:12) the new --next replaces')
    .addHelpText('before', examples(['crm complaint open 12 --summary "wrong colour on 20 units" --severity medium --contact 张伟', 'crm complaint open 12 --summary "late delivery" --next "call with the new date" --due tomorrow']) + '\n')
    .action(async (ref: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        const summary = o.summary ?? (await askText('What is the complaint', { required: true, flag: '--summary' }));
        const { id, step } = await openComplaint(s, accountId, { summary, severity: o.severity, contact: o.contact, next: { what: o.next, dueOn: whenArg(s, o.due, '--due'), replaces: o.replaces } });
        if (step) saySteps(s, { steps: [step], stillOpen: step.stillOpen }, accountId);
        return { kind: 'message', text: `complaint ${id} opened for account ${accountId}${step ? `; next: ${step.what}${step.dueOn ? ` by ${step.dueOn}` : ''} (${step.id})` : ''}; acknowledge it fast: crm complaint resolve ${id} --ack`, json: { id, accountId, step }, data: String(id) };
      });
    });

  complaint
    .command('list')
    .description('complaints with their steps and dates')
    .option('--open', 'only complaints not closed (no feedback to the customer yet)')
    .option('--account <account>', 'only this account')
    .addHelpText('before', examples(['crm complaint list --open', 'crm complaint list --account 12 --json']) + '\n')
    .action(async (o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const rows = await listComplaints(s, { open: !!o.open, account: o.account ? await accountArg(s, o.account) : undefined });
        return { kind: 'list', columns, rows, notes: [`${rows.length} complaint${rows.length === 1 ? '' : 's'}`] };
      });
    });

  complaint
    .command('resolve')
    .description('record progress: acknowledgement, a step, the resolution, feedback to the customer (closes it)')
    .argument('<id>', 'complaint id (crm complaint list)')
    .option('--ack', 'acknowledged to the customer')
    .option('--step <step>', `one of the seven steps done: ${COMPLAINT_STEPS.join(', ')} (repeatable)`, collect)
    .option('--note <text>', 'a note on the step')
    .option('--resolution <text>', 'what was done to solve it')
    .option('--feedback', 'the customer was told the outcome (closes the complaint)')
    .option('--next <text>', 'a next step promised (an open commitment until done; see crm next)')
    .option('--due <date>', 'when the next step is due: YYYY-MM-DD, tomorrow, +3, 2w')
    .option('--replaces <step>', 'the open next step (next:12) the new --next replaces')
    .option('--compensation <amount>', 'what was paid or credited to make up for it: 800, "€120"', moneyArg)
    .option('--currency <code>', 'currency of the compensation (default: the base, config "currency")')
    .addHelpText('before', examples(['crm complaint resolve 3 --ack', 'crm complaint resolve 3 --resolution "credit note for 20 units" --compensation 1200 --feedback', 'crm complaint resolve 4 --compensation "€150"']) + '\n')
    .action(async (idText: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = complaintId(idText);
        const c = await resolveComplaint(s, id, {
          ack: o.ack,
          resolution: o.resolution,
          feedback: o.feedback,
          steps: o.step,
          note: o.note,
          next: { what: o.next, dueOn: whenArg(s, o.due, '--due'), replaces: o.replaces },
          ...(o.compensation ? { compensation: o.compensation.amount, currency: oneCurrency([o.compensation.currency, o.currency]) } : o.currency ? { currency: o.currency } : {}),
        });
        if (c.step) saySteps(s, { steps: [c.step], stillOpen: c.step.stillOpen }, c.accountId);
        return { kind: 'message', text: `complaint ${id}: ${c.status}${c.nextStep ? ` (next of the seven steps: ${c.nextStep})` : ''}${c.step ? `; next: ${c.step.what}${c.step.dueOn ? ` by ${c.step.dueOn}` : ''} (${c.step.id})` : ''}`, json: c };
      });
    });

  complaint
    .command('edit')
    .description('correct what a complaint says, its severity or who made it')
    .argument('<id>', 'complaint id (crm complaint list)')
    .option('--summary <text>', 'what the customer complains about')
    .addOption(new Option('--severity <level>', 'how serious').choices(COMPLAINT_SEVERITIES))
    .option('--contact <who>', 'who complained: contact name, email or id')
    .option('--no-contact', 'no contact person')
    .addHelpText('before', examples(['crm complaint edit 3 --summary "late delivery of order 4411 (2 pallets)" --severity high']) + '\n')
    .action(async (idText: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = complaintId(idText);
        const r = await editComplaint(s, id, { summary: o.summary, severity: o.severity, contact: o.contact === false ? null : o.contact });
        return { kind: 'message', text: `updated complaint ${id} (${r.changed.join(', ')})`, json: r, data: String(id) };
      });
    });

  complaint
    .command('delete')
    .description('delete a complaint recorded by mistake, with the next steps set on it (asks first on a terminal)')
    .argument('<id>', 'complaint id (crm complaint list)')
    .option('-y, --yes', 'do not ask for confirmation (needed off a terminal)')
    .addHelpText('before', examples(['crm complaint delete 3', 'crm complaint delete 3 --yes']) + '\n')
    .action(async (idText: string, o: { yes?: boolean }, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = complaintId(idText);
        if (!(await confirmDelete(`complaint ${id}`, o.yes))) return { kind: 'message', text: 'nothing deleted' };
        const r = await deleteComplaint(s, id);
        return { kind: 'message', text: `deleted complaint ${id}: ${r.summary}${r.stepsDeleted ? ` (and ${r.stepsDeleted} next step${r.stepsDeleted === 1 ? '' : 's'} set on it)` : ''}`, json: r, data: String(id) };
      });
    });
}
