// The eight sales-stage commands. Each logs an interaction with what its stage captures and, for
// prospect..close, moves the account's open deal. On a terminal, missing details are asked.
import { Command, Option } from 'commander';
import { UsageError } from '../../domain/errors.js';
import {
  APPROACH_CHANNELS,
  APPROACH_OUTCOMES,
  BUYING_SIGNALS,
  CARE_KINDS,
  ONBOARD_PHASES,
  OBJECTION_KINDS,
  REFUSAL_KINDS,
  REJECTION_FORMS,
  REJECTION_KINDS,
  RISK_LEVELS,
  STAGE_LABELS,
  parseWhen,
  type CareKind,
} from '../../domain/stages.js';
import type { SalesStage } from '../../domain/vocab.js';
import { recordStage, type StageInput, type StageResult } from '../../services/stages.js';
import { amountArg, collect, examples, fractionArg, idArg, minutesArg } from '../options.js';
import { whenArg } from '../when.js';
import { askChoice, askDate, askMany, askOptional, askConfirm, interactive } from '../prompt.js';
import type { MessageOutput } from '../render.js';
import { accountArg } from '../resolve.js';
import { withSession, type Session } from '../runtime.js';
import { saySteps, stepFlags } from '../steps.js';

type Flags = Record<string, any>;

const choice = <T extends string>(values: readonly T[]) => values.map((value) => ({ value }));

function common(cmd: Command, stage: SalesStage): Command {
  cmd
    .argument('<account>', 'id, contact email or phone, or name')
    .option('--contact <who>', 'the person talked to: contact name, email or id')
    .option('--summary <text>', 'what happened, in a sentence')
    .option('--next <text>', 'the next step promised or planned: open until done or cancelled (earlier ones stay open)')
    .option('--due <date>', 'when the next step is due: YYYY-MM-DD, tomorrow, +3, 2w')
    .option('--material <name>', 'material sent or handed over, e.g. a brochure (repeatable; sending one twice warns)', collect)
    .option('--minutes <n>', 'time spent, in minutes', minutesArg)
    .option('--kind <kind>', 'interaction kind: visit, call, email, message, meeting, gift, event, dm')
    .option('--by <rep>', 'the rep (default: config defaultOwner, else the account owner)');
  stepFlags(cmd);
  if (stage !== 'onboard' && stage !== 'care') {
    cmd
      .option('--deal <id>', 'the deal, when the account has several open ones', idArg)
      .option('--new-deal', 'start another deal even though one is open')
      .option('--title <text>', 'deal title (default: the account name)')
      .option('--force', 'allow moving the deal back to an earlier stage (recorded as forced); a won or lost deal reopens with crm deals reopen')
      .option('--probability <p>', 'win probability 0-1 (default: per stage, from config)', fractionArg)
      .option('--expected-close <date>', 'expected close date')
      .option('--currency <code>', 'currency of --amount / --budget, e.g. EUR (default: the base, config "currency")');
  } else cmd.option('--deal <id>', 'the (won) deal this belongs to', idArg);
  if (stage !== 'approach') cmd.option('--outcome <text>', 'the outcome');
  return cmd;
}

function baseInput(s: Session, o: Flags): StageInput {
  const input: StageInput = {
    contact: o.contact,
    summary: o.summary,
    outcome: o.outcome,
    nextStep: o.next,
    nextDue: whenArg(s, o.due, '--due'),
    materials: o.material,
    minutes: o.minutes,
    kind: o.kind,
    by: o.by,
    dealId: o.deal,
    replaces: o.replaces,
    done: o.done,
    newDeal: o.newDeal,
    title: o.title,
    force: o.force,
    amount: o.amount,
    currency: o.currency,
    probability: o.probability,
    expectedClose: whenArg(s, o.expectedClose, '--expected-close'),
  };
  if (input.probability !== undefined && (input.probability < 0 || input.probability > 1)) throw new UsageError('--probability must be between 0 and 1');
  return input;
}

/** Asked at the end of every interactive stage: what happened and what comes next. */
async function askWrapUp(s: Session, input: StageInput): Promise<void> {
  input.summary ??= await askOptional('Summary: what happened', '--summary');
  if (input.nextStep === undefined) input.nextStep = await askOptional('Next step', '--next');
  if (input.nextStep && input.nextDue === undefined)
    input.nextDue = await askDate('Next step due', { flag: '--due', parse: (t) => parseWhen(t, s.clock.today()) });
}

function resultOutput(r: StageResult): MessageOutput {
  const lines = [`${r.stage} logged for account ${r.accountId}: interaction ${r.interactionId}`];
  if (r.deal) {
    const m = r.deal.move;
    const move =
      m.kind === 'new'
        ? `new deal #${r.deal.id} "${r.deal.title}" at ${m.to}`
        : m.kind === 'none'
          ? `deal #${r.deal.id} "${r.deal.title}" stays at ${m.to}`
          : `deal #${r.deal.id} "${r.deal.title}" ${m.from} → ${m.to}${m.kind === 'back' ? ' (moved back, forced)' : ''}`;
    lines.push(move + (m.skipped.length ? ` (skipped: ${m.skipped.join(', ')})` : '') + (r.deal.status !== 'open' ? `, ${r.deal.status}` : ''));
  }
  if (r.orderId) lines.push(`order ${r.orderId} recorded`);
  for (const x of r.steps) lines.push(`${x.kind === 'retry' ? 'retry' : x.kind === 'check-in' ? 'check-in' : 'next'}: ${x.what}${x.dueOn ? ` by ${x.dueOn}` : ''} (${x.id})`);
  return { kind: 'message', text: lines.join('\n'), json: r, data: String(r.interactionId) };
}

async function run(cmd: Command, ref: string, stage: SalesStage, o: Flags, fill: (s: Session, input: StageInput, ask: boolean) => Promise<void>, keyMissing: boolean): Promise<void> {
  await withSession(cmd, async (s) => {
    const accountId = await accountArg(s, ref);
    const input = baseInput(s, o);
    const ask = keyMissing && interactive();
    if (o.deal === undefined && !o.newDeal && stage !== 'onboard' && stage !== 'care' && interactive()) {
      // Several open deals: on a terminal, ask which one this is about (off one, the service refuses).
      const { openDealsOf } = await import('../../services/deals.js');
      const open = await openDealsOf(s, accountId);
      if (open.length > 1) {
        const pick = await askChoice(
          'Which deal?',
          [...open.map((d) => ({ value: String(d.id), name: `#${d.id} ${d.title} (${d.stage}${d.amount !== null ? `, ${d.amount}` : ''})` })), { value: 'new', name: 'a new deal' }],
          { flag: '--deal' },
        );
        if (pick === 'new') input.newDeal = true;
        else input.dealId = Number(pick);
      }
    }
    if (ask) s.say(`${stage}: ${STAGE_LABELS[stage]} (account ${accountId})`);
    await fill(s, input, ask);
    if (ask) await askWrapUp(s, input);
    const r = await recordStage(s, accountId, stage, input);
    for (const w of r.warnings) s.warn(w);
    saySteps(s, r, accountId);
    return resultOutput(r);
  });
}

export function register(program: Command): void {
  // 1 prospect
  common(
    program
      .command('prospect')
      .description('stage 1, prospect / pre-service: record research on a lead, materials prepared, the approach plan')
      .addHelpText('before', examples(['crm prospect "Acme Trading" --summary "200 staff, buys via purchasing dept" --prepare brochure --plan "call purchasing after the fair"', 'crm prospect 12 --title "Acme 2027 line" --new-deal']) + '\n'),
    'prospect',
  )
    .option('--prepare <material>', 'material prepared for the approach (repeatable)', collect)
    .option('--plan <text>', 'how to approach them')
    .option('--amount <n>', 'expected deal size', amountArg)
    .action(async (ref: string, o: Flags, cmd: Command) =>
      run(cmd, ref, 'prospect', o, async (_s, input, ask) => {
        input.details = { prepared: o.prepare, plan: o.plan };
        if (ask && !o.plan) input.details.plan = await askOptional('Approach plan', '--plan');
      }, !o.summary && !o.plan && !o.prepare),
    );

  // 2 approach
  common(
    program
      .command('approach')
      .description('stage 2, first contact: channel and outcome; a rejection is classified and gets a retry date')
      .addHelpText(
        'before',
        examples([
          'crm approach "Acme Trading" --channel call --outcome appointment --next "visit with samples" --due 2026-12-03',
          'crm approach 12 --channel visit --outcome rejected --rejection reflexive --rejection-form indirect --excuse "in a meeting" --retry +14',
          'crm approach 12            # on a terminal: asks channel, outcome, rejection and the next date',
        ]) + '\n',
      ),
    'approach',
  )
    .addOption(new Option('--channel <channel>', 'how the contact was made').choices(APPROACH_CHANNELS))
    .addOption(new Option('--outcome <outcome>', 'what came of it').choices(APPROACH_OUTCOMES))
    .addOption(new Option('--rejection <kind>', 'what was rejected: the person, the product, or a reflexive no').choices(REJECTION_KINDS))
    .addOption(new Option('--rejection-form <form>', 'indirect ("no time", "in a meeting", a cancelled appointment) or direct').choices(REJECTION_FORMS))
    .option('--excuse <text>', 'the words of an indirect rejection')
    .option('--retry <date>', 'when to try again after a rejection (default: config stages.retryAfterDays)')
    .action(async (ref: string, o: Flags, cmd: Command) =>
      run(cmd, ref, 'approach', o, async (s, input, ask) => {
        let channel: string | undefined = o.channel;
        let outcome: string | undefined = o.outcome;
        if (ask && !channel) channel = await askChoice('Channel', choice(APPROACH_CHANNELS), { flag: '--channel', default: 'call' });
        if (ask && !outcome) outcome = await askChoice('Outcome', choice(APPROACH_OUTCOMES), { flag: '--outcome' });
        let rejection: Record<string, unknown> | undefined;
        let retryOn = whenArg(s, o.retry, '--retry');
        if (outcome === 'rejected' || o.rejection || o.rejectionForm) {
          outcome = 'rejected';
          let kind = o.rejection as string | undefined;
          let form = o.rejectionForm as string | undefined;
          let excuse = o.excuse as string | undefined;
          if (ask) {
            kind ??= await askChoice('What did they reject?', [
              { value: 'person', name: 'person', description: 'us: the rep or the company' },
              { value: 'product', name: 'product', description: 'the product or offer' },
              { value: 'reflexive', name: 'reflexive', description: 'a reflex "no" before hearing anything' },
            ], { flag: '--rejection' });
            form ??= await askChoice('How?', [
              { value: 'indirect', description: '"no time", "in a meeting", a cancelled appointment' },
              { value: 'direct', description: 'a plain no' },
            ], { flag: '--rejection-form' });
            if (form === 'indirect') excuse ??= await askOptional('Their words', '--excuse');
            retryOn ??= await askDate('Try again on', { flag: '--retry', parse: (t) => parseWhen(t, s.clock.today()) });
          }
          rejection = { kind, form, excuse };
        }
        input.outcome = outcome;
        input.details = { channel, rejection, retryOn };
      }, !o.channel || !o.outcome),
    );

  // 3 qualify
  common(
    program
      .command('qualify')
      .description('stage 3, needs analysis: SPIN notes, needs found, budget, timing, quantity')
      .addHelpText('before', examples(['crm qualify "Acme Trading" --situation "3 lines, old sensors" --problem "downtime 5%/month" --implication "late deliveries" --need-payoff "save 2 days a month" --budget 80000 --timing "Q1 2027" --quantity 400']) + '\n'),
    'qualify',
  )
    .option('--situation <text>', 'S: their situation')
    .option('--problem <text>', 'P: the problem they have')
    .option('--implication <text>', 'I: what the problem costs them')
    .option('--need-payoff <text>', 'N: the value of solving it, in their words')
    .option('--need <text>', 'a need found (repeatable)', collect)
    .option('--budget <n>', 'their budget (becomes the deal amount when it has none)', amountArg)
    .option('--timing <text>', 'when they need it')
    .option('--quantity <n>', 'how much they need', amountArg)
    .action(async (ref: string, o: Flags, cmd: Command) =>
      run(cmd, ref, 'qualify', o, async (_s, input, ask) => {
        const spin = { situation: o.situation, problem: o.problem, implication: o.implication, needPayoff: o.needPayoff };
        let budget = o.budget as number | undefined;
        let timing = o.timing as string | undefined;
        let quantity = o.quantity as number | undefined;
        if (ask) {
          spin.situation ??= await askOptional('Situation', '--situation');
          spin.problem ??= await askOptional('Problem', '--problem');
          spin.implication ??= await askOptional('Implication', '--implication');
          spin.needPayoff ??= await askOptional('Need-payoff', '--need-payoff');
          const b = budget === undefined ? await askOptional('Budget', '--budget') : undefined;
          if (b) budget = amountArg(b);
          timing ??= await askOptional('When will they need it', '--timing');
          const q = quantity === undefined ? await askOptional('How much', '--quantity') : undefined;
          if (q) quantity = amountArg(q);
        }
        input.budget = budget;
        input.details = { spin: Object.values(spin).some(Boolean) ? spin : undefined, needs: o.need, budget, timing, quantity };
      }, ![o.situation, o.problem, o.implication, o.needPayoff, o.need, o.budget, o.timing, o.quantity].some((v) => v !== undefined)),
    );

  // 4 propose
  common(
    program
      .command('propose')
      .description('stage 4, proposal: features → advantages → benefits, amount, samples or demo')
      .addHelpText('before', examples(['crm propose "Acme Trading" --feature "IP67 sensor" --advantage "survives washdown" --benefit "no line stops for cleaning" --amount 76000 --samples --material "price list 2026"']) + '\n'),
    'propose',
  )
    .option('--feature <text>', 'F: a feature (repeatable)', collect)
    .option('--advantage <text>', 'A: what it does better (repeatable)', collect)
    .option('--benefit <text>', 'B: what it means for this customer (repeatable)', collect)
    .option('--amount <n>', 'the price proposed (becomes the deal amount)', amountArg)
    .option('--samples', 'samples given')
    .option('--demo', 'a demo given')
    .action(async (ref: string, o: Flags, cmd: Command) =>
      run(cmd, ref, 'propose', o, async (_s, input, ask) => {
        const fab = { features: o.feature as string[] | undefined, advantages: o.advantage as string[] | undefined, benefits: o.benefit as string[] | undefined };
        if (ask) {
          const f = await askOptional('Feature', '--feature');
          if (f) fab.features = [f];
          const a = await askOptional('Advantage', '--advantage');
          if (a) fab.advantages = [a];
          const b = await askOptional('Benefit to them', '--benefit');
          if (b) fab.benefits = [b];
          if (input.amount === undefined) {
            const amt = await askOptional('Amount proposed', '--amount');
            if (amt) input.amount = amountArg(amt);
          }
        }
        input.details = { fab: Object.values(fab).some(Boolean) ? fab : undefined, amount: input.amount, samples: o.samples || undefined, demo: o.demo || undefined };
      }, !o.feature && !o.advantage && !o.benefit && o.amount === undefined),
    );

  // 5 negotiate
  common(
    program
      .command('negotiate')
      .description('stage 5, objections and trust: each objection, real or a polite refusal, the answer; perceived risk')
      .addHelpText(
        'before',
        examples([
          'crm negotiate "Acme Trading" --objection price --answer "3-year cost is lower" --refusal real --risk medium',
          'crm negotiate 12 --objection "study:need to ask the boss" --refusal polite --objection risk --refusal real --answer "" --answer "pilot on one line"',
        ]) + '\n',
      ),
    'negotiate',
  )
    .option('--objection <kind[:text]>', `an objection: ${OBJECTION_KINDS.join(', ')}, optionally with their words (repeatable)`, collect)
    .option('--answer <text>', 'how it was answered (repeatable, in the order of --objection)', collect)
    .option('--refusal <real|polite>', 'whether each objection is real or a polite refusal (repeatable, in order; default real)', collect)
    .addOption(new Option('--risk <level>', 'the risk the buyer perceives').choices(RISK_LEVELS))
    .option('--amount <n>', 'the price now on the table', amountArg)
    .action(async (ref: string, o: Flags, cmd: Command) =>
      run(cmd, ref, 'negotiate', o, async (_s, input, ask) => {
        const raw = (o.objection as string[] | undefined) ?? [];
        const answers = (o.answer as string[] | undefined) ?? [];
        const refusals = (o.refusal as string[] | undefined) ?? [];
        for (const r of refusals) if (!(REFUSAL_KINDS as readonly string[]).includes(r)) throw new UsageError(`--refusal must be real or polite (got "${r}")`);
        const objections = raw.map((x, i) => {
          const m = /^([a-z-]+)\s*:\s*(.*)$/i.exec(x);
          const k = (m ? m[1]! : x).toLowerCase();
          const known = (OBJECTION_KINDS as readonly string[]).includes(k);
          return { kind: known ? k : 'other', text: m && known ? m[2] || undefined : known ? undefined : x, refusal: refusals[i] ?? 'real', answer: answers[i] || undefined };
        });
        let risk = o.risk as string | undefined;
        if (ask) {
          for (;;) {
            const kind = await askChoice('Objection', [...choice(OBJECTION_KINDS), { value: 'none', name: 'no (more) objections' }], { flag: '--objection' });
            if (kind === 'none') break;
            const text = await askOptional('Their words', '--objection');
            const refusal = await askChoice('Real, or a polite refusal?', choice(REFUSAL_KINDS), { flag: '--refusal', default: 'real' });
            const answer = await askOptional('How you answered', '--answer');
            objections.push({ kind, text, refusal, answer });
          }
          risk ??= await askChoice('Risk the buyer perceives', choice(RISK_LEVELS), { flag: '--risk', default: 'medium' });
        }
        input.details = { objections: objections.length ? objections : undefined, perceivedRisk: risk, amount: input.amount };
      }, !o.objection),
    );

  // 6 close
  common(
    program
      .command('close')
      .description('stage 6, closing: won (amount, the first order) or lost (reason, competitor); buying signals')
      .addHelpText(
        'before',
        examples([
          'crm close "Acme Trading" --won --amount 72000 --order --signal asks-service --signal agrees',
          'crm close 12 --lost --reason "price" --competitor "Delta Sensors"',
        ]) + '\n',
      ),
    'close',
  )
    .option('--won', 'the customer bought')
    .option('--lost', 'the deal is lost')
    .option('--amount <n>', 'the amount won', amountArg)
    .option('--order', 'record the first order for the amount (with --won)')
    .option('--profit <n>', 'profit of that order', amountArg)
    .option('--reason <text>', 'why it was lost (or won)')
    .option('--competitor <name>', 'who won it instead')
    .option('--signal <signal>', `a buying signal seen: ${BUYING_SIGNALS.join(', ')} (repeatable)`, collect)
    .action(async (ref: string, o: Flags, cmd: Command) =>
      run(cmd, ref, 'close', o, async (_s, input, ask) => {
        if (o.won && o.lost) throw new UsageError('--won or --lost, not both');
        for (const sig of (o.signal as string[] | undefined) ?? [])
          if (!(BUYING_SIGNALS as readonly string[]).includes(sig)) throw new UsageError(`--signal must be one of ${BUYING_SIGNALS.join(', ')} (got "${sig}")`);
        let result: 'won' | 'lost' | undefined = o.won ? 'won' : o.lost ? 'lost' : undefined;
        let signals = o.signal as string[] | undefined;
        if (ask) {
          result ??= await askChoice('Result', [{ value: 'won' as const }, { value: 'lost' as const }], { flag: '--won or --lost' });
          if (!signals) {
            const picked = await askMany('Buying signals seen', BUYING_SIGNALS, { flag: '--signal' });
            signals = picked.length ? picked : undefined;
          }
          if (result === 'won') {
            if (input.amount === undefined) {
              const a = await askOptional('Amount won', '--amount');
              if (a) input.amount = amountArg(a);
            }
            if (!o.order) input.createOrder = await askConfirm('Record the first order for it?', true);
          } else {
            input.reason ??= await askOptional('Why was it lost', '--reason');
            input.competitor ??= await askOptional('Competitor who won it', '--competitor');
          }
        }
        if (!result) throw new UsageError('say how it closed: --won or --lost');
        input.result = result;
        input.createOrder ||= !!o.order;
        input.profit = o.profit;
        input.reason ??= o.reason;
        input.competitor ??= o.competitor;
        input.details = { signals };
      }, !o.won && !o.lost),
    );

  // 7 onboard
  common(
    program
      .command('onboard')
      .description('stage 7, implementation: the phase (new toy, learning, effective) and check-in dates')
      .addHelpText('before', examples(['crm onboard "Acme Trading" --phase new-toy --check-in +14 --check-in 2027-01-15', 'crm onboard 12 --phase learning --summary "operators struggle with calibration" --next "training visit" --due +7']) + '\n'),
    'onboard',
  )
    .addOption(new Option('--phase <phase>', 'new-toy (enthusiastic), learning (the dip), effective (results visible)').choices(ONBOARD_PHASES))
    .option('--check-in <date>', 'a check-in date (repeatable); the next one becomes the next step', collect)
    .action(async (ref: string, o: Flags, cmd: Command) =>
      run(cmd, ref, 'onboard', o, async (s, input, ask) => {
        let phase = o.phase as string | undefined;
        const checkIns = ((o.checkIn as string[] | undefined) ?? []).map((d) => whenArg(s, d, '--check-in')!);
        if (ask) {
          phase ??= await askChoice('Implementation phase', [
            { value: 'new-toy', description: 'enthusiastic, just started' },
            { value: 'learning', description: 'the dip: most trouble appears here' },
            { value: 'effective', description: 'results visible' },
          ], { flag: '--phase' });
          if (!checkIns.length) {
            const d = await askDate('Next check-in', { flag: '--check-in', parse: (t) => parseWhen(t, s.clock.today()) });
            if (d) checkIns.push(d);
          }
        }
        input.details = { phase, checkIns: checkIns.length ? [...new Set(checkIns)].sort() : undefined };
      }, !o.phase),
    );

  // 8 care
  common(
    program
      .command('care')
      .description('stage 8, account care: greeting, gift, business review, referral asked, information sent, complaint follow-up, intelligence')
      .addHelpText('before', examples(['crm care "Acme Trading" --care business-review --care referral-asked --summary "15-minute quarterly review"', 'crm care 12 --care intelligence --intelligence "new purchasing manager from March"', 'crm care 12 --care gift --kind gift --summary "mooncakes for Mid-Autumn"']) + '\n'),
    'care',
  )
    .option('--care <kind>', `what was done: ${Object.keys(CARE_KINDS).join(', ')} (repeatable)`, collect)
    .option('--intelligence <text>', 'what was learnt: their needs, changes in their organisation')
    .action(async (ref: string, o: Flags, cmd: Command) =>
      run(cmd, ref, 'care', o, async (_s, input, ask) => {
        let care = (o.care as string[] | undefined)?.flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
        for (const c of care ?? []) if (!(c in CARE_KINDS)) throw new UsageError(`--care must be one of ${Object.keys(CARE_KINDS).join(', ')} (got "${c}")`);
        let intelligence = o.intelligence as string | undefined;
        if (ask) {
          const picked = await askMany('What was done', Object.keys(CARE_KINDS) as CareKind[], { flag: '--care' });
          care = picked.length ? picked : care;
          if (care?.includes('intelligence')) intelligence ??= await askOptional('What was learnt', '--intelligence');
        }
        if (intelligence && !care?.includes('intelligence')) care = [...(care ?? []), 'intelligence'];
        const jobs = care ? [...new Set(care.map((c) => CARE_KINDS[c as CareKind]))] : undefined;
        input.details = { care, jobs, intelligence };
        if (!o.kind && care?.includes('gift')) input.kind = 'gift';
      }, !o.care && !o.intelligence),
    );
}
