import { Command, Option } from 'commander';
import { UsageError } from '../../domain/errors.js';
import { COMPLAINT_SEVERITIES, COMPLAINT_STEPS } from '../../domain/stages.js';
import { listComplaints, openComplaint, resolveComplaint, type ComplaintView } from '../../services/complaints.js';
import { collect, examples, idArg } from '../options.js';
import { askText } from '../prompt.js';
import type { Column } from '../render.js';
import { accountArg } from '../resolve.js';
import { withSession } from '../runtime.js';

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

function complaintId(text: string): number {
  try {
    return idArg(text);
  } catch (e) {
    throw new UsageError(`complaint id "${text}": ${(e as Error).message}`);
  }
}

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
      ]) + '\n',
    );

  complaint
    .command('open')
    .description('record a complaint (the first step: listen)')
    .argument('<account>', 'id, contact email or phone, or name')
    .option('--summary <text>', 'what the customer complains about')
    .addOption(new Option('--severity <level>', 'how serious').choices(COMPLAINT_SEVERITIES))
    .option('--contact <who>', 'who complained: contact name, email or id')
    .addHelpText('before', examples(['crm complaint open 12 --summary "wrong colour on 20 units" --severity medium --contact 张伟']) + '\n')
    .action(async (ref: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const accountId = await accountArg(s, ref);
        const summary = o.summary ?? (await askText('What is the complaint', { required: true, flag: '--summary' }));
        const id = await openComplaint(s, accountId, { summary, severity: o.severity, contact: o.contact });
        return { kind: 'message', text: `complaint ${id} opened for account ${accountId}; acknowledge it fast: crm complaint resolve ${id} --ack`, json: { id, accountId }, data: String(id) };
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
    .addHelpText('before', examples(['crm complaint resolve 3 --ack', 'crm complaint resolve 3 --resolution "credit note for 20 units" --feedback']) + '\n')
    .action(async (idText: string, o: Record<string, any>, cmd: Command) => {
      await withSession(cmd, async (s) => {
        const id = complaintId(idText);
        const c = await resolveComplaint(s, id, { ack: o.ack, resolution: o.resolution, feedback: o.feedback, steps: o.step, note: o.note });
        return { kind: 'message', text: `complaint ${id}: ${c.status}${c.nextStep ? ` (next step: ${c.nextStep})` : ''}`, json: c };
      });
    });
}
