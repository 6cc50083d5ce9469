//! Checking the registration form as a whole before it is saved: every problem, in form
//! order, or the registration to store.

use super::{Field, RegisterState};
use crate::domain::case::{Registration, VisitMode, Visitor};
use crate::domain::catalog;
use crate::domain::idcard::{self, CheckResult, Sex};
use crate::ui::screens::Ctx;
use chrono::NaiveDate;

impl RegisterState {
    /// Checks the whole form; returns the registration or every problem, in form order.
    pub fn validate(&self, ctx: &Ctx) -> Result<Registration, Vec<(Field, String)>> {
        let mut errs: Vec<(Field, String)> = Vec::new();
        let t = |f: Field| self.text(f).trim().to_string();
        let name = t(Field::Name);
        if name.is_empty() {
            errs.push((Field::Name, "请填写姓名".into()));
        } else if name.chars().any(char::is_control) {
            errs.push((Field::Name, "姓名含有控制字符".into()));
        }
        let mut id_number = String::new();
        let mut id_override = None;
        let mut sex = None;
        let mut birth = None;
        if !t(Field::IdNumber).is_empty() {
            match idcard::parse(&t(Field::IdNumber), ctx.today) {
                Err(e) => errs.push((Field::IdNumber, format!("身份证号：{e}"))),
                Ok(info) => {
                    if let CheckResult::BadCheckDigit { .. } = info.check {
                        let note = t(Field::IdNote);
                        if note.is_empty() {
                            errs.push((
                                Field::IdNote,
                                "身份证校验位不符：请核对证件，或在“核对说明”写明原因后保存".into(),
                            ));
                        } else {
                            id_override = Some(note);
                        }
                    }
                    sex = Some(info.sex);
                    birth = Some(info.birth);
                    id_number = info.normalized;
                }
            }
        }
        match t(Field::Sex).as_str() {
            "" => {}
            "男" => sex = sex.or(Some(Sex::Male)),
            "女" => sex = sex.or(Some(Sex::Female)),
            _ => errs.push((Field::Sex, "性别请选 男 或 女".into())),
        }
        let birth_text = t(Field::Birth);
        if birth.is_none() && !birth_text.is_empty() {
            match NaiveDate::parse_from_str(&birth_text, "%Y-%m-%d") {
                Ok(d) if d <= ctx.today => birth = Some(d),
                Ok(_) => errs.push((Field::Birth, "出生日期不能晚于今天".into())),
                Err(_) => errs.push((
                    Field::Birth,
                    format!("出生日期“{birth_text}”无效，格式如 1960-05-01"),
                )),
            }
        }
        let age_text = t(Field::Age);
        let age = if age_text.is_empty() || birth.is_some() {
            None
        } else {
            match age_text.parse::<u32>() {
                Ok(a) if a <= 130 => Some(a),
                _ => {
                    errs.push((Field::Age, "年龄应为 0–130 的整数".into()));
                    None
                }
            }
        };
        let pick = |f: Field, errs: &mut Vec<(Field, String)>, required: bool| -> String {
            let v = t(f);
            let cat = f.catalog().unwrap_or(&[]);
            if v.is_empty() {
                if required {
                    errs.push((f, format!("请选择{}", f.label())));
                }
                String::new()
            } else if catalog::find_label(cat, &v).is_some() {
                v
            } else {
                errs.push((f, format!("{}“{v}”不在列表中", f.label())));
                String::new()
            }
        };
        let ethnicity = pick(Field::Ethnicity, &mut errs, false);
        let people = match t(Field::People).parse::<u32>() {
            Ok(n) if (1..=10_000).contains(&n) => n,
            _ => {
                errs.push((Field::People, "人数应为 1 以上的整数".into()));
                1
            }
        };
        let phone = t(Field::Phone);
        let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
        if !phone.is_empty()
            && (!(5..=20).contains(&digits)
                || !phone
                    .chars()
                    .all(|c| c.is_ascii_digit() || "-+ ()转".contains(c)))
        {
            errs.push((
                Field::Phone,
                "联系电话格式不对（只能含数字、-、+、空格）".into(),
            ));
        }
        let mode_label = pick(Field::Mode, &mut errs, true);
        let category = pick(Field::Category, &mut errs, true);
        let purpose = pick(Field::Purpose, &mut errs, false);
        let matter = self.matter.text().trim().to_string();
        if matter.is_empty() {
            errs.push((Field::Matter, "请填写主要诉求".into()));
        }
        // Report in form order, so the cursor goes to the first missing field.
        errs.sort_by_key(|(f, _)| f.index());
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(Registration {
            visitor: Visitor {
                name,
                sex,
                birth,
                age,
                ethnicity,
                id_number,
                id_override,
                address: t(Field::Address),
                phone,
                occupation: t(Field::Occupation),
            },
            place: t(Field::Place),
            people,
            category,
            purpose,
            matter,
            opinion: t(Field::Opinion),
            mode: VisitMode::from_label(&mode_label).unwrap_or(VisitMode::Visit),
            clerk: ctx.clerk.clone(),
            at: ctx.now,
            ticket: self.ticket.clone(),
        })
    }
}
