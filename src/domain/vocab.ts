// The vocabularies of domain.md. Values are stored as these kebab-case keys; labels are for people.

export const LEAD_SOURCES = {
  'trade-show': 'Trade show',
  referral: 'Referral by a customer',
  'existing-customer': 'Existing / old customer',
  'cold-visit': 'Cold visit',
  dm: 'Direct mail (DM)',
  'mailing-list': 'Mailing list',
  advertising: 'Newspaper / advertising',
  directory: 'Yellow pages / directories',
  web: 'E-commerce / web',
  'personal-network': 'Personal network',
  'competitor-customer': "Competitor's customer",
  inherited: 'Inherited from a previous rep',
} as const;
export type LeadSource = keyof typeof LEAD_SOURCES;

const SOURCE_SYNONYMS: Record<string, LeadSource> = {
  tradeshow: 'trade-show', fair: 'trade-show', expo: 'trade-show', exhibition: 'trade-show', show: 'trade-show',
  展会: 'trade-show', 展览会: 'trade-show', 广交会: 'trade-show',
  referral: 'referral', referred: 'referral', 转介绍: 'referral', 介绍: 'referral', 客户介绍: 'referral',
  existing: 'existing-customer', old: 'existing-customer', customer: 'existing-customer', 老客户: 'existing-customer',
  cold: 'cold-visit', coldcall: 'cold-visit', 陌拜: 'cold-visit', 陌生拜访: 'cold-visit',
  dm: 'dm', directmail: 'dm', 直邮: 'dm',
  mailinglist: 'mailing-list', newsletter: 'mailing-list', 邮件列表: 'mailing-list',
  ad: 'advertising', ads: 'advertising', newspaper: 'advertising', 广告: 'advertising', 报纸: 'advertising',
  yellowpages: 'directory', directories: 'directory', 黄页: 'directory', 名录: 'directory',
  website: 'web', ecommerce: 'web', online: 'web', internet: 'web', 网络: 'web', 电商: 'web', 网站: 'web',
  network: 'personal-network', personal: 'personal-network', friends: 'personal-network', 人脉: 'personal-network',
  competitor: 'competitor-customer', 竞争对手客户: 'competitor-customer',
  inherited: 'inherited', handover: 'inherited', 交接: 'inherited',
};

/** Maps what people type ("Trade Show", "展会", "referral") to a source key; unknown text is kept as typed. */
export function normalizeSource(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.normalize('NFKC').trim();
  if (!t) return null;
  const k = t.toLowerCase().replace(/[\s_/()-]+/g, '');
  if (t.toLowerCase() in LEAD_SOURCES) return t.toLowerCase();
  for (const key of Object.keys(LEAD_SOURCES)) if (key.replace(/-/g, '') === k) return key;
  return SOURCE_SYNONYMS[k] ?? t;
}

export const BUYING_ROLES = ['decision-maker', 'technical', 'purchasing', 'finance', 'user'] as const;
export const ENTRY_ROLES = ['acceptor', 'dissatisfied', 'power'] as const;
export const ACCOUNT_KINDS = ['company', 'individual'] as const;
export const BUYING_MODES = ['person', 'company'] as const;
export const SUPPLY_CHANNELS = ['single', 'multiple'] as const;
export const POTENTIALS = ['high', 'medium', 'low'] as const;
export const KEY_FACES = ['red', 'white', 'black'] as const;
export const INTERACTION_KINDS = ['visit', 'call', 'email', 'message', 'meeting', 'gift', 'event', 'dm'] as const;
export const IMPORTANT_DATE_KINDS = ['birthday', 'founding', 'first-deal', 'other'] as const;

/** The eight sales stages of domain.md, in order. Deals live in approach..close; accounts in onboard/care. */
export const SALES_STAGES = ['prospect', 'approach', 'qualify', 'propose', 'negotiate', 'close', 'onboard', 'care'] as const;
export type SalesStage = (typeof SALES_STAGES)[number];

/** Grades of the sales department's own assessment scale, reused for every score. */
export function grade(score: number): 'excellent' | 'good' | 'fair' | 'poor' {
  if (score >= 90) return 'excellent';
  if (score >= 75) return 'good';
  if (score >= 60) return 'fair';
  return 'poor';
}

export function oneOf<T extends readonly string[]>(list: T, v: string): v is T[number] {
  return (list as readonly string[]).includes(v);
}
