// Vocabulary for synthetic customer data: names, places, industries, products and phrases, in
// Chinese and European flavours. Shared by the benchmark generator and the demo fixture script.

/** A small seeded PRNG (sfc32): the same seed always gives the same data. */
export function rng(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  const r = {
    next,
    /** integer in [lo, hi] */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    /** roughly Poisson-ish count with the given mean, small and cheap */
    count: (mean) => Math.floor(-Math.log(1 - next()) * mean),
    digits: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += Math.floor(next() * 10);
      return s;
    },
  };
  return r;
}

// [character, pinyin]
export const CN_SURNAMES = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'], ['高', 'gao'], ['罗', 'luo'], ['郑', 'zheng'],
  ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'],
  ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'], ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'],
  ['潘', 'pan'], ['袁', 'yuan'], ['蔡', 'cai'], ['蒋', 'jiang'], ['余', 'yu'], ['于', 'yu'], ['杜', 'du'],
  ['叶', 'ye'], ['程', 'cheng'], ['魏', 'wei'], ['苏', 'su'], ['吕', 'lv'], ['丁', 'ding'], ['任', 'ren'],
  ['欧阳', 'ouyang'],
];
export const CN_GIVEN = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'],
  ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'],
  ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'],
  ['桂', 'gui'], ['英', 'ying'], ['华', 'hua'], ['建', 'jian'], ['国', 'guo'], ['文', 'wen'], ['辉', 'hui'],
  ['鹏', 'peng'], ['红', 'hong'], ['玲', 'ling'], ['斌', 'bin'], ['波', 'bo'], ['宇', 'yu'], ['浩', 'hao'],
  ['凯', 'kai'], ['晨', 'chen'], ['欣', 'xin'], ['婷', 'ting'], ['雪', 'xue'], ['琳', 'lin'], ['晓', 'xiao'],
  ['东', 'dong'], ['海', 'hai'], ['峰', 'feng'], ['志', 'zhi'], ['慧', 'hui'], ['佳', 'jia'], ['俊', 'jun'],
  ['健', 'jian'], ['亮', 'liang'], ['宁', 'ning'], ['飞', 'fei'], ['颖', 'ying'], ['倩', 'qian'], ['博', 'bo'],
];
export const WEST_FIRST = [
  'Anna', 'Lukas', 'Sophie', 'Maximilian', 'Emma', 'Jonas', 'Marie', 'Felix', 'Laura', 'Paul', 'Julia', 'Thomas',
  'Camille', 'Louis', 'Chloé', 'Hugo', 'Léa', 'Nicolas', 'Giulia', 'Marco', 'Francesca', 'Luca', 'Chiara',
  'Alessandro', 'Daan', 'Sanne', 'Bram', 'Lotte', 'James', 'Oliver', 'Charlotte', 'Harry', 'Emily', 'George',
  'Pablo', 'Lucía', 'Javier', 'Carmen', 'Piotr', 'Agnieszka', 'Erik', 'Ingrid', 'Mikael', 'Sofia', 'Jan', 'Eva',
];
export const WEST_LAST = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schulz',
  'Martin', 'Bernard', 'Dubois', 'Durand', 'Lefebvre', 'Moreau', 'Laurent', 'Rossi', 'Russo', 'Ferrari',
  'Esposito', 'Bianchi', 'Romano', 'de Jong', 'Jansen', 'de Vries', 'van Dijk', 'Bakker', 'Smith', 'Jones',
  'Taylor', 'Brown', 'Williams', 'Wilson', 'García', 'Fernández', 'López', 'Martínez', 'Kowalski', 'Nowak',
  'Andersson', 'Johansson', 'Nielsen', 'Hansen', 'Novák', 'Horváth',
];

// Chinese cities: name, pinyin, region, area code (without the trunk 0), weight.
export const CN_CITIES = [
  ['深圳', 'shenzhen', '广东', '755', 8], ['广州', 'guangzhou', '广东', '20', 7], ['东莞', 'dongguan', '广东', '769', 5],
  ['佛山', 'foshan', '广东', '757', 4], ['上海', 'shanghai', '上海', '21', 8], ['北京', 'beijing', '北京', '10', 6],
  ['杭州', 'hangzhou', '浙江', '571', 5], ['宁波', 'ningbo', '浙江', '574', 4], ['义乌', 'yiwu', '浙江', '579', 4],
  ['苏州', 'suzhou', '江苏', '512', 5], ['南京', 'nanjing', '江苏', '25', 4], ['无锡', 'wuxi', '江苏', '510', 3],
  ['成都', 'chengdu', '四川', '28', 4], ['重庆', 'chongqing', '重庆', '23', 3], ['武汉', 'wuhan', '湖北', '27', 4],
  ['厦门', 'xiamen', '福建', '592', 3], ['青岛', 'qingdao', '山东', '532', 3], ['天津', 'tianjin', '天津', '22', 3],
  ['西安', 'xian', '陕西', '29', 2], ['长沙', 'changsha', '湖南', '731', 2],
];
// European cities: name, country, region, phone country code, area digits, local digit count, weight.
export const EU_CITIES = [
  ['Berlin', 'DE', 'Berlin', '49', '30', 8, 3], ['Hamburg', 'DE', 'Hamburg', '49', '40', 8, 3],
  ['München', 'DE', 'Bayern', '49', '89', 8, 3], ['Frankfurt am Main', 'DE', 'Hessen', '49', '69', 8, 2],
  ['Düsseldorf', 'DE', 'Nordrhein-Westfalen', '49', '211', 7, 2], ['Paris', 'FR', 'Île-de-France', '33', '1', 8, 3],
  ['Lyon', 'FR', 'Auvergne-Rhône-Alpes', '33', '4', 8, 2], ['Milano', 'IT', 'Lombardia', '39', '02', 8, 3],
  ['Torino', 'IT', 'Piemonte', '39', '011', 7, 2], ['Rotterdam', 'NL', 'Zuid-Holland', '31', '10', 7, 2],
  ['Amsterdam', 'NL', 'Noord-Holland', '31', '20', 7, 2], ['London', 'GB', 'England', '44', '20', 8, 3],
  ['Manchester', 'GB', 'England', '44', '161', 7, 1], ['Madrid', 'ES', 'Comunidad de Madrid', '34', '91', 7, 2],
  ['Barcelona', 'ES', 'Cataluña', '34', '93', 7, 2], ['Warszawa', 'PL', 'Mazowieckie', '48', '22', 7, 1],
  ['Wien', 'AT', 'Wien', '43', '1', 7, 1], ['Stockholm', 'SE', 'Stockholm', '46', '8', 7, 1],
];
// [key, Chinese word used in company names, English word, products]
export const INDUSTRIES = [
  ['electronics', '电子', 'Electronics', ['LED driver', 'power adapter', 'PCB assembly', 'USB-C cable']],
  ['lighting', '照明', 'Lighting', ['LED panel', 'street light', 'downlight', 'track light']],
  ['machinery', '机械', 'Machinery', ['CNC spindle', 'gearbox', 'hydraulic pump', 'bearing set']],
  ['textiles', '纺织', 'Textiles', ['cotton fabric', 'polyester yarn', 'workwear', 'home textiles']],
  ['furniture', '家具', 'Furniture', ['office chair', 'desk frame', 'sofa set', 'shelving']],
  ['packaging', '包装', 'Packaging', ['corrugated box', 'PET bottle', 'label roll', 'gift box']],
  ['chemicals', '化工', 'Chemicals', ['epoxy resin', 'coating', 'adhesive', 'pigment']],
  ['hardware', '五金', 'Hardware', ['hinge', 'fastener kit', 'door handle', 'tool set']],
  ['food', '食品', 'Food', ['green tea', 'mooncake box', 'dried fruit', 'sauce']],
  ['medical', '医疗器械', 'Medical', ['disposable gloves', 'thermometer', 'face mask', 'syringe']],
  ['auto-parts', '汽车配件', 'Auto Parts', ['brake pad', 'filter', 'wiper blade', 'sensor']],
  ['retail', '商贸', 'Trading', ['mixed container', 'display stand', 'sample kit', 'consumer goods']],
];
export const CN_WORDS = [
  ['华南', 'huanan'], ['恒通', 'hengtong'], ['金达', 'jinda'], ['宏远', 'hongyuan'], ['新世纪', 'xinshiji'],
  ['东方', 'dongfang'], ['永盛', 'yongsheng'], ['鑫源', 'xinyuan'], ['天成', 'tiancheng'], ['瑞丰', 'ruifeng'],
  ['佳美', 'jiamei'], ['德信', 'dexin'], ['中科', 'zhongke'], ['长江', 'changjiang'], ['海天', 'haitian'],
  ['广源', 'guangyuan'], ['利华', 'lihua'], ['兴隆', 'xinglong'], ['明珠', 'mingzhu'], ['嘉禾', 'jiahe'],
  ['百盛', 'baisheng'], ['万通', 'wantong'], ['华信', 'huaxin'], ['立达', 'lida'], ['宝丰', 'baofeng'],
];
export const CN_SUFFIXES = ['有限公司', '有限公司', '有限公司', '股份有限公司', '贸易有限公司', '科技有限公司', '实业有限公司'];
export const EU_WORDS = [
  'Nord', 'Alpen', 'Rhein', 'Euro', 'Atlas', 'Delta', 'Nova', 'Orion', 'Vega', 'Helios', 'Apex', 'Lumen',
  'Baltic', 'Iberia', 'Lombard', 'Hanse', 'Meridian', 'Solis', 'Vertex', 'Zenith',
];
export const EU_SUFFIX = { DE: 'GmbH', AT: 'GmbH', FR: 'SARL', IT: 'S.r.l.', NL: 'B.V.', GB: 'Ltd', ES: 'S.L.', PL: 'Sp. z o.o.', SE: 'AB' };
export const CN_FREEMAIL = ['qq.com', '163.com', '126.com', 'foxmail.com', 'sina.com'];
export const EU_FREEMAIL = ['gmail.com', 'outlook.com', 'gmx.de', 'web.de', 'orange.fr', 'libero.it'];

export const SOURCES = [
  ['trade-show', 30], ['referral', 12], ['existing-customer', 8], ['cold-visit', 8], ['dm', 4], ['mailing-list', 4],
  ['advertising', 4], ['directory', 6], ['web', 14], ['personal-network', 5], ['competitor-customer', 3], ['inherited', 2],
];
export const CAMPAIGNS = [
  ['Canton Fair 2024 autumn', 'trade-show', 48000, '2024-10-15'],
  ['Canton Fair 2025 spring', 'trade-show', 52000, '2025-04-15'],
  ['Canton Fair 2025 autumn', 'trade-show', 52000, '2025-10-15'],
  ['Canton Fair 2026 spring', 'trade-show', 56000, '2026-04-15'],
  ['Hannover Messe 2025', 'trade-show', 85000, '2025-03-31'],
  ['Ambiente Frankfurt 2026', 'trade-show', 70000, '2026-02-06'],
  ['义乌小商品博览会 2025', 'trade-show', 30000, '2025-10-21'],
  ['Alibaba keyword ads 2026', 'web', 24000, '2026-01-01'],
  ['Spring DM mailing 2026', 'dm', 6000, '2026-03-01'],
];
export const TAGS = ['vip', 'distributor', 'retailer', 'oem', 'wholesaler', 'export', 'sample-sent', 'price-sensitive', 'key', 'new', '经销商', '重点客户'];
export const REPS = ['alice', 'bob', '李明', 'chen.jing'];
export const TITLES_CN = ['采购经理', '总经理', '采购主管', '技术总监', '财务经理', '老板', '销售总监', '工程师', '店长', '副总经理'];
export const TITLES_EU = ['Purchasing Manager', 'Managing Director', 'Buyer', 'CTO', 'Head of Finance', 'Owner', 'Category Manager', 'Engineer', 'Store Manager', 'Operations Manager'];
export const DEPARTMENTS = ['采购部', 'Purchasing', '技术部', 'Engineering', '财务部', 'Finance', null, null];
export const BUYING_ROLES = ['decision-maker', 'technical', 'purchasing', 'finance', 'user'];
export const HOBBIES = ['golf', 'tea', 'fishing', 'football', 'hiking', '书法', '钓鱼', '打高尔夫', 'wine', 'running', null, null, null];
export const PERSONALITIES = ['direct', 'cautious', 'friendly', 'detail-oriented', '爽快', '谨慎', null, null, null];
export const INTERACTION_KINDS = [['call', 35], ['email', 20], ['message', 15], ['visit', 12], ['meeting', 8], ['gift', 3], ['event', 4], ['dm', 3]];
export const SUMMARIES = {
  call: ['Follow-up call about the quotation', '电话跟进报价', 'Called to confirm delivery date', '电话询问样品反馈', 'Discussed next season volumes'],
  email: ['Sent catalogue and price list', '发送产品目录和价格表', 'Answered questions on certification', 'Sent revised quotation'],
  message: ['WeChat: asked about stock', '微信沟通交期', 'WhatsApp: sample photos sent', '微信发送新品图片'],
  visit: ['Visited the factory with samples', '上门拜访，带样品', 'Visited the showroom', '拜访采购经理，了解需求'],
  meeting: ['Meeting with purchasing and engineering', '与老板面谈合作方案', 'Quarterly review meeting'],
  gift: ['Sent mooncakes for Mid-Autumn', '中秋节送月饼', 'Sent flowers for Mother\u2019s Day', '春节礼品'],
  event: ['Met at the trade show booth', '展会上交换名片', 'Invited to the product launch'],
  dm: ['Mailed the new catalogue', '寄送新品目录'],
};
export const OUTCOMES = ['interested', 'asked for samples', 'needs time', 'price too high', '有意向', '要求寄样', '考虑中', 'order expected', null, null];
export const NEXT_STEPS = ['Send samples', 'Call back with the new price', '寄样品', '再次电话跟进', 'Prepare quotation', 'Visit next month', '发送报价单', 'Confirm order details'];
export const DEAL_STAGES = ['approach', 'qualify', 'propose', 'negotiate', 'close'];
export const LOST_REASONS = ['price', 'chose a competitor', 'no budget', 'timing', '价格太高', '选择了竞争对手'];
export const COMPETITORS = ['Shenzhen Bright Co.', 'EuroSupply GmbH', '宏达电子', '金龙五金', 'Atlas Trading'];
export const PROMISES = ['Send the revised quotation', '寄送样品', 'Send the CE certificate', '安排工厂参观', 'Call back after the holiday', 'Check stock for 500 units', '提供安装说明'];
export const COMPLAINTS = ['Late delivery', '货物破损', 'Wrong colour shipped', '质量问题：部分产品不亮', 'Invoice error', 'Missing parts in carton'];
export const SURVEY_COMMENTS = ['Good quality, slow replies', '质量不错，价格偏高', 'Very happy with service', '交期需要改进', null, null];
