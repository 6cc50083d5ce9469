//! `chuangkou demo --cases N`: realistic demo data — Chinese names, valid ID numbers, every
//! category, dates over the past year, some repeat visitors, and cases at every stage of
//! their life (accepted, routed, extended, paused, supervised, closed, reviewed, archived).
//! Deterministic for a given seed.

use super::Opened;
use crate::domain::calendar::WorkCalendar;
use crate::domain::case::{Case, CaseNo, Registration, VisitMode, Visitor};
use crate::domain::catalog;
use crate::domain::idcard;
use crate::domain::life::{Actor, OpinionKind, ReviewOutcome, RouteMode, Satisfaction, Step};
use chrono::{Datelike, Duration, NaiveDate};
use std::cell::RefCell;
use std::collections::HashMap;

/// A small deterministic generator (splitmix64): demo data must not need a crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SURNAMES: &[&str] = &[
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
    "郭",
    "何",
    "高",
    "林",
    "罗",
    "郑",
    "梁",
    "谢",
    "宋",
    "唐",
    "许",
    "韩",
    "冯",
    "邓",
    "曹",
    "欧阳",
    "买买提",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "建华", "玉兰", "志强", "海燕",
    "德明", "春梅",
];
const REGIONS: &[(&str, &str)] = &[
    ("650102", "新疆乌鲁木齐市天山区"),
    ("652302", "新疆阜康市"),
    ("110105", "北京市朝阳区"),
    ("510104", "四川省成都市锦江区"),
    ("320102", "江苏省南京市玄武区"),
    ("440305", "广东省深圳市南山区"),
    ("430102", "湖南省长沙市芙蓉区"),
];
const STREETS: &[&str] = &[
    "人民路",
    "建设路",
    "解放路",
    "和平街",
    "团结路",
    "幸福路",
    "博格达路",
    "光明巷",
];
const MATTERS: &[(&str, &str)] = &[
    (
        "劳动和社会保障",
        "反映在某建筑工地务工期间被拖欠工资约{n}元，多次讨要未果，请求协调支付。",
    ),
    (
        "城乡建设",
        "反映小区物业擅自提高收费标准，楼道照明和电梯长期故障，请求相关部门督促整改。",
    ),
    (
        "国土资源",
        "反映承包地被征用后补偿款未足额发放，差额约{n}元，请求核实并补发。",
    ),
    (
        "民政",
        "家中老人长期患病，生活困难，申请纳入最低生活保障，请求尽快审核。",
    ),
    (
        "教育",
        "反映孩子入学被拒，学区划分不合理，请求教育部门说明并妥善安排就近入学。",
    ),
    (
        "卫生健康",
        "反映在医院治疗期间费用明细不清，怀疑重复收费约{n}元，请求调查。",
    ),
    (
        "环境保护",
        "反映附近工厂夜间排放刺鼻气体和噪声扰民，请求环保部门检查处理。",
    ),
    (
        "农村农业",
        "反映村集体土地流转收益分配不公开，请求公开账目并依法分配。",
    ),
    (
        "政法",
        "反映邻里纠纷经派出所调解未果，对方多次滋扰，请求依法处理。",
    ),
    ("交通", "反映村道损毁严重，雨天无法通行，请求列入修缮计划。"),
    (
        "城乡建设",
        "反映房屋拆迁安置房逾期{n}天未交付，请求明确交房时间并支付过渡费。",
    ),
    (
        "经济综合",
        "反映预付卡商家跑路，本人卡内余额约{n}元无法退还，请求协调处理。",
    ),
];

fn id_number(rng: &mut Rng, region: &str, birth: NaiveDate, male: bool) -> String {
    let seq = rng.below(500) * 2 + if male { 1 } else { 0 };
    let first17 = format!("{region}{}{:03}", birth.format("%Y%m%d"), seq % 1000);
    match idcard::check_digit(&first17) {
        Some(c) => format!("{first17}{c}"),
        None => String::new(),
    }
}

/// A visitor with a consistent ID number, sex and birth date.
fn visitor(rng: &mut Rng) -> Visitor {
    let male = rng.chance(58);
    let (region, place) = *rng.pick(REGIONS);
    let birth = NaiveDate::from_ymd_opt(1945, 1, 1).unwrap_or_default()
        + Duration::days(rng.below(365 * 55) as i64);
    let mut name = rng.pick(SURNAMES).to_string();
    if name == "买买提" {
        name = format!("{}·买买提", rng.pick(&["艾力", "阿不都", "吐尔逊"]));
    } else {
        name.push_str(rng.pick::<&str>(GIVEN));
    }
    let id = if rng.chance(92) {
        id_number(rng, region, birth, male)
    } else {
        String::new()
    };
    let prefix = rng.pick(&["138", "139", "150", "186", "177", "135", "189"]);
    Visitor {
        name,
        sex: Some(if male {
            idcard::Sex::Male
        } else {
            idcard::Sex::Female
        }),
        birth: Some(birth),
        age: None,
        ethnicity: rng
            .pick(&["汉族", "汉族", "汉族", "维吾尔族", "回族", "哈萨克族"])
            .to_string(),
        id_number: id,
        id_override: None,
        address: format!("{place}{}{}号", rng.pick(STREETS), rng.below(300) + 1),
        phone: format!("{prefix}{:08}", rng.below(100_000_000)),
        occupation: rng
            .pick(&["农民", "务工人员", "退休职工", "个体户", "无业", "教师"])
            .to_string(),
    }
}

/// Generates `count` cases dated over the year before today. Returns how many were written.
pub fn generate(o: &Opened, count: u32, seed: u64) -> anyhow::Result<u64> {
    let today = o.clock.today();
    let mut rng = Rng::new(seed);
    let categories = catalog::categories();
    let mut people: Vec<Visitor> = Vec::new();
    let mut drafts: Vec<(Registration, u64)> = Vec::new();
    for i in 0..count {
        // A tenth of visits come from someone seen before.
        let v = if !people.is_empty() && rng.chance(10) {
            rng.pick(&people).clone()
        } else {
            let v = visitor(&mut rng);
            people.push(v.clone());
            v
        };
        let days_ago = (count - i) as i64 * 365 / count.max(1) as i64;
        let at = (today - Duration::days(days_ago))
            .and_hms_opt(8 + rng.below(9) as u32, rng.below(60) as u32, 0)
            .unwrap_or_default();
        let (cat, matter) = if rng.chance(80) {
            let (c, m) = *rng.pick(MATTERS);
            (
                c.to_string(),
                m.replace("{n}", &((rng.below(90) + 5) * 1000).to_string()),
            )
        } else {
            let c = rng.pick(categories).label.to_string();
            (
                c.clone(),
                format!("反映{c}方面的问题，请求有关部门依法依规处理。"),
            )
        };
        let collective = rng.chance(5);
        let reg = Registration {
            visitor: v,
            place: rng
                .pick(&["阜康市", "天山区", "城关镇", "九运街镇"])
                .to_string(),
            people: if collective {
                5 + rng.below(20) as u32
            } else {
                1 + rng.below(2) as u32
            },
            category: cat,
            purpose: rng
                .pick(&["申诉求决", "申诉求决", "建议意见", "检举控告"])
                .to_string(),
            matter,
            opinion: rng
                .pick(&["建议转相关部门办理", "当场解释说明", "交办属地乡镇"])
                .to_string(),
            mode: *rng.pick(&[
                VisitMode::Visit,
                VisitMode::Visit,
                VisitMode::Visit,
                VisitMode::Letter,
                VisitMode::Online,
                VisitMode::Phone,
            ]),
            clerk: rng.pick(&["张丽", "王强"]).to_string(),
            at,
            ticket: None,
        };
        drafts.push((reg, rng.next_u64()));
    }
    // Slip numbers for the simulated routings: one block per series and year.
    let mut slips: HashMap<(&'static str, i32), u32> = HashMap::new();
    for (reg, _) in &drafts {
        for series in ["交办单", "转送单", "督办单"] {
            *slips.entry((series, reg.at.year())).or_default() += 1;
        }
    }
    let mut next: HashMap<(&'static str, i32), u32> = HashMap::new();
    for ((series, year), n) in slips {
        next.insert((series, year), o.store.take_numbers(series, year, n)?);
    }
    let next = RefCell::new(next);
    let mut written = 0u64;
    for chunk in drafts.chunks(1000) {
        let regs: Vec<Registration> = chunk.iter().map(|(r, _)| r.clone()).collect();
        let policy = o.policy.clone();
        let cal = &o.calendar;
        let build = |no: CaseNo, i: usize| {
            let mut c = Case::open(no, regs[i].clone(), policy.clone(), cal);
            let mut slip = |series: &'static str| {
                let mut next = next.borrow_mut();
                let n = next.entry((series, no.year)).or_insert(1);
                *n += 1;
                *n - 1
            };
            live(&mut c, &mut Rng::new(chunk[i].1), today, cal, &mut slip);
            c
        };
        written += o.store.create_many(&regs, &build)?.len() as u64;
    }
    Ok(written)
}

const DEPARTMENTS: &[&str] = &[
    "区人社局",
    "区住建局",
    "区教育局",
    "区卫健委",
    "区自然资源局",
    "区市场监管局",
    "城关镇政府",
    "区公安分局",
    "区民政局",
    "区生态环境分局",
];

/// Takes a demo case through a plausible part of its life, up to `today`: most old cases
/// are closed, some are overdue, extended, paused, supervised, under review or archived.
fn live(
    c: &mut Case,
    rng: &mut Rng,
    today: NaiveDate,
    cal: &WorkCalendar,
    slip: &mut dyn FnMut(&'static str) -> u32,
) {
    let actor = Actor::everyone(&c.reg.clerk.clone());
    let reg = c.reg.at.date();
    let age = (today - reg).num_days();
    let mut day = reg;
    let step = |c: &mut Case, s: Step, d: NaiveDate| -> bool {
        d <= today
            && c.apply(s, &actor, d.and_hms_opt(10, 0, 0).unwrap_or_default(), cal)
                .is_ok()
    };
    if age <= 2 || rng.chance(4) {
        return;
    }
    if rng.chance(4) {
        let s = Step::Reject {
            reason: "属于诉讼程序解决的事项".into(),
            redirect: "区人民法院".into(),
            told: reg + Duration::days(2),
        };
        step(c, s, reg + Duration::days(2));
        return;
    }
    day += Duration::days(1 + rng.below(6) as i64);
    if !step(
        c,
        Step::Accept {
            told: day.min(today),
        },
        day.min(today),
    ) || age <= 8
        || rng.chance(8)
    {
        return;
    }
    day += Duration::days(1 + rng.below(3) as i64);
    let transfer = rng.chance(15);
    let (mode, series) = if transfer {
        (RouteMode::Transfer, "转送单")
    } else {
        (RouteMode::Assign, "交办单")
    };
    let lead = rng.pick(DEPARTMENTS).to_string();
    if !step(
        c,
        Step::Route {
            mode,
            lead: lead.clone(),
            co: Vec::new(),
            slip: slip(series),
        },
        day,
    ) {
        return;
    }
    if rng.chance(85) {
        step(
            c,
            Step::Receipt {
                date: day + Duration::days(1),
            },
            day + Duration::days(1),
        );
    }
    if rng.chance(8) {
        let d = day + Duration::days(40);
        step(
            c,
            Step::RequestExtension {
                reason: "需要现场核查".into(),
                days: 30,
            },
            d,
        );
        step(c, Step::ApproveExtension, d + Duration::days(1));
    }
    if rng.chance(4) {
        let d = day + Duration::days(10);
        step(
            c,
            Step::Pause {
                reason: "等待补充材料".into(),
                left: Vec::new(),
                from: None,
            },
            d,
        );
        if !rng.chance(40) {
            return;
        }
        step(
            c,
            Step::Resume,
            d + Duration::days(10 + rng.below(20) as i64),
        );
    }
    // A tenth run late; of those some are supervised.
    let late = rng.chance(10);
    let handled = day
        + Duration::days(if late {
            65 + rng.below(40) as i64
        } else {
            15 + rng.below(40) as i64
        });
    if late && rng.chance(50) {
        step(
            c,
            Step::Supervise {
                dept: lead,
                days: 0,
                slip: slip("督办单"),
            },
            day + Duration::days(61),
        );
    }
    let kind = *rng.pick(&OpinionKind::ALL);
    if !step(
        c,
        Step::Opinion {
            kind,
            date: handled,
        },
        handled,
    ) {
        return;
    }
    let delivered = handled + Duration::days(1 + rng.below(4) as i64);
    if !step(c, Step::Delivered { date: delivered }, delivered) {
        return;
    }
    let sat = if rng.chance(80) {
        Satisfaction::Satisfied
    } else {
        *rng.pick(&Satisfaction::ALL)
    };
    step(
        c,
        Step::Evaluate {
            case: sat,
            clerk: Satisfaction::Satisfied,
        },
        delivered,
    );
    if rng.chance(60) {
        step(
            c,
            Step::ReturnVisit {
                date: delivered + Duration::days(7),
                note: "已落实".into(),
            },
            delivered + Duration::days(7),
        );
    }
    if !step(
        c,
        Step::Close {
            override_reason: None,
        },
        delivered + Duration::days(1),
    ) {
        return;
    }
    if sat == Satisfaction::Unsatisfied && rng.chance(50) {
        let asked = delivered + Duration::days(10);
        step(
            c,
            Step::RequestReview {
                date: asked,
                late_override: None,
            },
            asked,
        );
        let decided = asked + Duration::days(20);
        step(
            c,
            Step::ReviewDecision {
                outcome: ReviewOutcome::Uphold,
                date: decided,
            },
            decided,
        );
        return;
    }
    let archive = delivered + Duration::days(45);
    if rng.chance(60) {
        step(
            c,
            Step::Archive {
                special: rng.chance(5),
            },
            archive,
        );
    }
}
