// Which column of a customer file holds which field of the customer file. Headers come from
// Google Contacts, Outlook, LinkedIn, HubSpot, Salesforce, Zoho, business-card scanner apps and
// hand-made Excel sheets, in English and Chinese. Pure: no I/O.

export const LEAD_FIELDS = [
  // the person
  'name', 'givenName', 'middleName', 'familyName', 'title', 'department', 'email', 'phone', 'mobile', 'fax', 'im',
  'birthday', 'personality', 'hobbies', 'buyingRole', 'notes',
  // the company
  'company', 'website', 'address', 'city', 'region', 'postcode', 'country', 'industry', 'employees', 'mainBusiness',
  'businessScope', 'companyPhone', 'companyEmail', 'source', 'campaign', 'owner', 'tags', 'accountNotes',
] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

export const ORDER_FIELDS = [
  'accountId', 'customer', 'email', 'phone', 'date', 'amount', 'profit', 'product', 'quantity', 'currency', 'reference',
] as const;
export type OrderField = (typeof ORDER_FIELDS)[number];

/** Header text reduced to letters (any script) without digits, spaces or punctuation. */
export function headerKey(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}]+/gu, '');
}

const LEAD_SYNONYMS: Record<LeadField, string[]> = {
  name: ['vollständigername', 
    'name', 'fullname', 'contactname', 'displayname', 'contact', 'person', 'personname', 'leadname', 'contactfullname',
    '姓名', '名字', '联系人', '联系人姓名', '客户姓名', '中文名', '英文名', '名片姓名',
  ],
  givenName: ['vorname', 'firstname', 'givenname', 'forename', 'first', 'given', '名'],
  middleName: ['middlename', 'additionalname', 'middle'],
  familyName: ['nachname', 'familienname', 'lastname', 'surname', 'familyname', 'last', 'family', '姓', '姓氏'],
  title: ['jobtitel', 'funktion', 'berufsbezeichnung', 'title', 'jobtitle', 'position', 'designation', 'organizationtitle', 'occupation', '职位', '职务', '头衔', '岗位', '职称'],
  department: ['abteilung', 'department', 'dept', 'organizationdepartment', 'division', '部门', '所属部门', '科室'],
  email: ['emailadresse', 
    'email', 'emailaddress', 'emailvalue', 'mail', 'primaryemail', 'workemail', 'businessemail', 'homeemail', 'otheremail',
    'personalemail', 'emailaddresses', 'secondaryemail', 'emailwork', 'emailhome', 'emailother',
    '邮箱', '电子邮箱', '电子邮件', '邮件', '邮箱地址', '电邮', 'email地址',
  ],
  phone: ['telefon', 'telefonnummer', 'telefongeschäftlich', 
    'phone', 'telephone', 'phonenumber', 'tel', 'workphone', 'businessphone', 'officephone', 'homephone', 'otherphone',
    'primaryphone', 'phonevalue', 'directphone', 'directline', 'phonework', 'phonehome', 'telephonenumber', 'landline',
    '电话', '座机', '办公电话', '固话', '联系电话', '工作电话', '电话号码', '直线', '固定电话', '单位电话',
  ],
  mobile: ['mobil', 'mobiltelefon', 'mobilnummer', 
    'mobile', 'mobilephone', 'cell', 'cellphone', 'mobilenumber', 'cellular', 'phonemobile', 'handy',
    '手机', '手机号', '手机号码', '移动电话', '手提',
  ],
  fax: ['fax', 'businessfax', 'homefax', 'faxnumber', 'otherfax', '传真', '传真号码'],
  im: ['skypeid', 'wechatid', 'qqnumber', 'im', 'imvalue', 'wechat', 'weixin', 'qq', 'skype', 'whatsapp', 'line', 'telegram', '微信', '微信号', 'qq号', '即时通讯'],
  birthday: ['birthday', 'birthdate', 'dateofbirth', 'dob', '生日', '出生日期'],
  personality: ['personality', 'character', '性格', '个性'],
  hobbies: ['hobbies', 'hobby', 'interests', '爱好', '兴趣', '兴趣爱好'],
  buyingRole: ['buyingrole', 'role', 'roleinbuying', '采购角色', '角色'],
  notes: ['bemerkung', 'notizen', 'anmerkungen', 'notes', 'note', 'comments', 'comment', 'remarks', 'remark', 'description', 'memo', '备注', '说明', '描述', '附注', '其他'],
  company: ['firma', 'unternehmen', 'firmenname', 
    'company', 'companyname', 'organization', 'organisation', 'organizationname', 'org', 'account', 'accountname',
    'employer', 'firm', 'business', 'businessname', 'companyorganization',
    '公司', '公司名称', '单位', '单位名称', '企业', '企业名称', '工作单位', '客户名称', '机构', '组织', '公司名',
  ],
  website: ['websiteurl', 'companywebsiteurl', 
    'website', 'web', 'webpage', 'webaddress', 'homepage', 'companywebsite', 'websitevalue', 'site', 'companydomainname',
    'domain', '网址', '网站', '主页', '公司网址', '公司网站', '官网',
  ],
  address: ['mailingaddress', 'streetaddressline', 'straße', 'strasse', 'adresse', 
    'address', 'streetaddress', 'street', 'mailingstreet', 'businessstreet', 'addressstreet', 'addressformatted',
    'billingstreet', 'homestreet', 'addressline', 'businessaddress', 'workaddress', 'fulladdress',
    '地址', '公司地址', '通讯地址', '详细地址', '联系地址', '街道', '单位地址',
  ],
  city: ['ort', 'stadt', 'city', 'town', 'mailingcity', 'businesscity', 'addresscity', 'billingcity', 'homecity', '城市', '市', '所在城市'],
  region: ['bundesland', 
    'state', 'province', 'region', 'county', 'mailingstate', 'businessstate', 'stateprovince', 'addressregion',
    'billingstate', 'homestate', 'stateregion', 'mailingstateprovince', '省', '省份', '地区', '区域', '所在地区', '省市',
  ],
  postcode: ['plz', 'postleitzahl', 
    'zip', 'zipcode', 'postcode', 'postalcode', 'mailingpostalcode', 'businesspostalcode', 'addresspostalcode',
    'billingpostalcode', 'mailingzip', '邮编', '邮政编码',
  ],
  country: ['land', 
    'country', 'countryregion', 'businesscountryregion', 'mailingcountry', 'addresscountry', 'billingcountry',
    'homecountryregion', '国家', '国家地区',
  ],
  industry: ['branche', 'industry', 'sector', 'vertical', '行业', '所属行业', '行业类别'],
  employees: ['noofemployees', 'employeecount', 'employees', 'numberofemployees', 'companysize', 'headcount', 'staff', '员工人数', '人数', '规模', '员工数', '公司规模'],
  mainBusiness: ['mainbusiness', 'mainproducts', 'products', 'primarybusiness', '主营', '主营业务', '主营产品', '主要产品'],
  businessScope: ['businessscope', 'scope', 'scopeofbusiness', '经营范围'],
  companyPhone: [
    'companyphone', 'companymainphone', 'mainphone', 'switchboard', 'accountphone', 'businessmainphone', '公司电话', '总机',
  ],
  companyEmail: ['companyemail', 'generalemail', 'infoemail', '公司邮箱'],
  source: ['originalsourcetype', 'leadsource', 'source', 'contactsource', 'originalsource', '来源', '客户来源', '线索来源', '渠道'],
  campaign: ['campaign', 'campaignname', 'event', '活动', '展会'],
  owner: ['hubspotowner', 'recordowner', 'owner', 'leadowner', 'accountowner', 'contactowner', 'salesrep', 'rep', '负责人', '销售', '业务员', '归属人', '跟进人'],
  tags: ['tags', 'tag', 'labels', 'label', 'categories', 'category', 'group', 'groups', 'grouplabels', '标签', '分类', '分组'],
  accountNotes: ['companynotes', 'accountnotes', 'accountdescription', 'companydescription', '公司备注', '公司简介'],
};

const ORDER_SYNONYMS: Record<OrderField, string[]> = {
  accountId: ['accountid', 'customerid', 'crmid', 'clientid', '客户编号', '客户id', '客户代码'],
  customer: [
    'customer', 'customername', 'client', 'clientname', 'account', 'accountname', 'company', 'companyname', 'buyer',
    'name', '客户', '客户名称', '公司', '公司名称', '买方', '购买方', '单位',
  ],
  email: LEAD_SYNONYMS.email,
  phone: [...LEAD_SYNONYMS.phone, ...LEAD_SYNONYMS.mobile],
  date: ['date', 'orderdate', 'ordereddate', 'purchasedate', 'invoicedate', 'orderedon', 'day', '日期', '下单日期', '订单日期', '购买日期', '成交日期'],
  amount: ['amount', 'total', 'totalamount', 'revenue', 'value', 'ordervalue', 'sales', 'price', 'net', '金额', '销售额', '总额', '订单金额', '总金额', '成交金额'],
  profit: ['profit', 'margin', 'grossprofit', 'grossmargin', '毛利', '利润', '毛利润'],
  product: ['product', 'item', 'productname', 'sku', 'description', '产品', '商品', '品名', '产品名称'],
  quantity: ['quantity', 'qty', 'units', '数量'],
  currency: ['currency', 'curr', '币种', '货币'],
  reference: ['reference', 'ref', 'orderid', 'ordernumber', 'orderno', 'invoice', 'invoicenumber', 'invoiceno', 'number', '订单号', '单号', '发票号', '订单编号'],
};

function invert<F extends string>(table: Record<F, string[]>): Map<string, F> {
  const m = new Map<string, F>();
  for (const [field, words] of Object.entries(table) as [F, string[]][]) {
    m.set(headerKey(field), field);
    for (const w of words) if (!m.has(headerKey(w))) m.set(headerKey(w), field);
  }
  return m;
}

let leadIndex: Map<string, LeadField> | undefined;
let orderIndex: Map<string, OrderField> | undefined;

export type ImportKind = 'leads' | 'orders';

export function fieldsOf(kind: ImportKind): readonly string[] {
  return kind === 'orders' ? ORDER_FIELDS : LEAD_FIELDS;
}

/** The field a header means, or undefined when it is not known (the column is then kept as extra). */
export function fieldForHeader(kind: ImportKind, header: string): string | undefined {
  if (kind === 'orders') {
    orderIndex ??= invert(ORDER_SYNONYMS);
    return orderIndex.get(headerKey(header));
  }
  leadIndex ??= invert(LEAD_SYNONYMS);
  const k = headerKey(header);
  const direct = leadIndex.get(k);
  if (direct) return direct;
  // Google and Outlook number and qualify repeated columns: "Phone 2 - Value", "E-mail 3 Address",
  // "Business Phone 2". Type/label columns ("Phone 1 - Type") are labels, not values.
  if (/type$|label$/.test(k) && !/^(type|label)$/.test(k)) return undefined;
  for (const suffix of ['value', 'address', 'number']) {
    if (k.endsWith(suffix) && k.length > suffix.length) {
      const f = leadIndex.get(k.slice(0, -suffix.length));
      if (f && ['email', 'phone', 'mobile', 'fax', 'im', 'website'].includes(f)) return f;
    }
  }
  return undefined;
}

export interface ColumnMapping {
  /** column index in the file */
  index: number;
  header: string;
  /** field it maps to; undefined means kept as extra */
  field: string | undefined;
  /** Google-style "X n - Type" column giving the label of this value, if any */
  labelIndex?: number;
  /** how it was decided */
  by: 'header' | 'map' | 'none' | 'ignored';
}

/** Headers the user mapped to this word are dropped on purpose (e.g. --map "Photo=ignore"). */
export const IGNORE = 'ignore';

/**
 * Maps every column of a header row. `overrides` (from --map or a saved mapping) win over
 * synonyms; they are matched on the exact header first, then case- and punctuation-insensitively.
 */
export function mapHeaders(kind: ImportKind, headers: readonly string[], overrides: Record<string, string> = {}): ColumnMapping[] {
  const byKey = new Map<string, string>();
  for (const [h, f] of Object.entries(overrides)) byKey.set(headerKey(h) || h, f);
  const out: ColumnMapping[] = headers.map((header, index) => {
    const o = overrides[header] ?? byKey.get(headerKey(header) || header);
    if (o !== undefined) return { index, header, field: o === IGNORE ? undefined : o, by: o === IGNORE ? 'ignored' : 'map' };
    const f = fieldForHeader(kind, header);
    return { index, header, field: f, by: f ? 'header' : 'none' };
  });
  // Outlook has both "Title" (Mr., Dr.) and "Job Title": the job title is the title then.
  if (out.some((m) => m.by === 'header' && m.field === 'title' && headerKey(m.header) === 'jobtitle')) {
    for (const m of out) if (m.by === 'header' && m.field === 'title' && headerKey(m.header) === 'title') m.field = undefined, m.by = 'none';
  }
  // Google's "Address 1 - Label", "Phone 1 - Type": labels of a numbered group, not data
  for (const m of out) {
    const g = /^(.*?)\s*\d+\s*-\s*(type|label)$/i.exec(m.header.trim());
    if (g && m.by === 'none' && out.some((x) => x !== m && x.header.trim().toLowerCase().startsWith(g[1]!.toLowerCase()) && x.field)) m.by = 'ignored';
  }
  // Pair "Phone 1 - Value" with "Phone 1 - Type" / "- Label" (Google): the type becomes the label.
  for (const m of out) {
    const g = /^(.*?)(\d+)\s*-\s*value$/i.exec(m.header.trim());
    if (!g || !m.field) continue;
    const norm = (h: string) => h.trim().toLowerCase().replace(/\s+/g, ' ');
    const wants = [`${g[1]}${g[2]} - type`, `${g[1]}${g[2]} - label`].map(norm);
    const t = out.find((x) => wants.includes(norm(x.header)));
    if (t) {
      m.labelIndex = t.index;
      if (t.by === 'none') t.by = 'ignored';
    }
  }
  return out;
}

/** Parses --map "Header=field" values; the field must be a known one (or "ignore"). */
export function parseMapOverrides(kind: ImportKind, specs: readonly string[]): Record<string, string> {
  const fields = fieldsOf(kind);
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const i = spec.lastIndexOf('=');
    if (i <= 0) throw new Error(`--map needs "Header=field" (got "${spec}")`);
    const header = spec.slice(0, i).trim();
    const field = spec.slice(i + 1).trim();
    const known = fields.find((f) => f.toLowerCase() === field.toLowerCase()) ?? (field.toLowerCase() === IGNORE ? IGNORE : undefined);
    if (!known) throw new Error(`--map "${spec}": unknown field "${field}"; fields are ${fields.join(', ')}, or ignore`);
    out[header] = known;
  }
  return out;
}

/** How well a row looks like a header: the number of its cells that are known field names. */
export function headerScore(kind: ImportKind, cells: readonly string[], overrides: Record<string, string> = {}): number {
  let n = 0;
  for (const c of cells) {
    if (!c || c.length > 60) continue;
    if (overrides[c] !== undefined || fieldForHeader(kind, c)) n++;
  }
  return n;
}
