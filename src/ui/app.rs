//! The application: which screen is up, the environment it works in, and how actions and
//! effects flow. `handle_event` is the only way in; `draw` only reads.

mod access;
mod backups;
mod deadlines;
mod hall;
mod lists;
mod notices;
mod registration;
mod report;
mod steps;

use super::chrome;
use super::keymap::{Action, Context, Keymap};
use super::screens::case_list::{CaseListState, ListEffect};
use super::screens::case_view::{CaseViewState, ViewEffect};
use super::screens::deadlines::{DeadlineEffect, DeadlineState};
use super::screens::home::{HomeEffect, HomeState};
use super::screens::login::LoginState;
use super::screens::queue::QueueViewState;
use super::screens::register::RegisterState;
use super::screens::report::ReportViewState;
use super::screens::{register_view, Ctx};
use crate::config::Config;
use crate::domain::calendar::WorkCalendar;
use crate::domain::clock::Clock;
use crate::domain::life::Actor;
use crate::domain::policy::Policy;
use crate::domain::queue::Queue;
use crate::store::Store;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;
use ratatui::Frame;
use std::sync::Arc;

/// The smallest terminal the screens are drawn on (columns, rows).
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;

/// What the app works with: storage, the clock, the calendar, the policy, the office settings.
pub struct Env {
    pub store: Box<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub calendar: WorkCalendar,
    pub policy: Policy,
    pub config: Config,
    pub keymap: Keymap,
    /// Where notices, the wall snapshot and backups are written.
    pub data_dir: std::path::PathBuf,
}

pub enum Screen {
    Home(HomeState),
    Register(Box<RegisterState>),
    CaseList(CaseListState),
    CaseView(Box<CaseViewState>),
    Queue(QueueViewState),
    Login(LoginState),
    Deadlines(DeadlineState),
    Report(Box<ReportViewState>),
}

impl Screen {
    pub fn context(&self) -> Context {
        match self {
            Self::Home(_) => Context::Home,
            Self::Register(_) => Context::Register,
            Self::CaseList(_) => Context::CaseList,
            Self::CaseView(v) if v.form.is_some() => Context::StepForm,
            Self::CaseView(v) if v.menu.is_some() || v.notice_menu.is_some() => Context::CaseMenu,
            Self::CaseView(_) => Context::CaseView,
            Self::Queue(v) if v.prompt.is_some() => Context::QueuePrompt,
            Self::Queue(_) => Context::Queue,
            Self::Deadlines(_) => Context::Deadlines,
            Self::Report(_) => Context::Report,
            Self::Login(_) => Context::Login,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Error,
}

/// A yes/no question that blocks other keys until answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    DiscardForm,
}

pub struct App {
    pub env: Env,
    pub screen: Screen,
    /// Screens to return to with Esc.
    back: Vec<Screen>,
    pub help: bool,
    pub confirm: Option<Confirm>,
    pub status: Option<(String, Level)>,
    pub quit: bool,
    pub size: Rect,
    /// Today's waiting-hall queue (saved after every change).
    pub queue: Queue,
    /// Who is signed in: the default clerk with every role until accounts exist.
    pub actor: Actor,
    /// When the wall snapshot was last written (it doubles as the app's heartbeat).
    published: Option<chrono::NaiveDateTime>,
    /// The day of the last automatic backup (the start of the app writes the first).
    backup_day: Option<chrono::NaiveDate>,
    /// Set by the run loop: work that can take seconds (a report over many cases) waits
    /// for [`App::run_deferred`], after the frame that says "正在统计……" is drawn.
    pub defer_slow: bool,
    /// The report period waiting for [`App::run_deferred`].
    deferred_report: Option<crate::domain::stats::Period>,
}

impl App {
    pub fn new(env: Env) -> Self {
        let today = env.clock.now().date();
        let (queue, queue_msg) = hall::load_queue(env.store.as_ref(), today);
        let needs_login = env.store.accounts().map(|a| !a.is_empty()).unwrap_or(true);
        let actor = if needs_login {
            Actor {
                name: String::new(),
                roles: Vec::new(),
            }
        } else {
            Actor::everyone(&env.config.default_clerk)
        };
        let screen = if needs_login {
            Screen::Login(LoginState::default())
        } else {
            Screen::Home(HomeState::default())
        };
        let mut app = Self {
            env,
            screen,
            actor,
            back: Vec::new(),
            help: false,
            confirm: None,
            status: None,
            quit: false,
            size: Rect::new(0, 0, 80, 24),
            queue,
            published: None,
            backup_day: Some(today),
            defer_slow: false,
            deferred_report: None,
        };
        // The wall snapshot reads up to 2,000 cases: written after the first frame
        // (`publish_pending`), not before it.
        app.refresh_home();
        if queue_msg.is_some() {
            app.status = queue_msg;
        }
        app
    }

    pub fn ctx(&self) -> Ctx {
        let now = self.env.clock.now();
        Ctx {
            now,
            today: now.date(),
            clerk: self.actor.name.clone(),
            prefix: self.env.config.case_prefix.clone(),
            may_see_accusations: crate::domain::account::Account::may_see_accusations(
                &self.actor.roles,
            ),
        }
    }

    pub fn context(&self) -> Context {
        self.screen.context()
    }

    fn info(&mut self, msg: impl Into<String>, level: Level) {
        self.status = Some((msg.into(), level));
    }

    pub fn handle_event(&mut self, ev: Event) {
        match ev {
            Event::Key(k) if k.kind == KeyEventKind::Press => self.handle_key(k),
            Event::Paste(text) => self.handle_paste(&text),
            Event::Resize(w, h) => self.resize(w, h),
            _ => {}
        }
    }

    /// Called after every saved change (cases or queue): the wall displays' snapshot is
    /// refreshed here.
    fn after_change(&mut self) {
        self.publish();
    }

    /// Writes the snapshot the wall board and the call display read. A failure is shown
    /// once on the status line; the counter keeps working.
    fn publish(&mut self) {
        let now = self.env.clock.now();
        let cfg = &self.env.config;
        let written = crate::publish::build(
            self.env.store.as_ref(),
            Some((&self.queue, &cfg.queue)),
            &cfg.unit_name,
            &cfg.case_prefix,
            now,
        )
        .map_err(|e| e.to_string())
        .and_then(|s| crate::publish::write(&self.env.data_dir, &s).map_err(|e| e.to_string()));
        match written {
            Ok(()) => self.published = Some(now),
            Err(e) => {
                // Warn when it starts failing, not on every retry.
                if self.published.is_some() || self.status.is_none() {
                    self.info(format!("看板数据未能更新：{e}"), Level::Error);
                }
                self.published = None;
            }
        }
    }

    /// Whether other counters share the store (the main loop then calls
    /// [`App::poll_shared`] every second).
    pub fn shared(&self) -> bool {
        self.env.store.is_shared()
    }

    /// Takes in what other counters changed on a shared database: today's queue as they
    /// left it, the home lists, the search list, the deadline view or the case being read, and the wall
    /// displays' snapshot. A failed look is skipped:
    /// the next operation of the clerk reports a lost database.
    pub fn poll_shared(&mut self) {
        let Ok(changes) = self.env.store.changes_by_others() else {
            return;
        };
        if changes.queue {
            if let Ok(Some(q)) = self.env.store.load_queue() {
                if q.day == self.queue.day {
                    self.queue = q;
                }
            }
        }
        if changes.cases {
            match &mut self.screen {
                Screen::Home(_) => self.refresh_home(),
                Screen::Deadlines(_) => self.reload_deadlines(),
                Screen::CaseList(l) => {
                    if let ListEffect::Load { query, before } = l.refresh() {
                        self.load_list(&query, before);
                    }
                }
                // A case being read (no menu or form open) shows what another counter did.
                Screen::CaseView(v)
                    if v.menu.is_none() && v.form.is_none() && v.notice_menu.is_none() =>
                {
                    let (no, rev) = (v.case.no, v.case.rev);
                    if let Ok(Some(case)) = self.env.store.get_case(no) {
                        if let Screen::CaseView(v) = &mut self.screen {
                            if case.rev != rev {
                                v.case = case;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if changes.any() {
            self.publish();
        }
    }

    /// Writes the wall snapshot if it is not written yet: the run loop calls this right
    /// after the first frame (and the slow tick retries a failed write).
    pub fn publish_pending(&mut self) {
        if self.published.is_none() {
            self.publish();
        }
    }

    /// The slow tick: keeps the home figures current across midnight and tells the wall
    /// displays the app is alive.
    pub fn tick(&mut self) {
        let now = self.env.clock.now();
        if self.published.is_none_or(|p| (now - p).num_seconds() >= 60) {
            self.publish();
        }
        self.daily_backup();
        if matches!(self.screen, Screen::Home(_)) {
            self.refresh_home();
        }
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.size = Rect::new(0, 0, w, h);
        if let Screen::Register(f) = &mut self.screen {
            f.matter_width = register_view::matter_width(w);
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        if let Some(c) = self.confirm {
            self.answer_confirm(c, &key);
            return;
        }
        if self.help {
            // Any key closes help; F10 still quits.
            self.help = false;
            if self.env.keymap.resolve(self.context(), &key) != Some(Action::Quit) {
                return;
            }
        }
        match self.env.keymap.resolve(self.context(), &key) {
            Some(action) => self.dispatch(action),
            None => self.edit(&key),
        }
    }

    pub fn handle_paste(&mut self, text: &str) {
        if self.confirm.is_some() || self.help {
            return;
        }
        match &mut self.screen {
            Screen::Register(f) => {
                let fx = f.paste(text);
                self.run_form_effects(fx);
            }
            Screen::CaseList(l) => {
                let fx = l.paste(text);
                self.run_list_effects(fx);
            }
            Screen::Queue(v) => v.paste(text),
            Screen::CaseView(v) => v.paste(text),
            Screen::Login(l) => l.paste(text),
            _ => {}
        }
    }

    fn answer_confirm(&mut self, c: Confirm, key: &KeyEvent) {
        use ratatui::crossterm::event::KeyCode;
        let yes = matches!(key.code, KeyCode::Char('y' | 'Y' | '是') | KeyCode::Enter);
        let no = matches!(key.code, KeyCode::Char('n' | 'N' | '否') | KeyCode::Esc);
        if !yes && !no {
            return;
        }
        self.confirm = None;
        if yes {
            match c {
                Confirm::DiscardForm => {
                    self.go_back();
                    self.info("已放弃本次登记", Level::Info);
                }
            }
        }
    }

    /// Global actions first, then the screen's own.
    pub fn dispatch(&mut self, action: Action) {
        if let Screen::Login(l) = &mut self.screen {
            match action {
                Action::Help => self.help = true,
                Action::Quit => self.quit = true,
                _ => {
                    let fx = l.update(action);
                    self.run_login_effects(fx);
                }
            }
            return;
        }
        match action {
            Action::Help => {
                self.help = true;
                return;
            }
            Action::Quit => {
                if let Screen::Register(f) = &self.screen {
                    if f.is_dirty() {
                        self.info(
                            "登记表尚未保存：先按 Ctrl-S 保存，或按 Esc 放弃后再退出",
                            Level::Error,
                        );
                        return;
                    }
                }
                self.quit = true;
                return;
            }
            Action::NewCase => {
                if matches!(self.screen, Screen::Register(_)) {
                    return;
                }
                self.open_form(RegisterState::new(self.ctx().today));
                return;
            }
            Action::CaseList => {
                if matches!(self.screen, Screen::CaseList(_)) {
                    return;
                }
                if self.leave_guard() {
                    let l = CaseListState::new();
                    let load = l.initial_load();
                    self.push(Screen::CaseList(l));
                    self.run_list_effects(vec![load]);
                }
                return;
            }
            Action::QueueView => {
                self.open_queue_view();
                return;
            }
            Action::Deadlines => {
                self.open_deadlines();
                return;
            }
            Action::Report => {
                self.open_report();
                return;
            }
            Action::Backup => {
                self.backup_now();
                return;
            }
            Action::CallNext => {
                self.call_next();
                return;
            }
            Action::Home => {
                if self.leave_guard() {
                    self.back.clear();
                    self.screen = Screen::Home(HomeState::default());
                    self.refresh_home();
                }
                return;
            }
            _ => {}
        }
        let ctx = self.ctx();
        match &mut self.screen {
            Screen::Home(h) => {
                let fx = h.update(action, &ctx);
                for e in fx {
                    match e {
                        HomeEffect::Open(no) => self.open_case(no),
                    }
                }
            }
            Screen::Register(f) => {
                let fx = f.update(action, &ctx);
                self.run_form_effects(fx);
            }
            Screen::CaseList(l) => {
                let fx = l.update(action, &ctx);
                self.run_list_effects(fx);
            }
            Screen::CaseView(v) => {
                for e in v.update(action, &ctx) {
                    match e {
                        ViewEffect::Leave => self.go_back(),
                        ViewEffect::Apply(step) => self.apply_step(step),
                        ViewEffect::Print(kind) => self.print_notice(kind),
                    }
                }
            }
            Screen::Login(_) => {}
            Screen::Deadlines(d) => {
                for e in d.update(action) {
                    match e {
                        DeadlineEffect::Open(no) => self.open_case_no(&no),
                    }
                }
            }
            Screen::Report(_) if action == Action::ExportExcel => self.export_report(),
            Screen::Report(r) => {
                let fx = r.update(action);
                self.run_report_effects(fx);
            }
            Screen::Queue(v) => {
                if action == Action::Back && v.prompt.is_none() {
                    self.go_back();
                    return;
                }
                let fx = v.update(action, &self.queue, &self.env.config.queue, &ctx);
                self.run_queue_effects(fx);
            }
        }
    }

    /// True when it is fine to leave the current screen (a dirty form asks first).
    fn leave_guard(&mut self) -> bool {
        if let Screen::Register(f) = &self.screen {
            if f.is_dirty() {
                self.confirm = Some(Confirm::DiscardForm);
                return false;
            }
        }
        true
    }

    fn edit(&mut self, key: &KeyEvent) {
        match &mut self.screen {
            Screen::Register(f) => {
                let fx = f.edit(key);
                self.run_form_effects(fx);
            }
            Screen::CaseList(l) => {
                let fx = l.edit(key);
                self.run_list_effects(fx);
            }
            Screen::Queue(v) => v.edit(key),
            Screen::CaseView(v) => v.edit(key),
            Screen::Login(l) => l.edit(key),
            _ => {}
        }
    }

    fn push(&mut self, next: Screen) {
        let prev = std::mem::replace(&mut self.screen, next);
        self.back.push(prev);
    }

    fn go_back(&mut self) {
        self.screen = self
            .back
            .pop()
            .unwrap_or(Screen::Home(HomeState::default()));
        match &self.screen {
            Screen::Home(_) => self.refresh_home(),
            Screen::Deadlines(_) => self.reload_deadlines(),
            Screen::CaseList(l) => {
                let load = ListEffect::Load {
                    query: l.query.text().to_string(),
                    before: None,
                };
                self.run_list_effects(vec![load]);
            }
            _ => {}
        }
    }

    /// Draws the whole screen. Reads only.
    pub fn draw(&self, frame: &mut Frame) {
        let area = frame.area();
        // The screens write at fixed offsets; below this size they would write outside the
        // buffer (a panic). Show only how to get the screens back.
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let hint = ratatui::widgets::Paragraph::new("窗口太小，请放大")
                .wrap(ratatui::widgets::Wrap { trim: true });
            frame.render_widget(hint, area);
            return;
        }
        let ctx = self.ctx();
        let [title, body, status, bar] = chrome::layout(area);
        chrome::draw_title(frame, title, &self.env.config, &ctx, self.context());
        let soon = self.env.config.due_soon_days;
        match &self.screen {
            Screen::Home(h) => h.draw(frame, body, &ctx, &self.env.calendar, soon),
            Screen::Register(f) => register_view::draw(frame, body, f),
            Screen::CaseList(l) => l.draw(frame, body, &ctx),
            Screen::CaseView(v) => v.draw(frame, body, &ctx, &self.env.calendar, soon),
            Screen::Queue(v) => v.draw(frame, body, &self.queue, &self.env.config.queue, &ctx),
            Screen::Login(l) => l.draw(frame, body),
            Screen::Deadlines(d) => d.draw(frame, body, &ctx),
            Screen::Report(r) => r.draw(frame, body),
        }
        chrome::draw_status(frame, status, self.status.as_ref());
        chrome::draw_bar(frame, bar, &self.env.keymap, self.context());
        if self.help {
            chrome::draw_help(frame, body, &self.env.keymap, self.context());
        }
        if let Some(c) = self.confirm {
            chrome::draw_confirm(frame, body, c);
        }
    }
}
