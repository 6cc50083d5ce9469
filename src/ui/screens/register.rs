//! The registration form (来访登记): keyboard only, field by field, with the ID check and
//! the repeat-visit panel. State and `update` live here; drawing is in `register_view.rs`.

use super::Ctx;
use crate::domain::case::{CaseNo, CaseSummary, Registration, VisitMode};
use crate::domain::catalog::{self, Entry};
use crate::domain::idcard::{self, IdError, IdInfo};
use crate::ui::keymap::Action;
use crate::ui::widgets::line_edit::LineEdit;
use crate::ui::widgets::text_area::TextArea;
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod validate;

/// Longest matter accepted (characters); longer pastes are cut with a message.
pub const MATTER_MAX_CHARS: usize = 50_000;
/// Longest single-line field (characters).
pub const LINE_MAX_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    IdNumber,
    IdNote,
    Sex,
    Birth,
    Age,
    Ethnicity,
    People,
    Phone,
    Address,
    Occupation,
    Mode,
    Place,
    Category,
    Purpose,
    Matter,
    Opinion,
}

impl Field {
    /// Tab order (IdNote only appears while the ID check digit is wrong).
    pub const ORDER: [Field; 17] = [
        Field::Name,
        Field::IdNumber,
        Field::IdNote,
        Field::Sex,
        Field::Birth,
        Field::Age,
        Field::Ethnicity,
        Field::People,
        Field::Phone,
        Field::Address,
        Field::Occupation,
        Field::Mode,
        Field::Place,
        Field::Category,
        Field::Purpose,
        Field::Matter,
        Field::Opinion,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "姓名",
            Self::IdNumber => "身份证号",
            Self::IdNote => "核对说明",
            Self::Sex => "性别",
            Self::Birth => "出生日期",
            Self::Age => "年龄",
            Self::Ethnicity => "民族",
            Self::People => "人数",
            Self::Phone => "联系电话",
            Self::Address => "住址",
            Self::Occupation => "职业单位",
            Self::Mode => "来访方式",
            Self::Place => "事发地",
            Self::Category => "问题分类",
            Self::Purpose => "信访目的",
            Self::Matter => "主要诉求",
            Self::Opinion => "拟办意见",
        }
    }

    fn index(self) -> usize {
        Self::ORDER.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// The catalog a pick-list field chooses from.
    pub fn catalog(self) -> Option<&'static [Entry]> {
        match self {
            Self::Sex => Some(SEXES),
            Self::Ethnicity => Some(catalog::ethnicities()),
            Self::Mode => Some(catalog::visit_modes()),
            Self::Category => Some(catalog::categories()),
            Self::Purpose => Some(catalog::purposes()),
            _ => None,
        }
    }
}

const SEXES: &[Entry] = &[
    Entry {
        code: "1",
        label: "男",
    },
    Entry {
        code: "2",
        label: "女",
    },
];

/// What the form asks the app to do.
#[derive(Debug, Clone, PartialEq)]
pub enum FormEffect {
    /// Look up earlier cases of this person (ID number and/or phone).
    Lookup {
        id: String,
        phone: String,
    },
    Create(Box<Registration>),
    RepeatVisit {
        no: CaseNo,
        people: u32,
        note: String,
        ticket: Option<String>,
    },
    Leave,
    AskDiscard,
    Message(String),
}

#[derive(Debug, Clone)]
pub struct RegisterState {
    lines: Vec<LineEdit>,
    pub matter: TextArea,
    pub focus: Field,
    pub id_check: Option<Result<IdInfo, IdError>>,
    pub matches: Vec<CaseSummary>,
    pub match_sel: usize,
    pub attach: Option<CaseNo>,
    pub pick_sel: usize,
    pub errors: Vec<(Field, String)>,
    pub ticket: Option<String>,
    /// Width the matter box wraps at (set by the app from the terminal size, so cursor
    /// moves up and down match what is drawn).
    pub matter_width: u16,
    looked_up: (String, String),
    today: NaiveDate,
}

impl RegisterState {
    pub fn new(today: NaiveDate) -> Self {
        let mut s = Self {
            lines: vec![LineEdit::default(); Field::ORDER.len()],
            matter: TextArea::default(),
            focus: Field::Name,
            id_check: None,
            matches: Vec::new(),
            match_sel: 0,
            attach: None,
            pick_sel: 0,
            errors: Vec::new(),
            ticket: None,
            matter_width: 38,
            looked_up: (String::new(), String::new()),
            today,
        };
        s.line_mut(Field::Mode).set_text(VisitMode::Visit.label());
        s.line_mut(Field::People).set_text("1");
        s
    }

    /// A form opened from a called queue ticket.
    pub fn for_ticket(today: NaiveDate, ticket: &str, people: u32) -> Self {
        let mut s = Self::new(today);
        s.ticket = Some(ticket.to_string());
        s.line_mut(Field::People)
            .set_text(&people.max(1).to_string());
        s
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn line(&self, f: Field) -> &LineEdit {
        &self.lines[f.index()]
    }

    fn line_mut(&mut self, f: Field) -> &mut LineEdit {
        &mut self.lines[f.index()]
    }

    pub fn text(&self, f: Field) -> &str {
        if f == Field::Matter {
            self.matter.text()
        } else {
            self.line(f).text()
        }
    }

    /// Whether anything was typed (Esc asks before throwing it away).
    pub fn is_dirty(&self) -> bool {
        let fresh = Self::new(self.today);
        !self.matter.is_empty()
            || Field::ORDER
                .iter()
                .any(|f| *f != Field::Matter && self.text(*f) != fresh.text(*f))
    }

    pub fn needs_id_note(&self) -> bool {
        matches!(&self.id_check, Some(Ok(info)) if info.is_warning())
    }

    /// Fields currently part of the form, in tab order.
    pub fn visible_fields(&self) -> Vec<Field> {
        Field::ORDER
            .iter()
            .copied()
            .filter(|f| *f != Field::IdNote || self.needs_id_note())
            .collect()
    }

    /// Entries of the focused pick list that match what was typed.
    pub fn pick_options(&self) -> Vec<&'static Entry> {
        match self.focus.catalog() {
            Some(cat) => {
                let q = self.text(self.focus);
                if catalog::find_label(cat, q).is_some() {
                    catalog::filter(cat, "")
                } else {
                    catalog::filter(cat, q)
                }
            }
            None => Vec::new(),
        }
    }

    pub fn error_for(&self, f: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|(ef, _)| *ef == f)
            .map(|(_, m)| m.as_str())
    }

    pub fn update(&mut self, action: Action, ctx: &Ctx) -> Vec<FormEffect> {
        self.today = ctx.today;
        match action {
            Action::NextField => self.move_focus(1),
            Action::PrevField => self.move_focus(-1),
            Action::SaveCase => self.save(ctx),
            Action::Back => {
                if self.is_dirty() {
                    vec![FormEffect::AskDiscard]
                } else {
                    vec![FormEffect::Leave]
                }
            }
            Action::AttachToCase => self.toggle_attach(),
            Action::NextMatch => {
                if !self.matches.is_empty() {
                    self.match_sel = (self.match_sel + 1) % self.matches.len();
                    if self.attach.is_some() {
                        self.attach = self.matches.get(self.match_sel).map(|m| m.no);
                    }
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn toggle_attach(&mut self) -> Vec<FormEffect> {
        if self.attach.is_some() {
            self.attach = None;
            return vec![FormEffect::Message("已取消并入，将登记为新案件".into())];
        }
        match self.matches.get(self.match_sel) {
            Some(m) if m.status.is_open() => {
                self.attach = Some(m.no);
                vec![FormEffect::Message(format!(
                    "本次来访将作为重复访并入 {}，按 Ctrl-S 保存",
                    m.no
                ))]
            }
            Some(m) => vec![FormEffect::Message(format!(
                "案件 {} 已{}，不能并入；请登记为新案件",
                m.no,
                m.status.label()
            ))],
            None => vec![FormEffect::Message(
                "右侧没有同一来访人的旧案（先填写身份证号或电话）".into(),
            )],
        }
    }

    fn move_focus(&mut self, step: i32) -> Vec<FormEffect> {
        let leaving = self.focus;
        self.commit_pick(leaving);
        let fields = self.visible_fields();
        let pos = fields.iter().position(|f| *f == self.focus).unwrap_or(0) as i32;
        let n = fields.len() as i32;
        let next = (pos + step).rem_euclid(n) as usize;
        self.focus = fields.get(next).copied().unwrap_or(Field::Name);
        if leaving == Field::IdNumber {
            if let Some(Ok(info)) = &self.id_check {
                let normalized = info.normalized.clone();
                self.line_mut(Field::IdNumber).set_text(&normalized);
            }
        }
        // A valid ID number already filled 性别/出生日期/年龄: Tab goes on to 民族 and 电话.
        if step == 1
            && leaving == Field::IdNumber
            && matches!(&self.id_check, Some(Ok(i)) if !i.is_warning())
        {
            self.focus = Field::Ethnicity;
        }
        self.pick_sel = 0;
        if matches!(leaving, Field::IdNumber | Field::Phone) {
            return self.lookup_effect();
        }
        Vec::new()
    }

    fn lookup_effect(&mut self) -> Vec<FormEffect> {
        let id = match &self.id_check {
            Some(Ok(info)) => info.normalized.clone(),
            _ => String::new(),
        };
        let phone = self.text(Field::Phone).trim().to_string();
        if (id.clone(), phone.clone()) == self.looked_up || (id.is_empty() && phone.is_empty()) {
            return Vec::new();
        }
        self.looked_up = (id.clone(), phone.clone());
        vec![FormEffect::Lookup { id, phone }]
    }

    /// Earlier cases of the same person, from the app's look-up.
    pub fn set_matches(&mut self, matches: Vec<CaseSummary>) {
        self.match_sel = matches.iter().position(|m| m.status.is_open()).unwrap_or(0);
        if let Some(no) = self.attach {
            if !matches.iter().any(|m| m.no == no) {
                self.attach = None;
            }
        }
        self.matches = matches;
    }

    /// Turns what was typed in a pick field into the chosen entry's label.
    fn commit_pick(&mut self, f: Field) {
        let Some(cat) = f.catalog() else { return };
        let typed = self.text(f).trim().to_string();
        if typed.is_empty() || catalog::find_label(cat, &typed).is_some() {
            return;
        }
        let options = catalog::filter(cat, &typed);
        if let Some(e) = options.get(self.pick_sel).or(options.first()) {
            self.line_mut(f).set_text(e.label);
        }
    }

    /// A key that is not bound to an action: edits the focused field.
    pub fn edit(&mut self, key: &KeyEvent) -> Vec<FormEffect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if self.focus == Field::Matter {
            match key.code {
                KeyCode::Char('j') if ctrl => self.matter.newline(),
                KeyCode::Char(c) if !ctrl && self.matter.char_count() < MATTER_MAX_CHARS => {
                    self.matter.insert_char(c)
                }
                KeyCode::Backspace => self.matter.backspace(),
                KeyCode::Delete => self.matter.delete(),
                KeyCode::Left => self.matter.left(),
                KeyCode::Right => self.matter.right(),
                KeyCode::Up => self.matter.up(self.matter_width as usize),
                KeyCode::Down => self.matter.down(self.matter_width as usize),
                KeyCode::Home => self.matter.home(self.matter_width as usize),
                KeyCode::End => self.matter.end(self.matter_width as usize),
                _ => {}
            }
            self.errors.retain(|(f, _)| *f != Field::Matter);
            return Vec::new();
        }
        let pick = self.focus.catalog().is_some();
        match key.code {
            KeyCode::Up if pick => self.pick_sel = self.pick_sel.saturating_sub(1),
            KeyCode::Down if pick => {
                let n = self.pick_options().len();
                if self.pick_sel + 1 < n {
                    self.pick_sel += 1;
                }
            }
            KeyCode::Up => return self.move_focus(-1),
            KeyCode::Down => return self.move_focus(1),
            KeyCode::Char('w') if ctrl => self.line_mut(self.focus).delete_word_back(),
            KeyCode::Char('u') if ctrl => self.line_mut(self.focus).clear(),
            KeyCode::Char(c) if !ctrl => {
                if self.line(self.focus).text().chars().count() < LINE_MAX_CHARS {
                    let f = self.focus;
                    let e = self.line_mut(f);
                    // Typing into a chosen pick value starts a new search.
                    if pick
                        && f.catalog()
                            .and_then(|cat| catalog::find_label(cat, e.text()))
                            .is_some()
                    {
                        e.clear();
                    }
                    e.insert_char(c);
                }
                self.pick_sel = 0;
            }
            KeyCode::Backspace => {
                self.line_mut(self.focus).backspace();
                self.pick_sel = 0;
            }
            KeyCode::Delete => self.line_mut(self.focus).delete(),
            KeyCode::Left => self.line_mut(self.focus).left(),
            KeyCode::Right => self.line_mut(self.focus).right(),
            KeyCode::Home => self.line_mut(self.focus).home(),
            KeyCode::End => self.line_mut(self.focus).end(),
            _ => return Vec::new(),
        }
        self.after_edit()
    }

    /// Pasted or IME-committed text goes into the focused field at once.
    pub fn paste(&mut self, text: &str) -> Vec<FormEffect> {
        if self.focus == Field::Matter {
            let room = MATTER_MAX_CHARS.saturating_sub(self.matter.char_count());
            let cut: String = text.chars().take(room).collect();
            self.matter.insert_str(&cut);
            if cut.chars().count() < text.chars().count() {
                return vec![FormEffect::Message(format!(
                    "主要诉求最多 {MATTER_MAX_CHARS} 字，超出部分未粘贴"
                ))];
            }
            return Vec::new();
        }
        let room = LINE_MAX_CHARS.saturating_sub(self.line(self.focus).text().chars().count());
        let cut: String = text.chars().take(room).collect();
        let f = self.focus;
        self.line_mut(f).insert_str(&cut);
        self.pick_sel = 0;
        self.after_edit()
    }

    fn after_edit(&mut self) -> Vec<FormEffect> {
        let f = self.focus;
        self.errors.retain(|(ef, _)| *ef != f);
        if f == Field::IdNumber {
            return self.on_id_changed();
        }
        Vec::new()
    }

    fn on_id_changed(&mut self) -> Vec<FormEffect> {
        let raw = self.text(Field::IdNumber).to_string();
        if idcard::normalize(&raw).is_empty() {
            self.id_check = None;
            return Vec::new();
        }
        let r = idcard::parse(&raw, self.today);
        if let Ok(info) = &r {
            let sex = info.sex;
            let birth = info.birth;
            let age = info.age_on(self.today);
            self.line_mut(Field::Sex).set_text(sex.label());
            self.line_mut(Field::Birth)
                .set_text(&birth.format("%Y-%m-%d").to_string());
            self.line_mut(Field::Age).set_text(&age.to_string());
        }
        let complete = r.is_ok();
        self.id_check = Some(r);
        if complete {
            self.lookup_effect()
        } else {
            Vec::new()
        }
    }

    fn save(&mut self, ctx: &Ctx) -> Vec<FormEffect> {
        self.commit_pick(self.focus);
        if let Some(no) = self.attach {
            let people = self
                .text(Field::People)
                .trim()
                .parse()
                .unwrap_or(1u32)
                .max(1);
            return vec![FormEffect::RepeatVisit {
                no,
                people,
                note: self.matter.text().trim().to_string(),
                ticket: self.ticket.clone(),
            }];
        }
        match self.validate(ctx) {
            Ok(reg) => vec![FormEffect::Create(Box::new(reg))],
            Err(errors) => {
                let first = errors.first().map(|(f, _)| *f).unwrap_or(Field::Name);
                let list: Vec<String> = errors.iter().map(|(_, m)| m.clone()).collect();
                self.errors = errors;
                self.focus = first;
                vec![FormEffect::Message(format!("未保存：{}", list.join("；")))]
            }
        }
    }
}
