//! One keymap maps keys to actions named by meaning. The bottom F-key bar and the F1 help
//! are generated from it, so they cannot drift apart from what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

mod custom;

/// Where the keyboard focus is; each context has its own bindings on top of the global ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Home,
    Register,
    CaseList,
    CaseView,
    Queue,
    /// The case view's F8 menu of steps.
    CaseMenu,
    /// The form of one step of a case's life.
    StepForm,
    Login,
    /// The queue view while it asks a question (people of a collective visit, a time…).
    QueuePrompt,
    /// The deadline view (期限一览).
    Deadlines,
    /// The statistics screen (统计).
    Report,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Self::Global => "全局",
            Self::Home => "主页",
            Self::Register => "来访登记",
            Self::CaseList => "案件查询",
            Self::CaseView => "案件详情",
            Self::Queue => "排队叫号",
            Self::CaseMenu => "办理菜单",
            Self::Login => "登录",
            Self::StepForm => "办理步骤",
            Self::QueuePrompt => "排队叫号·填写",
            Self::Deadlines => "期限一览",
            Self::Report => "统计报表",
        }
    }
}

/// What the clerk means by a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Help,
    NewCase,
    CaseList,
    Home,
    Quit,
    Back,
    NextField,
    PrevField,
    SaveCase,
    AttachToCase,
    NextMatch,
    Up,
    Down,
    PageUp,
    PageDown,
    OpenCase,
    ClearSearch,
    QueueView,
    CallNext,
    TakeTicket(char),
    ServeSelected,
    CallSelected,
    Recall,
    NoShow,
    Reinstate,
    Park,
    Transfer,
    Finish,
    Confirm,
    StepMenu,
    NoticeMenu,
    Deadlines,
    FilterNext,
    FilterPrev,
    Report,
    PeriodPrev,
    PeriodNext,
    PeriodCoarser,
    PeriodFiner,
    ExportExcel,
    Backup,
}

impl Action {
    /// Short label for the key bar.
    pub fn short(self) -> &'static str {
        match self {
            Self::Help => "帮助",
            Self::NewCase => "登记",
            Self::CaseList => "查询",
            Self::Home => "主页",
            Self::Quit => "退出",
            Self::Back => "返回",
            Self::NextField => "下一项",
            Self::PrevField => "上一项",
            Self::SaveCase => "保存",
            Self::AttachToCase => "并入旧案",
            Self::NextMatch => "换一件",
            Self::Up => "上移",
            Self::Down => "下移",
            Self::PageUp => "上页",
            Self::PageDown => "下页",
            Self::OpenCase => "打开",
            Self::ClearSearch => "清空",
            Self::QueueView => "叫号",
            Self::CallNext => "叫下一位",
            Self::TakeTicket('V') => "优先号",
            Self::TakeTicket('B') => "集体号",
            Self::TakeTicket('Y') => "预约号",
            Self::TakeTicket(_) => "取号",
            Self::ServeSelected => "接待",
            Self::CallSelected => "叫此号",
            Self::Recall => "重呼",
            Self::NoShow => "过号",
            Self::Reinstate => "回号",
            Self::Park => "挂起",
            Self::Transfer => "转移",
            Self::Finish => "办完",
            Self::Confirm => "确定",
            Self::StepMenu => "办理",
            Self::NoticeMenu => "打印",
            Self::Deadlines => "期限",
            Self::FilterNext => "下一值",
            Self::FilterPrev => "上一值",
            Self::Report => "统计",
            Self::PeriodPrev => "上期",
            Self::PeriodNext => "下期",
            Self::PeriodCoarser => "周/月/季/年",
            Self::PeriodFiner => "细分",
            Self::ExportExcel => "导出Excel",
            Self::Backup => "备份",
        }
    }

    /// The sentence shown in F1 help.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Help => "显示本屏幕的按键帮助",
            Self::NewCase => "新建来访登记，光标在“姓名”",
            Self::CaseList => "查询案件：编号、姓名、证件或电话尾号、诉求内容",
            Self::Home => "回到主页（今日登记与临近期限）",
            Self::Quit => "退出程序（已保存的数据不会丢失）",
            Self::Back => "返回上一屏幕；登记表已填写时先询问",
            Self::NextField => "到下一个填写项",
            Self::PrevField => "回到上一个填写项",
            Self::SaveCase => "保存登记（写入磁盘后才显示“已保存”）",
            Self::AttachToCase => "把本次来访并入右侧所选的在办旧案（重复访）；再按一次取消",
            Self::NextMatch => "在右侧同一来访人的旧案中选下一件",
            Self::Up => "上移一行",
            Self::Down => "下移一行",
            Self::PageUp => "上一页",
            Self::PageDown => "下一页",
            Self::OpenCase => "打开所选案件；输入本年序号（如 123）可直接打开",
            Self::ClearSearch => "清空查询条件",
            Self::QueueView => "排队叫号：取号、叫号、过号、挂起",
            Self::CallNext => "按顺序叫下一位（优先号在前），并打开登记表",
            Self::TakeTicket('V') => "取优先号（老年人、残疾人、孕妇等绿色通道）",
            Self::TakeTicket('B') => "取集体访号（填写人数和代表姓名，代表不超过5名）",
            Self::TakeTicket('Y') => "取预约号/领导接待号（填写预约时间）",
            Self::TakeTicket(_) => "取一般来访号",
            Self::ServeSelected => "接待所选号票：等候的先叫号，挂起的恢复，并打开登记表",
            Self::CallSelected => "叫所选的号（不按顺序）",
            Self::Recall => "重呼所选的已叫号",
            Self::NoShow => "所选已叫号未到，记为过号",
            Self::Reinstate => "过号的来访人回来了：回号，排到队尾",
            Self::Park => "挂起所选号票（来访人去取材料）",
            Self::Transfer => "把所选号票转到其他窗口或值班领导",
            Self::Finish => "所选号票接待完毕",
            Self::Confirm => "确定所选或所填内容",
            Self::NoticeMenu => {
                "打印文书：告知单、受理/不予受理告知书、交办/转送单（带回执）、延期告知书、督办单"
            }
            Self::Deadlines => {
                "期限一览：所有正在计时的期限，逾期的在最前，可按期限、承办单位、问题分类筛选"
            }
            Self::FilterNext => "所选筛选项换下一个值（含“全部”）",
            Self::FilterPrev => "所选筛选项换上一个值",
            Self::Report => "统计报表：本期与上期对比（周、月、季、半年、年），可导出 Excel",
            Self::PeriodPrev => "看上一个统计期",
            Self::PeriodNext => "看下一个统计期（不超过本期）",
            Self::PeriodCoarser => "统计期换大一级：周 → 月 → 季 → 半年 → 年 → 周",
            Self::PeriodFiner => "统计期换小一级",
            Self::ExportExcel => "把本期统计导出为 Excel 文件（数据目录下的“报表”文件夹）",
            Self::Backup => "立即备份全部数据（数据目录下的 backups 文件夹）",
            Self::StepMenu => "办理本案：只列出当前状态下可做的步骤（受理、交办、延期、办结…）",
        }
    }
}

/// A key with its modifiers, as written in the help ("Ctrl-S", "F2").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyCombo {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyCombo {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    fn matches(&self, key: &KeyEvent) -> bool {
        // Shift is part of the character for Char keys; BackTab arrives with or without SHIFT.
        let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT;
        let code_eq = match (self.code, key.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => a.eq_ignore_ascii_case(&b),
            (a, b) => a == b,
        };
        code_eq && (key.modifiers & relevant) == (self.mods & relevant)
    }
}

impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            write!(f, "Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            write!(f, "Alt-")?;
        }
        match self.code {
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(c) => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Enter => write!(f, "Enter"),
            KeyCode::Esc => write!(f, "Esc"),
            KeyCode::Tab => write!(f, "Tab"),
            KeyCode::BackTab => write!(f, "Shift-Tab"),
            KeyCode::Up => write!(f, "↑"),
            KeyCode::Down => write!(f, "↓"),
            KeyCode::Left => write!(f, "←"),
            KeyCode::Right => write!(f, "→"),
            KeyCode::PageUp => write!(f, "PgUp"),
            KeyCode::PageDown => write!(f, "PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One binding: in `context`, `key` means `action`; `bar` puts it on the bottom key bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: KeyCombo,
    pub action: Action,
    pub bar: bool,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Action as A;
        use Context as C;
        use KeyCode as K;
        let b = |context, key, action, bar| Binding {
            context,
            key,
            action,
            bar,
        };
        let p = KeyCombo::plain;
        let bindings = vec![
            b(C::Global, p(K::F(1)), A::Help, true),
            b(C::Global, p(K::F(2)), A::NewCase, true),
            b(C::Global, p(K::F(3)), A::CaseList, true),
            b(C::Global, p(K::F(4)), A::QueueView, true),
            b(C::Global, p(K::F(6)), A::Deadlines, true),
            b(C::Global, p(K::F(7)), A::Report, true),
            b(C::Global, KeyCombo::ctrl('b'), A::Backup, false),
            b(C::Global, p(K::F(9)), A::Home, false),
            b(C::Global, p(K::F(10)), A::Quit, true),
            b(C::Register, KeyCombo::ctrl('s'), A::SaveCase, true),
            b(C::Register, p(K::Tab), A::NextField, false),
            b(C::Register, p(K::Enter), A::NextField, false),
            b(C::Register, p(K::BackTab), A::PrevField, false),
            b(C::Register, p(K::F(6)), A::AttachToCase, true),
            b(C::Register, p(K::F(7)), A::NextMatch, true),
            b(C::Register, p(K::Esc), A::Back, true),
            b(C::CaseList, p(K::Up), A::Up, false),
            b(C::CaseList, p(K::Down), A::Down, false),
            b(C::CaseList, p(K::PageUp), A::PageUp, false),
            b(C::CaseList, p(K::PageDown), A::PageDown, true),
            b(C::CaseList, p(K::Enter), A::OpenCase, true),
            b(C::CaseList, KeyCombo::ctrl('u'), A::ClearSearch, false),
            b(C::CaseList, p(K::Esc), A::Back, true),
            b(C::CaseView, p(K::Up), A::Up, false),
            b(C::CaseView, p(K::Down), A::Down, false),
            b(C::CaseView, p(K::PageUp), A::PageUp, false),
            b(C::CaseView, p(K::PageDown), A::PageDown, false),
            b(C::CaseView, p(K::Esc), A::Back, true),
            b(C::Home, p(K::Up), A::Up, false),
            b(C::Home, p(K::Down), A::Down, false),
            b(C::Home, p(K::Enter), A::OpenCase, true),
            b(C::Home, p(K::F(5)), A::CallNext, true),
            b(C::Queue, p(K::F(5)), A::CallNext, true),
            b(C::Queue, p(K::Enter), A::ServeSelected, true),
            b(C::Queue, p(K::Char('a')), A::TakeTicket('A'), true),
            b(C::Queue, p(K::Char('v')), A::TakeTicket('V'), true),
            b(C::Queue, p(K::Char('b')), A::TakeTicket('B'), false),
            b(C::Queue, p(K::Char('y')), A::TakeTicket('Y'), false),
            b(C::Queue, p(K::Char('c')), A::CallSelected, false),
            b(C::Queue, p(K::Char('r')), A::Recall, false),
            b(C::Queue, p(K::Char('g')), A::NoShow, true),
            b(C::Queue, p(K::Char('h')), A::Reinstate, false),
            b(C::Queue, p(K::Char('p')), A::Park, false),
            b(C::Queue, p(K::Char('t')), A::Transfer, false),
            b(C::Queue, p(K::Char('f')), A::Finish, false),
            b(C::Queue, p(K::Up), A::Up, false),
            b(C::Queue, p(K::Down), A::Down, false),
            b(C::Queue, p(K::Esc), A::Back, false),
            b(C::CaseView, p(K::F(8)), A::StepMenu, true),
            b(C::CaseView, p(K::F(9)), A::NoticeMenu, true),
            b(C::CaseMenu, p(K::Up), A::Up, false),
            b(C::CaseMenu, p(K::Down), A::Down, false),
            b(C::CaseMenu, p(K::Enter), A::Confirm, true),
            b(C::CaseMenu, p(K::Esc), A::Back, true),
            b(C::StepForm, KeyCombo::ctrl('s'), A::SaveCase, true),
            b(C::StepForm, p(K::Tab), A::NextField, true),
            b(C::StepForm, p(K::Enter), A::NextField, false),
            b(C::StepForm, p(K::BackTab), A::PrevField, false),
            b(C::StepForm, p(K::Esc), A::Back, true),
            b(C::Login, p(K::Tab), A::NextField, false),
            b(C::Login, p(K::BackTab), A::PrevField, false),
            b(C::Login, p(K::Enter), A::Confirm, true),
            b(C::QueuePrompt, p(K::Enter), A::Confirm, true),
            b(C::QueuePrompt, p(K::Esc), A::Back, true),
            b(C::Deadlines, p(K::Up), A::Up, false),
            b(C::Deadlines, p(K::Down), A::Down, false),
            b(C::Deadlines, p(K::PageUp), A::PageUp, false),
            b(C::Deadlines, p(K::PageDown), A::PageDown, false),
            b(C::Deadlines, p(K::Enter), A::OpenCase, true),
            b(C::Deadlines, p(K::Tab), A::NextField, true),
            b(C::Deadlines, p(K::BackTab), A::PrevField, false),
            b(C::Deadlines, p(K::Right), A::FilterNext, true),
            b(C::Deadlines, p(K::Left), A::FilterPrev, false),
            b(C::Deadlines, p(K::Esc), A::Back, true),
            b(C::Report, p(K::PageUp), A::PeriodPrev, true),
            b(C::Report, p(K::Up), A::PeriodPrev, false),
            b(C::Report, p(K::PageDown), A::PeriodNext, true),
            b(C::Report, p(K::Down), A::PeriodNext, false),
            b(C::Report, p(K::Tab), A::PeriodCoarser, true),
            b(C::Report, p(K::BackTab), A::PeriodFiner, false),
            b(C::Report, KeyCombo::ctrl('e'), A::ExportExcel, true),
            b(C::Report, p(K::Esc), A::Back, true),
        ];
        Self { bindings }
    }
}

impl Keymap {
    /// The action a key means in `ctx`: the context's own bindings first, then global ones.
    pub fn resolve(&self, ctx: Context, key: &KeyEvent) -> Option<Action> {
        let find = |c: Context| {
            self.bindings
                .iter()
                .find(|b| b.context == c && b.key.matches(key))
                .map(|b| b.action)
        };
        find(ctx).or_else(|| find(Context::Global))
    }

    /// Bindings in effect in `ctx` (context first, then global), for the help screen.
    pub fn bindings_for(&self, ctx: Context) -> Vec<Binding> {
        let mut out: Vec<Binding> = self
            .bindings
            .iter()
            .filter(|b| b.context == ctx)
            .copied()
            .collect();
        let globals: Vec<Binding> = self
            .bindings
            .iter()
            .filter(|b| b.context == Context::Global && !out.iter().any(|o| o.key == b.key))
            // Before login only help and quit do anything.
            .filter(|b| ctx != Context::Login || matches!(b.action, Action::Help | Action::Quit))
            .copied()
            .collect();
        out.extend(globals);
        out
    }

    /// The key-bar entries for `ctx`: (key text, short label). The key that opens the
    /// screen one is on is left off (it would do nothing there).
    pub fn bar(&self, ctx: Context) -> Vec<(String, &'static str)> {
        let opener = match ctx {
            Context::Deadlines => Some(Action::Deadlines),
            Context::Report => Some(Action::Report),
            Context::Queue => Some(Action::QueueView),
            Context::CaseList => Some(Action::CaseList),
            _ => None,
        };
        self.bindings_for(ctx)
            .into_iter()
            .filter(|b| b.bar && Some(b.action) != opener)
            .map(|b| (b.key.to_string(), b.action.short()))
            .collect()
    }

    pub fn all(&self) -> &[Binding] {
        &self.bindings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn context_overrides_global_and_falls_back() {
        let km = Keymap::default();
        let esc = key(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(km.resolve(Context::Register, &esc), Some(Action::Back));
        let f10 = key(KeyCode::F(10), KeyModifiers::NONE);
        assert_eq!(km.resolve(Context::Register, &f10), Some(Action::Quit));
        let ctrl_s = key(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(
            km.resolve(Context::Register, &ctrl_s),
            Some(Action::SaveCase)
        );
        assert_eq!(km.resolve(Context::Home, &ctrl_s), None);
        let s = key(KeyCode::Char('s'), KeyModifiers::NONE);
        assert_eq!(km.resolve(Context::Register, &s), None);
    }

    #[test]
    fn every_bound_action_is_described_and_no_key_is_bound_twice() {
        let km = Keymap::default();
        for b in km.all() {
            assert!(!b.action.describe().is_empty(), "{:?}", b.action);
            assert!(!b.action.short().is_empty(), "{:?}", b.action);
            let dup = km
                .all()
                .iter()
                .filter(|o| o.context == b.context && o.key == b.key)
                .count();
            assert_eq!(dup, 1, "{} bound twice in {:?}", b.key, b.context);
        }
    }

    #[test]
    fn bar_comes_from_bindings() {
        let km = Keymap::default();
        let bar = km.bar(Context::Register);
        assert!(bar.contains(&("Ctrl-S".to_string(), "保存")));
        assert!(bar.contains(&("F1".to_string(), "帮助")));
    }
}
