//! The app's side of the waiting hall: it owns today's queue, applies the queue view's
//! effects, saves after every change and opens the registration form for a called ticket.

use super::{App, Level, Screen};
use crate::domain::queue::{Queue, QueueError, Ticket};
use crate::store::Store;
use crate::ui::screens::queue::{QueueEffect, QueueViewState};
use crate::ui::screens::register::RegisterState;
use chrono::NaiveDate;

/// Today's queue: the saved one, or a fresh one after archiving yesterday's (its unserved
/// tickets closed as 未接待). Returns a message for the clerk when something happened.
pub fn load_queue(store: &dyn Store, today: NaiveDate) -> (Queue, Option<(String, Level)>) {
    let saved = match store.load_queue() {
        Ok(q) => q,
        Err(e) => {
            return (
                Queue::new(today),
                Some((format!("排队数据无法读取：{e}"), Level::Error)),
            )
        }
    };
    let Some(saved) = saved else {
        return (Queue::new(today), None);
    };
    if saved.day == today {
        return (saved, None);
    }
    // Yesterday's queue is kept first: a crash before the roll below leaves it current, and
    // the next start rolls again.
    if let Err(e) = store.archive_queue(&saved.closed_day()) {
        return (
            saved.roll_to(today).0,
            Some((format!("排队数据未能保存：{e}"), Level::Error)),
        );
    }
    // The roll itself is one step against the stored queue: on a shared database another
    // counter may have rolled the day already and issued today's first tickets.
    let mut closed = None;
    let result = store.update_queue(&mut |stored| match stored {
        Some(q) if q.day == today => None,
        stored => {
            let (fresh, gone) = stored.unwrap_or_else(|| Queue::new(today)).roll_to(today);
            closed = Some(gone.len());
            Some(fresh)
        }
    });
    match result {
        Err(e) => (
            saved.roll_to(today).0,
            Some((format!("排队数据未能保存：{e}"), Level::Error)),
        ),
        Ok(Some(fresh)) => {
            let msg = closed.filter(|n| *n > 0).map(|n| {
                (
                    format!(
                        "{} 有 {} 张号票未接待，已按未接待关闭并计入统计",
                        saved.day, n
                    ),
                    Level::Info,
                )
            });
            (fresh, msg)
        }
        // Another counter rolled first: take its queue.
        Ok(None) => match store.load_queue() {
            Ok(Some(q)) => (q, None),
            Ok(None) => (Queue::new(today), None),
            Err(e) => (
                Queue::new(today),
                Some((format!("排队数据无法读取：{e}"), Level::Error)),
            ),
        },
    }
}

impl App {
    pub(super) fn open_queue_view(&mut self) {
        if matches!(self.screen, Screen::Queue(_)) {
            return;
        }
        if self.leave_guard() {
            self.push(Screen::Queue(QueueViewState::default()));
        }
    }

    /// Applies a change to the queue and saves it; the status line says what happened. The
    /// change is applied to the stored queue when it is today's (another counter on a shared
    /// database may have changed it), in one step with the save.
    fn change_queue(
        &mut self,
        f: impl FnOnce(&mut Queue) -> Result<Ticket, QueueError>,
    ) -> Option<Ticket> {
        let mut f = Some(f);
        let mut outcome: Option<Result<Ticket, QueueError>> = None;
        let ours = &self.queue;
        let saved = self.env.store.update_queue(&mut |stored| {
            let mut next = match stored {
                Some(q) if q.day == ours.day => q,
                _ => ours.clone(),
            };
            let r = f.take()?(&mut next);
            let keep = r.is_ok();
            outcome = Some(r);
            keep.then_some(next)
        });
        match (saved, outcome) {
            (Ok(Some(next)), Some(Ok(t))) => {
                self.queue = next;
                self.after_change();
                Some(t)
            }
            (Err(e), _) => {
                self.info(format!("排队数据未保存：{e}"), Level::Error);
                None
            }
            (_, Some(Err(e))) => {
                self.info(e.to_string(), Level::Error);
                None
            }
            _ => None,
        }
    }

    /// Calls the next visitor and opens the form linked to the ticket: one key from
    /// "next visitor" to typing the name.
    pub(super) fn call_next(&mut self) {
        if !self.leave_guard() {
            return;
        }
        let ctx = self.ctx();
        let cfg = self.env.config.queue.clone();
        let counter = self.env.config.counter_name.clone();
        if let Some(t) = self.change_queue(|q| q.call_next(&cfg, &counter, ctx.now)) {
            self.serve(&t.number());
        }
    }

    /// Opens the registration form for a called, parked or waiting ticket.
    fn serve(&mut self, number: &str) {
        let now = self.ctx().now;
        let counter = self.env.config.counter_name.clone();
        let Some(t) = self.queue.ticket(number).cloned() else {
            self.info(format!("没有号票 {number}"), Level::Error);
            return;
        };
        use crate::domain::queue::TicketState as S;
        let served = match t.state {
            S::Waiting => self.change_queue(|q| {
                q.call(number, &counter, now)?;
                q.start_service(number, now)
            }),
            S::Called | S::Serving => self.change_queue(|q| q.start_service(number, now)),
            S::Parked => self.change_queue(|q| q.resume(number, now)),
            _ => {
                self.info(
                    format!("号票 {number} 现为“{}”，不能接待", t.state.label()),
                    Level::Error,
                );
                None
            }
        };
        if let Some(t) = served {
            let form = RegisterState::for_ticket(self.ctx().today, &t.number(), t.people);
            self.open_form(form);
            self.info(
                format!("请 {} 到 {}：开始登记", t.number(), counter),
                Level::Success,
            );
        }
    }

    pub(super) fn run_queue_effects(&mut self, fx: Vec<QueueEffect>) {
        let now = self.ctx().now;
        let cfg = self.env.config.queue.clone();
        let counter = self.env.config.counter_name.clone();
        for e in fx {
            match e {
                QueueEffect::Message(m) => self.info(m, Level::Info),
                QueueEffect::Take {
                    letter,
                    people,
                    reps,
                    appointment,
                } => {
                    if let Some(t) =
                        self.change_queue(|q| q.take(&cfg, letter, now, people, reps, appointment))
                    {
                        let ahead = self.queue.ahead_of(&cfg, &t.number(), now);
                        let kind = cfg
                            .kind(t.letter)
                            .map(|k| k.name.clone())
                            .unwrap_or_default();
                        self.info(
                            format!(
                                "已取号 {}（{kind}）{}，前面还有 {ahead} 人",
                                t.number(),
                                t.taken.format("%H:%M")
                            ),
                            Level::Success,
                        );
                    }
                }
                QueueEffect::CallNext => self.call_next(),
                QueueEffect::Serve(n) => self.serve(&n),
                QueueEffect::Call(n) => {
                    if let Some(t) = self.change_queue(|q| q.call(&n, &counter, now)) {
                        self.info(
                            format!("已叫号：请 {} 到 {counter}", t.number()),
                            Level::Success,
                        );
                    }
                }
                QueueEffect::Recall(n) => {
                    if let Some(t) = self.change_queue(|q| q.recall(&n, now)) {
                        self.info(
                            format!("已重呼 {}（第 {} 次）", t.number(), t.recalls),
                            Level::Success,
                        );
                    }
                }
                QueueEffect::NoShow(n) => {
                    if self.change_queue(|q| q.no_show(&n)).is_some() {
                        self.info(format!("{n} 已记为过号；来了可按 H 回号"), Level::Info);
                    }
                }
                QueueEffect::Reinstate(n) => {
                    if self.change_queue(|q| q.reinstate(&n, now)).is_some() {
                        self.info(format!("{n} 已回号，排在队尾"), Level::Success);
                    }
                }
                QueueEffect::Park(n) => {
                    if self.change_queue(|q| q.park(&n)).is_some() {
                        self.info(
                            format!("{n} 已挂起；回来后选中按 Enter 继续接待"),
                            Level::Info,
                        );
                    }
                }
                QueueEffect::Transfer(n, to) => {
                    if self.change_queue(|q| q.transfer(&n, &to, now)).is_some() {
                        self.info(format!("{n} 已转到 {to}"), Level::Success);
                    }
                }
                QueueEffect::Finish(n) => {
                    if self.change_queue(|q| q.finish(&n, now, None)).is_some() {
                        self.info(format!("{n} 接待完毕"), Level::Success);
                    }
                }
            }
        }
        let len = self.queue.tickets.len();
        if let Screen::Queue(v) = &mut self.screen {
            v.selected = v.selected.min(len.saturating_sub(1));
        }
    }

    /// A registration linked to a ticket was saved: the ticket is finished with its case.
    pub(super) fn finish_ticket(&mut self, ticket: Option<&str>, case: &str) {
        let Some(n) = ticket else { return };
        let now = self.ctx().now;
        let case = case.to_string();
        let open = self.queue.ticket(n).is_some_and(|t| t.state.is_open());
        if open {
            self.change_queue(|q| q.finish(n, now, Some(case)));
        } else {
            self.change_queue(|q| {
                q.link_case(n, &case).and_then(|_| {
                    q.ticket(n)
                        .cloned()
                        .ok_or(QueueError::NoSuchTicket(n.to_string()))
                })
            });
        }
    }
}
