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
  other: 'Other',
} as const;
export type LeadSource = keyof typeof LEAD_SOURCES;

// What people type for each source, in English, Chinese and German, reduced the way sourceWord()
// reduces the input (lower case, no spaces or punctuation).
const SOURCE_WORDS: Record<LeadSource, string> = {
  'trade-show':
    'tradeshow tradefair fair expo exhibition exhibitor show messe fairs tradeshows trade 展会 展览 展览会 展销会 博览会 交易会 会展 广交会 参展 展会名片',
  referral:
    'referral referrals referred referredbycustomer customerreferral referralbycustomer recommendation recommended wordofmouth empfehlung 转介绍 介绍 客户介绍 老客户介绍 客户推荐 推荐 口碑',
  'existing-customer':
    'existing old existingcustomer existingcustomers oldcustomer oldcustomers currentcustomer repeatcustomer customer customers bestandskunde stammkunde 老客户 现有客户 老顾客 回头客 原有客户 既有客户 老客',
  'cold-visit':
    'cold coldvisit coldcall coldcalling coldcalls doortodoor walkin canvassing kaltakquise 陌拜 陌生拜访 扫街 上门拜访 陌生电话 电话陌拜 地推',
  dm: 'dm directmail directmailing mailing mailer flyer postal 直邮 直投 邮寄 宣传单 dm单',
  'mailing-list':
    'mailinglist newsletter emaillist emailcampaign emailmarketing edm 邮件列表 邮件营销 电子邮件营销 订阅',
  advertising:
    'ad ads advert adverts advertisement advertising newspaper newspapers magazine printad radio tv werbung anzeige 广告 报纸 报刊 杂志 报纸广告 媒体 电视广告',
  directory:
    'directory directories yellowpages businessdirectory gelbeseiten branchenbuch 黄页 名录 企业名录 电话簿 行业名录',
  web: 'web website online internet ecommerce eshop onlineshop webshop alibaba google search seo sem inquiry webinquiry 网络 网站 电商 官网 阿里巴巴 网上 互联网 线上 百度 网店 询盘',
  'personal-network':
    'personalnetwork network networking personal personalcontacts friend friends family acquaintance 人脉 朋友 朋友介绍 亲友 熟人 私人关系 关系',
  'competitor-customer':
    'competitor competitors competitorcustomer competitorscustomer competitorscustomers competitorclient wettbewerber 竞争对手客户 竞品客户 对手客户 竞争对手 同行客户',
  inherited:
    'inherited inherit inheritance handover handedover takeover takenover previousrep fromapreviousrep frompreviousrep formerrep transferred 继承 交接 前任 前任销售 接手 离职交接 移交 转交',
  other: 'other others misc miscellaneous unknown 其他 其它',
};

const SOURCE_SYNONYMS = new Map<string, LeadSource>();
for (const [key, words] of Object.entries(SOURCE_WORDS) as [LeadSource, string][]) {
  SOURCE_SYNONYMS.set(key.replace(/-/g, ''), key);
  for (const w of words.split(/\s+/)) if (w) SOURCE_SYNONYMS.set(w, key);
}

/** Lower case, NFKC, without spaces or punctuation: "Trade Show", "trade-show", "TRADE_SHOW." are one word. */
function sourceWord(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The source key for what people type ("Trade Show", "展会", "继承"), or undefined when it is none of them. */
export function knownSource(s: string | null | undefined): LeadSource | undefined {
  if (!s) return undefined;
  return SOURCE_SYNONYMS.get(sourceWord(s));
}

/** Maps what people type to a source key; unknown text is kept as typed (and should be warned about: knownSource). */
export function normalizeSource(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.normalize('NFKC').trim();
  if (!t) return null;
  return knownSource(t) ?? t;
}

/** The warning for sources that are none of the known ones, naming those. */
export function unknownSourceMessage(sources: string | readonly string[]): string {
  const list = typeof sources === 'string' ? [sources] : sources;
  const shown = list.slice(0, 10).map((s) => `"${s}"`).join(', ') + (list.length > 10 ? ` and ${list.length - 10} more` : '');
  return `${shown} ${list.length === 1 ? 'is not a known lead source' : 'are not known lead sources'}; kept as typed (known: ${Object.keys(LEAD_SOURCES).join(', ')}; Chinese and other spellings of these are recognised)`;
}

/** The flag an imported row with an unknown source gets; sourceOfFlag() reads the source back. */
export function unknownSourceFlag(s: string): string {
  return `source "${s}" is not a known lead source (kept as typed)`;
}

export function sourceOfFlag(problem: string): string | undefined {
  return /^source "(.*)" is not a known lead source \(kept as typed\)$/.exec(problem)?.[1];
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
