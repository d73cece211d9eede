/**
 * Reference tables of the seed generator. Surname weights are shares of the population in per cent (2020
 * census, approximately); prices are manufacturer guide prices in yuan of recent model years, rounded.
 */

export const SURNAMES: readonly [string, number][] = [
  ['王', 7.25], ['李', 7.19], ['张', 6.92], ['刘', 5.38], ['陈', 4.53], ['杨', 3.08], ['黄', 2.23], ['赵', 2.16],
  ['吴', 2.05], ['周', 1.91], ['徐', 1.53], ['孙', 1.53], ['马', 1.29], ['朱', 1.26], ['胡', 1.16], ['郭', 1.15],
  ['何', 1.1], ['林', 1.07], ['高', 1.07], ['罗', 0.95], ['郑', 0.85], ['梁', 0.84], ['谢', 0.77], ['宋', 0.67],
  ['唐', 0.67], ['许', 0.63], ['韩', 0.61], ['冯', 0.59], ['邓', 0.58], ['曹', 0.55], ['彭', 0.52], ['曾', 0.5],
  ['肖', 0.48], ['田', 0.47], ['董', 0.46], ['袁', 0.45], ['潘', 0.44], ['于', 0.43], ['蒋', 0.41], ['蔡', 0.41],
  ['余', 0.41], ['杜', 0.4], ['叶', 0.39], ['程', 0.38], ['苏', 0.37], ['魏', 0.35], ['吕', 0.34], ['丁', 0.33],
  ['任', 0.32], ['沈', 0.3], ['姚', 0.29], ['卢', 0.29], ['姜', 0.28], ['崔', 0.27], ['钟', 0.27], ['谭', 0.26],
  ['陆', 0.25], ['汪', 0.24], ['范', 0.24], ['金', 0.23], ['石', 0.22], ['廖', 0.22], ['贾', 0.21], ['夏', 0.21],
  ['韦', 0.2], ['付', 0.2], ['方', 0.19], ['白', 0.19], ['邹', 0.18], ['孟', 0.18], ['熊', 0.17], ['秦', 0.17],
  ['邱', 0.17], ['江', 0.16], ['尹', 0.16], ['薛', 0.15], ['闫', 0.15], ['段', 0.15], ['雷', 0.14], ['侯', 0.14],
  ['龙', 0.13], ['史', 0.13], ['陶', 0.12], ['黎', 0.12], ['贺', 0.12], ['顾', 0.11], ['毛', 0.11], ['郝', 0.11],
  ['龚', 0.1], ['邵', 0.1], ['万', 0.1], ['钱', 0.1], ['严', 0.09], ['覃', 0.09], ['武', 0.09], ['戴', 0.09],
  ['欧阳', 0.05], ['诸葛', 0.01], ['司马', 0.01],
];

/** First characters of two-character given names (either sex). */
export const GIVEN_FIRST: readonly string[] = [
  '子', '梓', '一', '思', '雨', '宇', '浩', '俊', '嘉', '文', '佳', '欣', '志', '建', '晓', '海', '春', '立', '明',
  '国', '家', '天', '永', '雅', '诗', '语', '晨', '静', '振', '玉', '德', '秀', '金', '丽', '泽', '博', '若', '安',
];
export const GIVEN_MALE: readonly string[] = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '斌', '宇',
  '浩', '凯', '健', '俊', '帆', '旭', '宁', '龙', '林', '洋', '锋', '亮', '成', '峰', '轩', '然', '航', '晨', '睿',
];
export const GIVEN_FEMALE: readonly string[] = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '玲', '婷', '雪', '琳', '晶', '颖', '慧', '倩', '佳', '欣',
  '怡', '梦', '璐', '丹', '萍', '红', '洁', '莉', '月', '玉', '秀', '英', '兰', '桂', '萱', '彤', '涵', '琪', '悦',
];

export interface ProvinceCities {
  province: string;
  cities: readonly string[];
}

export const PROVINCES: Record<string, readonly string[]> = {
  浙江: ['杭州', '宁波', '绍兴', '嘉兴', '湖州', '金华', '温州', '台州'],
  上海: ['上海'],
  广东: ['深圳', '广州', '东莞', '惠州', '佛山'],
  四川: ['成都', '德阳', '绵阳', '眉山'],
  江苏: ['苏州', '无锡', '常州', '南通'],
};

export interface DealershipSeed {
  /** Short id, used as the Dealership id. */
  key: string;
  name: string;
  city: string;
  region: string;
  brands: readonly string[];
  /** Relative size of its customer base. */
  weight: number;
}

export const DEALERSHIPS: readonly DealershipSeed[] = [
  { key: 'hz-xihu', name: '圈子汽车杭州西湖4S店', city: '杭州', region: '浙江', brands: ['比亚迪', '吉利', '大众'], weight: 25 },
  { key: 'sh-pudong', name: '圈子汽车上海浦东新能源中心', city: '上海', region: '上海', brands: ['特斯拉', '理想', '蔚来', '小鹏'], weight: 20 },
  { key: 'nb-yinzhou', name: '圈子汽车宁波鄞州4S店', city: '宁波', region: '浙江', brands: ['丰田', '本田', '长安'], weight: 15 },
  { key: 'sz-futian', name: '圈子汽车深圳福田4S店', city: '深圳', region: '广东', brands: ['比亚迪', '小鹏', '宝马'], weight: 15 },
  { key: 'cd-jinjiang', name: '圈子汽车成都锦江4S店', city: '成都', region: '四川', brands: ['吉利', '长安', '奔驰'], weight: 12 },
  { key: 'su-gusu', name: '圈子汽车苏州姑苏4S店', city: '苏州', region: '江苏', brands: ['大众', '丰田', '宝马', '奔驰'], weight: 13 },
];

/** What moves the car: the words a buyer uses follow it (no one praises a Tesla's fuel economy). */
export type Powertrain = 'fuel' | 'electric' | 'plug-in';

export interface ModelSeed {
  model: string;
  /** When it differs from the brand's. */
  powertrain?: Powertrain;
  segment: string;
  /** Guide price in yuan. */
  price: number;
  /** Relative popularity within the brand. */
  weight: number;
}

export interface BrandSeed {
  /** World manufacturer identifier used for VINs (the maker's Chinese joint venture where there is one). */
  wmi: string;
  /** Most of the brand's models (plug-in: plug-in and range-extended hybrids, which have both a tank and a range). */
  powertrain: Powertrain;
  models: readonly ModelSeed[];
}

export const BRANDS: Record<string, BrandSeed> = {
  比亚迪: {
    wmi: 'LGX',
    powertrain: 'plug-in',
    models: [
      { model: '秦PLUS', segment: '紧凑型轿车', price: 79_800, weight: 30 },
      { model: '宋PLUS', segment: '紧凑型SUV', price: 129_800, weight: 25 },
      { model: '汉', powertrain: 'electric', segment: '中大型轿车', price: 169_800, weight: 15 },
      { model: '海豹', powertrain: 'electric', segment: '中型轿车', price: 179_800, weight: 10 },
      { model: '唐', segment: '中大型SUV', price: 219_800, weight: 8 },
      { model: '元PLUS', powertrain: 'electric', segment: '小型SUV', price: 119_800, weight: 12 },
    ],
  },
  吉利: {
    wmi: 'L6T',
    powertrain: 'fuel',
    models: [
      { model: '星越L', segment: '紧凑型SUV', price: 137_200, weight: 30 },
      { model: '帝豪', segment: '紧凑型轿车', price: 69_900, weight: 30 },
      { model: '博越L', segment: '紧凑型SUV', price: 118_700, weight: 20 },
      { model: '银河L7', powertrain: 'plug-in', segment: '紧凑型SUV', price: 138_700, weight: 20 },
    ],
  },
  长安: {
    wmi: 'LS5',
    powertrain: 'fuel',
    models: [
      { model: 'CS75PLUS', segment: '紧凑型SUV', price: 119_900, weight: 45 },
      { model: '逸动', segment: '紧凑型轿车', price: 79_900, weight: 35 },
      { model: 'UNI-K', segment: '中型SUV', price: 159_900, weight: 20 },
    ],
  },
  大众: {
    wmi: 'LSV',
    powertrain: 'fuel',
    models: [
      { model: '朗逸', segment: '紧凑型轿车', price: 120_900, weight: 40 },
      { model: '速腾', segment: '紧凑型轿车', price: 139_900, weight: 20 },
      { model: '帕萨特', segment: '中型轿车', price: 181_900, weight: 20 },
      { model: '途观L', segment: '中型SUV', price: 215_800, weight: 20 },
    ],
  },
  丰田: {
    wmi: 'LVG',
    powertrain: 'fuel',
    models: [
      { model: '凯美瑞', segment: '中型轿车', price: 179_800, weight: 30 },
      { model: '卡罗拉', segment: '紧凑型轿车', price: 109_800, weight: 35 },
      { model: 'RAV4荣放', segment: '紧凑型SUV', price: 175_800, weight: 25 },
      { model: '汉兰达', segment: '中型SUV', price: 269_800, weight: 10 },
    ],
  },
  本田: {
    wmi: 'LHG',
    powertrain: 'fuel',
    models: [
      { model: '雅阁', segment: '中型轿车', price: 179_800, weight: 40 },
      { model: '思域', segment: '紧凑型轿车', price: 129_900, weight: 30 },
      { model: 'CR-V', segment: '紧凑型SUV', price: 181_900, weight: 30 },
    ],
  },
  特斯拉: {
    wmi: 'LRW',
    powertrain: 'electric',
    models: [
      { model: 'Model 3', segment: '中型轿车', price: 231_900, weight: 45 },
      { model: 'Model Y', segment: '中型SUV', price: 263_900, weight: 55 },
    ],
  },
  理想: {
    wmi: 'LW4',
    powertrain: 'plug-in',
    models: [
      { model: 'L7', segment: '中大型SUV', price: 301_800, weight: 40 },
      { model: 'L8', segment: '中大型SUV', price: 339_800, weight: 25 },
      { model: 'L9', segment: '大型SUV', price: 409_800, weight: 35 },
    ],
  },
  蔚来: {
    wmi: 'LJ1',
    powertrain: 'electric',
    models: [
      { model: 'ET5', segment: '中型轿车', price: 298_000, weight: 55 },
      { model: 'ES6', segment: '中型SUV', price: 338_000, weight: 45 },
    ],
  },
  小鹏: {
    wmi: 'LMV',
    powertrain: 'electric',
    models: [
      { model: 'P7', segment: '中型轿车', price: 209_900, weight: 45 },
      { model: 'G6', segment: '中型SUV', price: 176_800, weight: 55 },
    ],
  },
  宝马: {
    wmi: 'LBV',
    powertrain: 'fuel',
    models: [
      { model: '3系', segment: '中型轿车', price: 299_900, weight: 45 },
      { model: '5系', segment: '中大型轿车', price: 439_900, weight: 25 },
      { model: 'X3', segment: '中型SUV', price: 399_900, weight: 30 },
    ],
  },
  奔驰: {
    wmi: 'LE4',
    powertrain: 'fuel',
    models: [
      { model: 'C级', segment: '中型轿车', price: 323_300, weight: 45 },
      { model: 'E级', segment: '中大型轿车', price: 449_900, weight: 30 },
      { model: 'GLC', segment: '中型SUV', price: 428_800, weight: 25 },
    ],
  },
};

export interface IndustrySeed {
  name: string;
  /** Company-name suffix. */
  suffix: string;
  /** Industries this one supplies (downstream). */
  supplies: readonly string[];
}

export const INDUSTRIES: readonly IndustrySeed[] = [
  { name: '钢铁', suffix: '钢铁有限公司', supplies: ['机械制造', '建材'] },
  { name: '化工', suffix: '化工有限公司', supplies: ['医药', '纺织', '建材'] },
  { name: '机械制造', suffix: '机械制造有限公司', supplies: ['汽车零部件', '建材'] },
  { name: '电子', suffix: '电子科技有限公司', supplies: ['汽车零部件', '软件'] },
  { name: '汽车零部件', suffix: '汽车零部件有限公司', supplies: ['物流'] },
  { name: '建材', suffix: '建材有限公司', supplies: ['房地产'] },
  { name: '纺织', suffix: '纺织有限公司', supplies: ['服装'] },
  { name: '服装', suffix: '服饰有限公司', supplies: ['贸易'] },
  { name: '食品加工', suffix: '食品有限公司', supplies: ['餐饮', '贸易'] },
  { name: '医药', suffix: '医药有限公司', supplies: ['医疗'] },
  { name: '物流', suffix: '物流有限公司', supplies: ['贸易', '餐饮'] },
  { name: '软件', suffix: '软件有限公司', supplies: ['金融', '教育'] },
  { name: '贸易', suffix: '贸易有限公司', supplies: ['餐饮'] },
  { name: '房地产', suffix: '置业有限公司', supplies: [] },
  { name: '餐饮', suffix: '餐饮管理有限公司', supplies: [] },
  { name: '医疗', suffix: '医院', supplies: [] },
  { name: '教育', suffix: '教育科技有限公司', supplies: [] },
  { name: '金融', suffix: '投资管理有限公司', supplies: [] },
];

export const COMPANY_WORDS: readonly string[] = [
  '恒达', '华信', '鑫源', '金泰', '宏远', '瑞丰', '天成', '永安', '新纪元', '富强', '东方', '盛世', '德力', '凯旋',
  '明辉', '博远', '万通', '嘉禾', '振华', '海纳', '中联', '星河', '云帆', '锦程', '正泰', '广源', '安顺', '宝隆',
];

export const STAFF_TITLES: readonly string[] = ['经理', '主管', '工程师', '销售', '会计', '行政', '技术员', '设计师', '采购', '职员'];
export const OWNER_TITLES: readonly string[] = ['董事长', '总经理'];

export const PHONE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157',
  '158', '159', '166', '173', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191',
  '195', '198', '199',
];

export const PERSON_NOTES: readonly string[] = [
  '关注续航，家里有充电桩', '计划明年置换', '喜欢SUV，空间优先', '二胎家庭，考虑七座', '公司用车，开发票',
  '预算20万左右', '对智能驾驶感兴趣', '老客户介绍，重视服务', '周末才有空到店', '更喜欢微信沟通',
];

/** What buyers praise, by powertrain: fuel economy for a tank, range for a battery, either for a plug-in. */
export const ASPECTS: Readonly<Record<Powertrain, readonly string[]>> = {
  fuel: ['空间', '油耗', '动力', '舒适性', '智能座舱', '隔音', '操控'],
  electric: ['空间', '续航', '动力', '舒适性', '智能座舱', '隔音', '操控'],
  'plug-in': ['空间', '油耗', '续航', '动力', '舒适性', '智能座舱', '隔音', '操控'],
};
const COMMON_COMPLAINTS = ['车机偶尔卡顿', '后排有点挤', '提车等了快一个月', '售后预约有点难'];
export const COMPLAINTS: Readonly<Record<Powertrain, readonly string[]>> = {
  fuel: [...COMMON_COMPLAINTS, '油耗比宣传的高一点'],
  electric: [...COMMON_COMPLAINTS, '冬天续航缩水明显'],
  'plug-in': [...COMMON_COMPLAINTS, '冬天续航缩水明显', '油耗比宣传的高一点'],
};

/**
 * A good review is put together from an opening, a line on the car, a line on the service and a closing (in either
 * order of the two middle lines), so that one store's reviews do not repeat each other word for word: a board with
 * the same sentence twice looks made up. {model}, {aspect}, {sp} (salesperson) are filled in. No part names fuel or
 * range outside {aspect}, which follows the powertrain, and none claims a past purchase the record may not show.
 */
export const GOOD_OPENINGS: readonly string[] = [
  '', '', '朋友介绍来的，', '对比了好几家店，', '家里添了新成员，', '换车前纠结了很久，', '上下班通勤用，',
  '替父母挑的车，', '周末带全家来试驾，',
];
export const GOOD_CAR_LINES: readonly string[] = [
  '{model}的{aspect}很满意', '{model}的{aspect}比预期还好', '最看重{aspect}，{model}没让人失望', '{model}开起来很顺手，{aspect}尤其好',
  '{aspect}确实出色，选{model}没选错', '{model}的{aspect}在同价位里算很好的', '开了几天{model}，{aspect}挺惊喜',
];
export const GOOD_SERVICE_LINES: readonly string[] = [
  '销售{sp}很专业，全程耐心讲解', '{sp}帮忙办好了上牌，省了不少事', '价格透明，没有乱加装', '交车仪式很用心', '售后保养提醒很及时',
  '{sp}回访也很贴心', '试驾安排得很顺利', '手续办得很快，当天就提车了', '{sp}有问必答，不催不逼', '金融方案讲得很清楚',
];
export const GOOD_CLOSINGS: readonly string[] = [
  '。', '。', '，已经推荐给朋友了。', '，一家人都喜欢。', '，以后保养也会在这里做。', '，有需要的朋友可以找{sp}。', '，值得推荐。', '！',
];

/** A mixed review (3 stars): something good, a but, the complaint for the car's powertrain, an ending. */
export const MIXED_GOOD_PARTS: readonly string[] = [
  '{model}整体不错', '销售{sp}服务挺好', '{aspect}还可以', '{model}的{aspect}没得说', '价格还算实在', '试驾体验挺好',
];
export const MIXED_BUTS: readonly string[] = ['就是', '不过', '唯一不足是', '美中不足的是'];
export const MIXED_ENDINGS: readonly string[] = ['。', '，希望能改进。', '，其他都还好。', '，希望下次保养时能处理。'];
/** A poor review (1-2 stars): what went wrong at the store, the complaint, an ending. */
export const BAD_OPENINGS: readonly string[] = ['交车流程太慢', '等了很久才有人接待', '说好的赠品拖了很久才给', '售后电话一直打不通', '手续办得拖拖拉拉'];
export const BAD_ENDINGS: readonly string[] = ['，体验一般。', '，沟通了几次才解决，希望重视。', '，有点失望。', '，希望店里重视起来。'];

export const REFERRAL_CHANNELS: readonly string[] = ['微信', '电话', '朋友圈', '到店', '老客户活动'];

export const SERVICE_NOTES: Record<string, readonly string[]> = {
  maintenance: ['常规保养：更换机油机滤', '保养：更换火花塞', '更换空调滤芯', '保养：检查刹车系统', '更换轮胎两条'],
  repair: ['更换刹车片', '钣金喷漆（前保险杠）', '更换雨刮电机', '空调不制冷维修'],
  warranty: ['三包维修：车机系统更换', '质保期内更换水泵', '质保：动力电池检测与维修'],
  inspection: ['年检前检测', '电池健康检测', '底盘检查'],
};
