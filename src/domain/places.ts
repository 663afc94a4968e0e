// Places: one city or region whatever the script or spelling it is written in (深圳 = 深圳市 =
// Shenzhen), and the city, region, postcode and country read out of an address. Pure: a small
// gazetteer (Chinese provinces and major cities, big European and world cities) decides what it
// knows; Chinese names it does not know are compared through their pinyin, given by an injected
// romaniser (src/domain/romanize.ts loads pinyin-pro only when one is needed).
import { cleanText } from './normalize.js';

/** Turns Chinese characters into toneless pinyin syllables ("东莞" → "dongguan"). */
export type Romanize = (cjk: string) => string;

export interface Place {
  /** canonical key: the same for every spelling of the place */
  key: string;
  /** how the place is written in Chinese, when the gazetteer knows */
  zh?: string;
  /** its usual Latin spelling */
  latin: string;
  country: string;
  /** the key of its province / state, for cities */
  regionKey?: string;
}

// Chinese provinces: name, pinyin key, Latin spellings besides the pinyin (comma separated).
// 山西 and 陕西 share the syllables "shanxi": Shaanxi is the official spelling of the latter.
const PROVINCES = `北京 beijing Peking|天津 tianjin|上海 shanghai|重庆 chongqing Chungking|河北 hebei|山西 shanxi|
辽宁 liaoning|吉林 jilin|黑龙江 heilongjiang|江苏 jiangsu|浙江 zhejiang|安徽 anhui|福建 fujian|江西 jiangxi|
山东 shandong|河南 henan|湖北 hubei|湖南 hunan|广东 guangdong Canton Province|海南 hainan|四川 sichuan|贵州 guizhou|
云南 yunnan|陕西 shaanxi|甘肃 gansu|青海 qinghai|台湾 taiwan|内蒙古 neimenggu Inner Mongolia|广西 guangxi|
西藏 xizang Tibet|宁夏 ningxia|新疆 xinjiang|香港 hongkong Hong Kong|澳门 macau Macao,Aomen`;

const MUNICIPALITIES = new Set(['beijing', 'tianjin', 'shanghai', 'chongqing', 'hongkong', 'macau']);

// Major cities by province key: 名 pinyin-key [extra Latin spellings]. Cities whose pinyin is
// shared with another city (台州 / 泰州, 苏州 / 宿州, 福州 / 抚州) get distinct keys; the bare Latin
// spelling means the better-known one unless the region says otherwise.
const CN_CITIES: Record<string, string> = {
  guangdong: '广州 guangzhou Canton|深圳 shenzhen|东莞 dongguan|佛山 foshan|珠海 zhuhai|中山 zhongshan|惠州 huizhou|江门 jiangmen|汕头 shantou|湛江 zhanjiang|肇庆 zhaoqing|清远 qingyuan|揭阳 jieyang|潮州 chaozhou|茂名 maoming|梅州 meizhou|韶关 shaoguan|河源 heyuan|阳江 yangjiang|汕尾 shanwei|云浮 yunfu',
  zhejiang: '杭州 hangzhou|宁波 ningbo|温州 wenzhou|嘉兴 jiaxing|湖州 huzhou|绍兴 shaoxing|金华 jinhua|义乌 yiwu|台州 taizhou|丽水 lishui|衢州 quzhou|舟山 zhoushan|慈溪 cixi|余姚 yuyao',
  jiangsu: '南京 nanjing Nanking|苏州 suzhou Soochow|无锡 wuxi|常州 changzhou|南通 nantong|扬州 yangzhou|徐州 xuzhou|镇江 zhenjiang|泰州 taizhou-js|盐城 yancheng|连云港 lianyungang|淮安 huaian|宿迁 suqian|昆山 kunshan|江阴 jiangyin|张家港 zhangjiagang|常熟 changshu',
  shandong: '济南 jinan|青岛 qingdao Tsingtao|烟台 yantai|潍坊 weifang|临沂 linyi|淄博 zibo|威海 weihai|济宁 jining|泰安 taian|日照 rizhao',
  fujian: '福州 fuzhou Foochow|厦门 xiamen Amoy|泉州 quanzhou|漳州 zhangzhou|莆田 putian|晋江 jinjiang',
  hebei: '石家庄 shijiazhuang|唐山 tangshan|保定 baoding|廊坊 langfang|邯郸 handan|沧州 cangzhou',
  henan: '郑州 zhengzhou|洛阳 luoyang|开封 kaifeng|新乡 xinxiang|南阳 nanyang',
  hubei: '武汉 wuhan|宜昌 yichang|襄阳 xiangyang|十堰 shiyan',
  hunan: '长沙 changsha|株洲 zhuzhou|湘潭 xiangtan|衡阳 hengyang|岳阳 yueyang',
  anhui: '合肥 hefei|芜湖 wuhu|蚌埠 bengbu|马鞍山 maanshan|宿州 suzhou-ah',
  jiangxi: '南昌 nanchang|赣州 ganzhou|九江 jiujiang|景德镇 jingdezhen|抚州 fuzhou-jx',
  sichuan: '成都 chengdu|绵阳 mianyang|德阳 deyang|宜宾 yibin',
  shaanxi: '西安 xian Xi\'an,Sian|宝鸡 baoji|咸阳 xianyang',
  liaoning: '沈阳 shenyang Mukden|大连 dalian|鞍山 anshan',
  jilin: '长春 changchun',
  heilongjiang: '哈尔滨 haerbin Harbin|大庆 daqing',
  shanxi: '太原 taiyuan|大同 datong',
  yunnan: '昆明 kunming',
  guizhou: '贵阳 guiyang',
  guangxi: '南宁 nanning|柳州 liuzhou|桂林 guilin',
  hainan: '海口 haikou|三亚 sanya',
  gansu: '兰州 lanzhou',
  qinghai: '西宁 xining',
  ningxia: '银川 yinchuan',
  xinjiang: '乌鲁木齐 wulumuqi Urumqi',
  xizang: '拉萨 lasa Lhasa',
  neimenggu: '呼和浩特 huhehaote Hohhot|包头 baotou',
  taiwan: '台北 taibei Taipei|高雄 gaoxiong Kaohsiung|台中 taizhong Taichung|新竹 xinzhu Hsinchu',
};

// Cities elsewhere: country, region (German Länder only), key, spellings (native first), Chinese name.
const WORLD = `DE Berlin berlin Berlin 柏林|DE Hamburg hamburg Hamburg 汉堡|DE Bayern munich München,Munich,Muenchen 慕尼黑|
DE Nordrhein-Westfalen cologne Köln,Cologne,Koeln 科隆|DE Hessen frankfurt Frankfurt am Main,Frankfurt,Frankfurt a. M. 法兰克福|
DE Baden-Württemberg stuttgart Stuttgart 斯图加特|DE Nordrhein-Westfalen dusseldorf Düsseldorf,Duesseldorf,Dusseldorf 杜塞尔多夫|
DE Nordrhein-Westfalen dortmund Dortmund 多特蒙德|DE Nordrhein-Westfalen essen Essen 埃森|DE Sachsen leipzig Leipzig 莱比锡|
DE Bremen bremen Bremen 不来梅|DE Sachsen dresden Dresden 德累斯顿|DE Niedersachsen hanover Hannover,Hanover 汉诺威|
DE Bayern nuremberg Nürnberg,Nuremberg,Nuernberg 纽伦堡|DE Nordrhein-Westfalen duisburg Duisburg 杜伊斯堡|
FR - paris Paris 巴黎|FR - lyon Lyon,Lyons 里昂|FR - marseille Marseille,Marseilles 马赛|FR - toulouse Toulouse 图卢兹|
FR - lille Lille 里尔|FR - bordeaux Bordeaux 波尔多|FR - strasbourg Strasbourg 斯特拉斯堡|FR - nice Nice 尼斯|
IT - rome Roma,Rome 罗马|IT - milan Milano,Milan 米兰|IT - naples Napoli,Naples 那不勒斯|IT - turin Torino,Turin 都灵|
IT - florence Firenze,Florence 佛罗伦萨|IT - bologna Bologna 博洛尼亚|IT - venice Venezia,Venice 威尼斯|
ES - madrid Madrid 马德里|ES - barcelona Barcelona 巴塞罗那|ES - valencia Valencia 瓦伦西亚|ES - seville Sevilla,Seville 塞维利亚|
NL - amsterdam Amsterdam 阿姆斯特丹|NL - rotterdam Rotterdam 鹿特丹|NL - the-hague Den Haag,The Hague,'s-Gravenhage 海牙|
NL - utrecht Utrecht 乌得勒支|NL - eindhoven Eindhoven 埃因霍温|BE - brussels Bruxelles,Brussel,Brussels 布鲁塞尔|
BE - antwerp Antwerpen,Anvers,Antwerp 安特卫普|GB - london London 伦敦|GB - manchester Manchester 曼彻斯特|
GB - birmingham Birmingham 伯明翰|GB - glasgow Glasgow 格拉斯哥|GB - edinburgh Edinburgh 爱丁堡|AT - vienna Wien,Vienna 维也纳|
CH - zurich Zürich,Zurich,Zuerich 苏黎世|CH - geneva Genève,Geneva,Genf 日内瓦|CH - basel Basel,Bâle 巴塞尔|
SE - stockholm Stockholm 斯德哥尔摩|SE - gothenburg Göteborg,Gothenburg 哥德堡|DK - copenhagen København,Copenhagen 哥本哈根|
NO - oslo Oslo 奥斯陆|FI - helsinki Helsinki 赫尔辛基|PL - warsaw Warszawa,Warsaw 华沙|CZ - prague Praha,Prague 布拉格|
PT - lisbon Lisboa,Lisbon 里斯本|PT - porto Porto,Oporto 波尔图|IE - dublin Dublin 都柏林|GR - athens Athína,Athens 雅典|
HU - budapest Budapest 布达佩斯|US - new-york New York,New York City,NYC 纽约|US - los-angeles Los Angeles 洛杉矶|
JP - tokyo Tokyo 东京|KR - seoul Seoul 首尔|SG - singapore Singapore 新加坡`;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CN_ADMIN_SUFFIX = /(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|自治州|地区|省|市|盟)$/u;
const LATIN_ADMIN_SUFFIX = /\s+(?:shi|city|sheng|province|prefecture|sar|special administrative region)$/i;

/** Latin text folded for comparison: no case, accents, ß, spaces or punctuation. */
function foldLatin(s: string): string {
  return s
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

interface Gazetteer {
  /** folded spelling or Chinese name → places with that name */
  byName: Map<string, Place[]>;
  byKey: Map<string, Place>;
  /** Chinese names, longest first, for prefix matching in addresses */
  zhNames: { zh: string; place: Place }[];
}

let gazetteer: Gazetteer | undefined;

function gaz(): Gazetteer {
  if (gazetteer) return gazetteer;
  const byName = new Map<string, Place[]>();
  const byKey = new Map<string, Place>();
  const add = (name: string, p: Place) => {
    const k = CJK.test(name) ? name : foldLatin(name);
    if (!k) return;
    const l = byName.get(k) ?? [];
    if (!l.includes(p)) l.push(p);
    byName.set(k, l);
  };
  const place = (p: Place, names: string[]) => {
    byKey.set(p.key, p);
    for (const n of names) add(n, p);
  };
  for (const entry of PROVINCES.split('|')) {
    const [zh, key, ...rest] = entry.trim().split(' ');
    const extra = rest.join(' ').split(',').filter(Boolean);
    const latin = key === 'hongkong' ? 'Hong Kong' : key === 'neimenggu' ? 'Inner Mongolia' : key!.charAt(0).toUpperCase() + key!.slice(1);
    const country = key === 'hongkong' ? 'HK' : key === 'macau' ? 'MO' : key === 'taiwan' ? 'TW' : 'CN';
    place({ key: `cn-${key}`, zh: zh!, latin, country }, [zh!, key!, ...extra]);
  }
  for (const [prov, list] of Object.entries(CN_CITIES)) {
    const region = byKey.get(`cn-${prov}`)!;
    for (const entry of list.split('|')) {
      const [zh, key, ...rest] = entry.trim().split(' ');
      const pinyinKey = key!.replace(/-.*$/, '');
      const latin = pinyinKey.charAt(0).toUpperCase() + pinyinKey.slice(1);
      const extra = rest.join(' ').split(',').filter(Boolean);
      // A shared pinyin spelling (泰州 taizhou-js) means the first city listed unless a region says otherwise.
      const latinNames = [pinyinKey, ...extra];
      place({ key: `cn-${key}`, zh: zh!.replace(/市$/, ''), latin, country: region.country, regionKey: region.key }, [zh!, ...latinNames]);
    }
  }
  for (const line of WORLD.split('|')) {
    const m = /^\s*([A-Z]{2}) (\S+) (\S+) (.+) (\S+)\s*$/u.exec(line);
    if (!m) continue;
    const [, country, regionName, key, spellings, zh] = m;
    const names = spellings!.split(',').map((s) => s.trim());
    let regionKey: string | undefined;
    if (regionName !== '-') {
      regionKey = `${country!.toLowerCase()}-region-${foldLatin(regionName!)}`;
      if (!byKey.has(regionKey)) place({ key: regionKey, latin: regionName!, country: country! }, [regionName!]);
    }
    place({ key: `${country!.toLowerCase()}-${key}`, zh: zh!, latin: names[0]!, country: country!, ...(regionKey ? { regionKey } : {}) }, [...names, zh!]);
  }
  const zhNames: Gazetteer['zhNames'] = [];
  for (const p of byKey.values()) if (p.zh) zhNames.push({ zh: p.zh, place: p });
  zhNames.sort((a, b) => b.zh.length - a.zh.length);
  gazetteer = { byName, byKey, zhNames };
  return gazetteer;
}

/** The place name without its administrative suffix: 深圳市 → 深圳, 广东省 → 广东, Shenzhen City → Shenzhen. */
function bareName(name: string): string {
  const t = cleanText(name);
  if (CJK.test(t)) {
    const s = t.replace(/\s+/g, '').replace(CN_ADMIN_SUFFIX, '');
    return s.length >= 2 ? s : t.replace(/\s+/g, '');
  }
  return t.replace(LATIN_ADMIN_SUFFIX, '');
}

/** The gazetteer's places for a name (any script, with or without 市 / 省 / "City"). */
export function lookupPlace(name: string | null | undefined): Place[] {
  if (!name) return [];
  const g = gaz();
  const t = cleanText(name);
  if (!t) return [];
  const bare = bareName(t);
  const k = CJK.test(bare) ? bare : foldLatin(bare);
  return g.byName.get(k) ?? (CJK.test(t) ? g.byName.get(t.replace(/\s+/g, '')) ?? [] : []);
}

export function placeByKey(key: string): Place | undefined {
  return gaz().byKey.get(key);
}

const isCity = (p: Place) => !!p.regionKey || MUNICIPALITIES.has(p.key.replace(/^cn-/, ''));

/**
 * One place of several with the same name: the city rather than the region of the same name
 * (Berlin, Hamburg), and among cities the one in the given region (Taizhou, Jiangsu).
 */
function cityOrRegion(found: Place[], region?: string | null): Place | undefined {
  if (found.length <= 1) return found[0];
  const cities = found.filter(isCity);
  if (!cities.length) return found[0];
  const r = region ? cityOrRegion(lookupPlace(region).filter((p) => !isCity(p) || MUNICIPALITIES.has(p.key.replace(/^cn-/, '')))) : undefined;
  return cities.find((p) => r && p.regionKey === r.key) ?? cities[0];
}

/** True when keying this name needs the romaniser: Chinese the gazetteer does not know. */
export function needsRomanizer(name: string | null | undefined): boolean {
  return !!name && CJK.test(name) && lookupPlace(name).length === 0;
}

/**
 * The key that makes two spellings of a place equal: 深圳, 深圳市, Shenzhen and SHENZHEN CITY all
 * give "cn-shenzhen". A name the gazetteer has under several places is told apart by the region
 * (Taizhou, Zhejiang / Taizhou, Jiangsu). Unknown Chinese names key by their pinyin when a
 * romaniser is given (else by the characters); unknown Latin names by their folded spelling.
 */
export function placeKey(name: string | null | undefined, region?: string | null, romanize?: Romanize): string {
  if (!name) return '';
  const t = cleanText(name);
  if (!t) return '';
  const found = cityOrRegion(lookupPlace(t), region);
  if (found) return found.key;
  const bare = bareName(t);
  if (CJK.test(bare)) return romanize ? foldLatin(romanize(bare)) || bare : bare;
  return foldLatin(bare);
}

export interface AddressParts {
  city?: string;
  region?: string;
  postcode?: string;
  country?: string;
}

function regionName(p: Place, chinese: boolean): string | undefined {
  if (!p.regionKey) return MUNICIPALITIES.has(p.key.replace(/^cn-/, '')) ? (chinese ? p.zh : p.latin) : undefined;
  const r = gaz().byKey.get(p.regionKey);
  if (!r) return undefined;
  return chinese && r.zh ? r.zh : r.latin;
}

/** Region of a city the gazetteer knows, written in the city's script: 深圳 → 广东, Shenzhen → Guangdong. */
export function regionOfCity(city: string | null | undefined): string | undefined {
  const p = cityOrRegion(lookupPlace(city));
  return p && isCity(p) ? regionName(p, CJK.test(city ?? '')) : undefined;
}

const STREET_AFTER = /^(?:路|街|道|大道|大街|巷|弄|里|胡同|东路|西路|南路|北路|中路)/u;

function chineseAddress(a: string): AddressParts {
  const out: AddressParts = {};
  let s = a.replace(/\s+/g, '').replace(/^(?:中华人民共和国|中国)/u, '');
  const pc = /^(\d{6})/.exec(s);
  if (pc) {
    out.postcode = pc[1]!;
    s = s.slice(6);
  }
  const g = gaz();
  let province: Place | undefined;
  for (const { zh, place } of g.zhNames) {
    if (place.regionKey || !place.key.startsWith('cn-') || !s.startsWith(zh)) continue;
    province = place;
    s = s.slice(zh.length).replace(/^(?:维吾尔自治区|壮族自治区|回族自治区|特别行政区|自治区|省|市)/u, '');
    break;
  }
  if (province) {
    out.region = province.zh;
    out.country = province.country;
    if (MUNICIPALITIES.has(province.key.replace(/^cn-/, ''))) {
      out.city = province.zh;
      return out;
    }
  }
  for (const { zh, place } of g.zhNames) {
    if (!place.regionKey || !s.startsWith(zh)) continue;
    if (province && place.regionKey !== province.key) continue;
    const rest = s.slice(zh.length);
    if (STREET_AFTER.test(rest)) continue;
    out.city = zh;
    out.region ??= regionName(place, true);
    out.country ??= place.country;
    return out;
  }
  // A city the gazetteer does not know still reads from "…市" after the province.
  const m = /^([\u3400-\u9fff]{2,4}?)(?:市|地区|自治州|盟)/u.exec(s);
  if (m && (province || /^[\u3400-\u9fff]{2,4}市/u.test(s))) out.city = m[1]!;
  if (out.city) out.country ??= 'CN';
  return out;
}

// Postcode before the city (most of Europe: "10115 Berlin", "D-80331 München", "1012 AB Amsterdam")
const POST_CITY = /(?:^|\s)(?:[A-Z]{1,2}[- ])?(\d{4} ?[A-Z]{2}(?=\s)|\d{4,5})\s+(\p{L}[\p{L}\p{M} .'’()-]*)$/u;
// City before the postcode (UK: "London SW1A 1AA"; China in Latin: "Shenzhen 518000")
const CITY_POST = /^(\p{L}[\p{L}\p{M} .'’-]*?)[ ,]+([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{6})$/u;
// "1600 Amphitheatre Parkway" is a street with its number, not a postcode and a city
const STREETISH = /\b(?:street|st|road|rd|avenue|ave|parkway|pkwy|boulevard|blvd|lane|ln|drive|dr|way|straße|strasse|str|weg|platz|allee|gasse|ring|damm|rue|avenue|via|viale|piazza|calle|avenida|laan|straat|gracht|plein|vej|gatan|gata|väg)\.?$/iu;

function latinAddress(a: string, countryOf: (s: string) => string | undefined): AddressParts {
  const out: AddressParts = {};
  const segs = a.split(/\s*(?:[,\n;]|，)\s*/u).map((s) => s.trim()).filter(Boolean);
  while (segs.length > 1) {
    const c = countryOf(segs[segs.length - 1]!);
    if (!c) break;
    out.country ??= c;
    segs.pop();
  }
  const setCity = (name: string) => {
    let city = name.trim();
    let p = cityOrRegion(lookupPlace(city));
    // "Berlin-Mitte", "Frankfurt (Oder)": the district or qualifier after the city
    if (!p) {
      const head = city.split(/\s*[-(]\s*/)[0]!;
      if (head && head !== city && lookupPlace(head).length) {
        city = head;
        p = cityOrRegion(lookupPlace(head));
      }
    }
    out.city = city;
    if (p) {
      out.region ??= regionName(p, false);
      out.country ??= p.country;
    }
  };
  // the postcode and city are on the last line (after the country, dropped above)
  const last = segs[segs.length - 1] ?? '';
  const pc = POST_CITY.exec(last);
  const cp = pc ? undefined : CITY_POST.exec(last);
  const found = pc ? { postcode: pc[1]!, city: pc[2]! } : cp ? { postcode: cp[2]!, city: cp[1]! } : undefined;
  if (found && !STREETISH.test(found.city.trim())) {
    out.postcode = found.postcode;
    setCity(found.city);
  }
  // "Nanshan District, Shenzhen, Guangdong": segments the gazetteer knows
  for (let i = segs.length - 1; i >= 0 && !out.city; i--) {
    const p = cityOrRegion(lookupPlace(segs[i]!));
    if (!p) continue;
    if (isCity(p)) setCity(bareName(segs[i]!));
    else if (!out.region) {
      out.region = bareName(segs[i]!);
      out.country ??= p.country;
    }
  }
  return out;
}

/**
 * City, region, postcode and country read from a free-text address: "广东省深圳市南山区科技园" →
 * 深圳 / 广东 / CN, "Unter den Linden 1, 10115 Berlin" → Berlin / Berlin / DE. Only what the
 * address says with confidence; the rest stays undefined.
 */
export function parseAddress(address: string | null | undefined, countryOf: (s: string) => string | undefined = () => undefined): AddressParts {
  const a = cleanText(address);
  if (!a) return {};
  return CJK.test(a.slice(0, 8)) ? chineseAddress(a) : latinAddress(a, countryOf);
}

export interface PlaceFields {
  address: string | null;
  city: string | null;
  region: string | null;
  postcode: string | null;
  country: string | null;
}

/**
 * Fills the city, region, postcode and country a record lacks from its address and its city.
 * `parsed` is the address already read with parseAddress, when the caller has it.
 */
export function fillPlace<T extends PlaceFields>(r: T, countryOf?: (s: string) => string | undefined, parsed?: AddressParts): T {
  if (r.city && r.region && r.postcode && r.country) return r;
  const out = { ...r };
  if (out.address && (!out.city || !out.region)) {
    const p = parsed ?? parseAddress(out.address, countryOf);
    // an address in another city than the city column says: trust the column, take nothing else
    if (!out.city || (p.city && placeKey(p.city) === placeKey(out.city))) {
      out.city ??= p.city ?? null;
      out.region ??= p.region ?? null;
      out.postcode ??= p.postcode ?? null;
      out.country ??= p.country ?? null;
    }
  }
  if (out.city && (!out.region || !out.country)) {
    const { region, country } = cityFacts(out.city);
    out.region ??= region;
    out.country ??= country;
  }
  return out;
}

// An import meets the same few cities on every row: their region and country are worked out once.
const cityMemo = new Map<string, { region: string | null; country: string | null }>();
function cityFacts(city: string): { region: string | null; country: string | null } {
  let f = cityMemo.get(city);
  if (!f) {
    if (cityMemo.size >= 5_000) cityMemo.clear();
    f = { region: regionOfCity(city) ?? null, country: cityOrRegion(lookupPlace(city))?.country ?? null };
    cityMemo.set(city, f);
  }
  return f;
}
