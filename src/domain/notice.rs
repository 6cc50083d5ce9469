//! The formal documents the counter prints: numbered per type and year (〔2026〕15号), built
//! from the case, as plain text and as an A4 HTML page that prints well in black and white.

use super::case::{Case, Status};
use super::life::Step;
use super::policy::ClockKind;
use chrono::NaiveDate;

/// The office's letterhead (from configuration).
#[derive(Debug, Clone, Default)]
pub struct Unit {
    pub name: String,
    pub address: String,
    pub phone: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// 来访事项告知单: what happens next, handed over at the counter.
    VisitInfo,
    /// 受理告知书
    Accepted,
    /// 不予受理告知书
    NotAccepted,
    /// 转送单 / 交办单 / 移交单, with a receipt stub for the department.
    Handover,
    /// 延期告知书
    Extension,
    /// 督办单
    Supervision,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 6] = [
        Self::VisitInfo,
        Self::Accepted,
        Self::NotAccepted,
        Self::Handover,
        Self::Extension,
        Self::Supervision,
    ];

    /// The title; for a handover it depends on how the case was routed.
    pub fn title(self, case: &Case) -> &'static str {
        match self {
            Self::VisitInfo => "来访事项告知单",
            Self::Accepted => "受理告知书",
            Self::NotAccepted => "不予受理告知书",
            Self::Handover => case.life().route.map(|r| r.0.slip()).unwrap_or("交办单"),
            Self::Extension => "延期告知书",
            Self::Supervision => "督办单",
        }
    }

    /// Whether the case is at a stage where this document makes sense.
    pub fn applies(self, case: &Case) -> bool {
        let life = case.life();
        match self {
            Self::VisitInfo => true,
            Self::Accepted => life.accepted.is_some(),
            Self::NotAccepted => case.status == Status::NotAccepted,
            Self::Handover => life.route.is_some(),
            Self::Extension => case.due(ClockKind::Extension).is_some(),
            Self::Supervision => case.due(ClockKind::Supervision).is_some(),
        }
    }
}

/// A numbered document ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    /// 〔2026〕15号
    pub number: String,
    /// Paragraphs of the body.
    pub body: Vec<String>,
    /// A tear-off receipt for the department (handover slips).
    pub stub: Option<Vec<String>>,
}

fn step_note<F: Fn(&Step) -> Option<String>>(case: &Case, f: F) -> Option<String> {
    case.history.iter().rev().find_map(|e| match &e.kind {
        super::case::EventKind::Step(s) => f(s),
        _ => None,
    })
}

/// Builds the document. `number` is the running number of its type in `year`.
pub fn build(
    kind: NoticeKind,
    case: &Case,
    unit: &Unit,
    case_no: &str,
    year: i32,
    number: u32,
    today: NaiveDate,
) -> Notice {
    let name = &case.reg.visitor.name;
    let reg_date = case.reg.at.format("%Y年%m月%d日").to_string();
    let date = |d: NaiveDate| d.format("%Y年%m月%d日").to_string();
    let matter_head: String = case.reg.matter.chars().take(60).collect();
    let life = case.life();
    let mut body = Vec::new();
    let mut stub = None;
    match kind {
        NoticeKind::VisitInfo => {
            body.push(format!(
                "{name}：您于{reg_date}来访反映的事项已登记，登记编号 {case_no}。"
            ));
            body.push(format!("反映事项：{matter_head}"));
            if let Some(d) = case.due(ClockKind::Acceptance) {
                body.push(format!(
                    "本机关将在{}前告知您是否受理。依照《信访工作条例》，受理后一般在60日内办结。",
                    date(d.date)
                ));
            }
            body.push("请保管好本告知单，凭登记编号查询办理进度。".into());
        }
        NoticeKind::Accepted => {
            body.push(format!(
                "{name}：您于{reg_date}反映的事项（登记编号 {case_no}），本机关已依法受理。"
            ));
            let due = case
                .due(ClockKind::Extension)
                .or(case.due(ClockKind::Handling));
            if let Some(d) = due {
                body.push(format!("该事项将在{}前办结并书面答复您。", date(d.date)));
            }
        }
        NoticeKind::NotAccepted => {
            let (reason, redirect) = step_note(case, |s| match s {
                Step::Reject {
                    reason, redirect, ..
                } => Some(format!("{reason}\u{1f}{redirect}")),
                _ => None,
            })
            .and_then(|s| {
                s.split_once('\u{1f}')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
            })
            .unwrap_or_default();
            body.push(format!(
                "{name}：您于{reg_date}反映的事项（登记编号 {case_no}），经审查，不予受理。"
            ));
            body.push(format!("理由：{reason}"));
            body.push(format!("请您向{redirect}提出。"));
        }
        NoticeKind::Handover => {
            let (mode, lead, co) = life
                .route
                .as_ref()
                .map(|r| (r.0.label(), r.1.clone(), r.2.join("、")))
                .unwrap_or(("交办", String::new(), String::new()));
            body.push(format!("{lead}："));
            body.push(format!(
                "现将{name}于{reg_date}反映的事项（登记编号 {case_no}）{mode}你单位，请依法处理，并将处理意见书面报送本机关。"
            ));
            if !co.is_empty() {
                body.push(format!("协办单位：{co}"));
            }
            body.push(format!("反映事项：{matter_head}"));
            if let Some(d) = case
                .due(ClockKind::Extension)
                .or(case.due(ClockKind::Handling))
            {
                body.push(format!("办理期限：{}前。", date(d.date)));
            }
            stub = Some(vec![
                format!("回执（{}〔{year}〕{number}号）", kind.title(case)),
                format!("{unit_name}：", unit_name = unit.name),
                format!("登记编号 {case_no} 的信访事项已于＿＿年＿＿月＿＿日收到。"),
                "接收单位（盖章）：＿＿＿＿＿＿  经办人：＿＿＿＿＿＿".into(),
            ]);
        }
        NoticeKind::Extension => {
            let reason = step_note(case, |s| match s {
                Step::RequestExtension { reason, .. } => Some(reason.clone()),
                _ => None,
            })
            .unwrap_or_default();
            body.push(format!("{name}：您反映的事项（登记编号 {case_no}）因{reason}，经负责人批准，办理期限延长。"));
            if let Some(d) = case.due(ClockKind::Extension) {
                body.push(format!("延长后的办结期限为{}。", date(d.date)));
            }
        }
        NoticeKind::Supervision => {
            let dept = step_note(case, |s| match s {
                Step::Supervise { dept, .. } => Some(dept.clone()),
                _ => None,
            })
            .unwrap_or_default();
            body.push(format!("{dept}："));
            body.push(format!(
                "登记编号 {case_no} 的信访事项（{name}反映：{matter_head}）尚未按期办结，现予督办。"
            ));
            if let Some(d) = case.due(ClockKind::Supervision) {
                body.push(format!("请于{}前将办理情况书面报送本机关。", date(d.date)));
            }
        }
    }
    body.push(String::new());
    body.push(unit.name.clone());
    body.push(date(today));
    if !unit.address.is_empty() || !unit.phone.is_empty() {
        body.push(format!("地址：{}  电话：{}", unit.address, unit.phone));
    }
    Notice {
        title: kind.title(case).to_string(),
        number: format!("〔{year}〕{number}号"),
        body,
        stub,
    }
}

impl Notice {
    /// Plain text (UTF-8), for any printer.
    pub fn text(&self) -> String {
        let mut out = format!("{}\n{}\n\n", self.title, self.number);
        for p in &self.body {
            out.push_str(p);
            out.push('\n');
        }
        if let Some(stub) = &self.stub {
            out.push_str("\n- - - - - - - - - - - - 沿此线剪开 - - - - - - - - - - - -\n\n");
            for p in stub {
                out.push_str(p);
                out.push('\n');
            }
        }
        out
    }

    /// An A4 page with print CSS, readable in black and white.
    pub fn html(&self) -> String {
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let mut out = String::from(
            "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n<style>\n\
             @page { size: A4; margin: 25mm 20mm; }\n\
             body { font-family: \"SimSun\", \"Songti SC\", serif; font-size: 16pt; color: #000; line-height: 1.8; }\n\
             h1 { text-align: center; font-size: 22pt; margin: 0; letter-spacing: 0.2em; }\n\
             .no { text-align: center; margin-bottom: 1.5em; }\n\
             p { text-indent: 2em; margin: 0.3em 0; }\n\
             .stub { border-top: 1px dashed #000; margin-top: 3em; padding-top: 1em; }\n\
             </style></head><body>\n",
        );
        out.push_str(&format!(
            "<h1>{}</h1>\n<div class=\"no\">{}</div>\n",
            esc(&self.title),
            esc(&self.number)
        ));
        for p in &self.body {
            out.push_str(&format!("<p>{}</p>\n", esc(p)));
        }
        if let Some(stub) = &self.stub {
            out.push_str("<div class=\"stub\">\n");
            for p in stub {
                out.push_str(&format!("<p>{}</p>\n", esc(p)));
            }
            out.push_str("</div>\n");
        }
        out.push_str("</body></html>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::WorkCalendar;
    use crate::domain::case::{CaseNo, Registration, VisitMode, Visitor};
    use crate::domain::life::{Actor, RouteMode};
    use crate::domain::policy::Policy;

    fn case() -> Case {
        let at = NaiveDate::from_ymd_opt(2026, 1, 30)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap();
        let reg = Registration {
            visitor: Visitor {
                name: "张三".into(),
                ..Default::default()
            },
            place: String::new(),
            people: 1,
            category: "劳动和社会保障".into(),
            purpose: "申诉求决".into(),
            matter: "拖欠工资<三个月>".into(),
            opinion: String::new(),
            mode: VisitMode::Visit,
            clerk: "甲".into(),
            at,
            ticket: None,
        };
        Case::open(
            CaseNo { year: 2026, seq: 1 },
            reg,
            Policy::national_2022(),
            &WorkCalendar::builtin(),
        )
    }

    #[test]
    fn visit_notice_names_the_acceptance_deadline() {
        let c = case();
        let unit = Unit {
            name: "某区信访局".into(),
            address: "人民路1号".into(),
            phone: "0991-1234567".into(),
        };
        let today = NaiveDate::from_ymd_opt(2026, 1, 30).unwrap();
        let n = build(
            NoticeKind::VisitInfo,
            &c,
            &unit,
            "XF-2026-000001",
            2026,
            15,
            today,
        );
        assert_eq!(n.number, "〔2026〕15号");
        let text = n.text();
        assert!(text.contains("2026年02月14日前告知您是否受理"), "{text}");
        assert!(
            text.contains("某区信访局") && text.contains("0991-1234567"),
            "{text}"
        );
        assert!(
            n.html().contains("拖欠工资&lt;三个月&gt;"),
            "HTML is escaped"
        );
        assert!(n.html().contains("size: A4"));
    }

    #[test]
    fn handover_slip_has_a_receipt_stub_and_follows_the_route() {
        let mut c = case();
        let cal = WorkCalendar::builtin();
        let d = NaiveDate::from_ymd_opt(2026, 2, 2).unwrap();
        let at = d.and_hms_opt(9, 0, 0).unwrap();
        assert!(!NoticeKind::Handover.applies(&c));
        c.apply(Step::Accept { told: d }, &Actor::everyone("甲"), at, &cal)
            .unwrap();
        c.apply(
            Step::Route {
                mode: RouteMode::Transfer,
                lead: "区人社局".into(),
                co: vec![],
                slip: 4,
            },
            &Actor::everyone("甲"),
            at,
            &cal,
        )
        .unwrap();
        assert!(NoticeKind::Handover.applies(&c));
        let n = build(
            NoticeKind::Handover,
            &c,
            &Unit::default(),
            "XF-2026-000001",
            2026,
            4,
            d,
        );
        assert_eq!(n.title, "转送单");
        assert!(
            n.text().contains("区人社局：") && n.text().contains("沿此线剪开"),
            "{}",
            n.text()
        );
        assert!(n.text().contains("回执（转送单〔2026〕4号）"));
    }
}
