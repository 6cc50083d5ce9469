//! The waiting hall's queue (取号、叫号) as a state machine: tickets are taken, called in
//! priority order, recalled, marked no-show and reinstated, parked and brought back,
//! transferred, served and finished. Numbers restart each day.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// A kind of ticket, with its letter and name (from configuration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketKind {
    pub letter: char,
    pub name: String,
    /// Lower is called first. Appointments whose time has come always go first.
    pub rank: u8,
    pub daily_cap: Option<u32>,
    /// 集体访: records the number of people and up to `rep_limit` representatives.
    pub collective: bool,
    /// 预约/领导接待: carries a time.
    pub appointment: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueConfig {
    pub kinds: Vec<TicketKind>,
    /// At most this many representatives for a collective visit (信访工作条例: 5).
    pub rep_limit: usize,
}

impl Default for QueueConfig {
    fn default() -> Self {
        let k = |letter, name: &str, rank, collective, appointment| TicketKind {
            letter,
            name: name.to_string(),
            rank,
            daily_cap: None,
            collective,
            appointment,
        };
        Self {
            kinds: vec![
                k('V', "优先", 1, false, false),
                k('A', "一般来访", 2, false, false),
                k('B', "集体访", 2, true, false),
                k('Y', "预约/领导接待", 2, false, true),
            ],
            rep_limit: 5,
        }
    }
}

impl QueueConfig {
    pub fn kind(&self, letter: char) -> Option<&TicketKind> {
        let l = letter.to_ascii_uppercase();
        self.kinds.iter().find(|k| k.letter == l)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TicketState {
    Waiting,
    /// Called to a counter; the visitor has not sat down yet.
    Called,
    Serving,
    /// 挂起: the visitor went to fetch a document.
    Parked,
    /// 过号
    NoShow,
    /// Sent to another counter or the leader on duty.
    Transferred(String),
    Finished,
    /// Closed at the end of the day without being served.
    NotServed,
}

impl TicketState {
    /// Still in the hall: waiting, called, being served or parked.
    pub fn is_open(&self) -> bool {
        matches!(
            self,
            Self::Waiting | Self::Called | Self::Serving | Self::Parked
        )
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Waiting => "等候",
            Self::Called => "已叫号",
            Self::Serving => "接待中",
            Self::Parked => "挂起",
            Self::NoShow => "过号",
            Self::Transferred(_) => "已转",
            Self::Finished => "已办完",
            Self::NotServed => "未接待",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub letter: char,
    pub seq: u32,
    pub state: TicketState,
    pub taken: NaiveDateTime,
    /// When it joined the line: the taking time, or the time of reinstatement (回号).
    pub queued: NaiveDateTime,
    /// Place in line within its rank: increases with every take and reinstatement, so a
    /// reinstated ticket is behind everyone already waiting even within the same minute.
    pub line: u32,
    pub called: Option<NaiveDateTime>,
    pub served: Option<NaiveDateTime>,
    pub finished: Option<NaiveDateTime>,
    pub counter: Option<String>,
    pub people: u32,
    pub reps: Vec<String>,
    pub appointment: Option<NaiveTime>,
    pub recalls: u32,
    /// The case this visit was registered as.
    pub case: Option<String>,
}

impl Ticket {
    /// `A001`
    pub fn number(&self) -> String {
        format!("{}{:03}", self.letter, self.seq)
    }
}

/// One announcement on the call display.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Call {
    pub number: String,
    pub counter: String,
    pub at: NaiveDateTime,
    pub recall: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueueError {
    #[error("没有“{0}”类号票")]
    UnknownKind(char),
    #[error("{kind}今日号票已发完（上限 {cap} 张）")]
    CapReached { kind: String, cap: u32 },
    #[error("集体访代表不得超过 {limit} 人（信访工作条例第十八条），现为 {count} 人")]
    TooManyReps { limit: usize, count: usize },
    #[error("预约号需要填写预约时间")]
    NeedsTime,
    #[error("没有号票 {0}")]
    NoSuchTicket(String),
    #[error("号票 {number} 现为“{state}”，不能{action}")]
    WrongState {
        number: String,
        state: &'static str,
        action: &'static str,
    },
    #[error("没有等候的来访人")]
    Empty,
}

/// Today's figures for the queue view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueStats {
    pub waiting: usize,
    pub served: usize,
    pub no_show: usize,
    pub parked: usize,
    pub avg_wait_min: i64,
    pub max_wait_min: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub day: NaiveDate,
    pub tickets: Vec<Ticket>,
    pub calls: Vec<Call>,
    /// Tickets of the previous day closed as not served at this day's first start.
    pub carried_closed: u32,
    /// The next place in line (see [`Ticket::line`]).
    pub next_line: u32,
}

impl Queue {
    pub fn new(day: NaiveDate) -> Self {
        Self {
            day,
            tickets: Vec::new(),
            calls: Vec::new(),
            carried_closed: 0,
            next_line: 0,
        }
    }

    /// The queue for `today`: the same one, or a fresh one after closing yesterday's
    /// unserved tickets (returned with the count, to be kept in the statistics).
    pub fn roll_to(self, today: NaiveDate) -> (Queue, Vec<Ticket>) {
        if self.day == today {
            return (self, Vec::new());
        }
        let mut closed = Vec::new();
        for mut t in self.tickets {
            if t.state.is_open() {
                t.state = TicketState::NotServed;
                closed.push(t);
            }
        }
        let mut q = Queue::new(today);
        q.carried_closed = closed.len() as u32;
        (q, closed)
    }

    /// The day as it is archived: tickets nobody served are marked 未接待.
    pub fn closed_day(&self) -> Queue {
        let mut q = self.clone();
        for t in q.tickets.iter_mut() {
            if t.state.is_open() {
                t.state = TicketState::NotServed;
            }
        }
        q
    }

    fn bump_line(&mut self) -> u32 {
        self.next_line += 1;
        self.next_line
    }

    fn find(&self, number: &str) -> Option<usize> {
        let n = number.trim().to_ascii_uppercase();
        self.tickets.iter().position(|t| t.number() == n)
    }

    fn get_mut(&mut self, number: &str) -> Result<&mut Ticket, QueueError> {
        let i = self
            .find(number)
            .ok_or_else(|| QueueError::NoSuchTicket(number.trim().to_string()))?;
        Ok(&mut self.tickets[i])
    }

    pub fn ticket(&self, number: &str) -> Option<&Ticket> {
        self.find(number).map(|i| &self.tickets[i])
    }

    /// Issues a ticket of `letter`.
    pub fn take(
        &mut self,
        cfg: &QueueConfig,
        letter: char,
        now: NaiveDateTime,
        people: u32,
        reps: Vec<String>,
        appointment: Option<NaiveTime>,
    ) -> Result<Ticket, QueueError> {
        let kind = cfg.kind(letter).ok_or(QueueError::UnknownKind(letter))?;
        let issued = self
            .tickets
            .iter()
            .filter(|t| t.letter == kind.letter)
            .count() as u32;
        if let Some(cap) = kind.daily_cap {
            if issued >= cap {
                return Err(QueueError::CapReached {
                    kind: kind.name.clone(),
                    cap,
                });
            }
        }
        if kind.collective && reps.len() > cfg.rep_limit {
            return Err(QueueError::TooManyReps {
                limit: cfg.rep_limit,
                count: reps.len(),
            });
        }
        if kind.appointment && appointment.is_none() {
            return Err(QueueError::NeedsTime);
        }
        let t = Ticket {
            letter: kind.letter,
            seq: issued + 1,
            state: TicketState::Waiting,
            taken: now,
            queued: now,
            called: None,
            served: None,
            finished: None,
            counter: None,
            people: people.max(1),
            line: self.bump_line(),
            reps,
            appointment,
            recalls: 0,
            case: None,
        };
        self.tickets.push(t.clone());
        Ok(t)
    }

    /// The order key of a waiting ticket: appointments whose time has come first, then rank,
    /// then first come.
    fn order_key(&self, cfg: &QueueConfig, t: &Ticket, now: NaiveDateTime) -> (u8, u8, u32) {
        let rank = cfg.kind(t.letter).map(|k| k.rank).unwrap_or(u8::MAX);
        match t.appointment {
            Some(at) if at <= now.time() => (0, 0, t.line),
            // An appointment before its time waits behind everyone else.
            Some(_) => (2, rank, t.line),
            None => (1, rank, t.line),
        }
    }

    /// Waiting tickets in the order they will be called.
    pub fn waiting(&self, cfg: &QueueConfig, now: NaiveDateTime) -> Vec<&Ticket> {
        let mut w: Vec<&Ticket> = self
            .tickets
            .iter()
            .filter(|t| t.state == TicketState::Waiting)
            .collect();
        w.sort_by_key(|t| self.order_key(cfg, t, now));
        w
    }

    /// How many are ahead of `number` in the waiting line.
    pub fn ahead_of(&self, cfg: &QueueConfig, number: &str, now: NaiveDateTime) -> usize {
        self.waiting(cfg, now)
            .iter()
            .position(|t| t.number() == number)
            .unwrap_or(0)
    }

    fn announce(&mut self, number: String, counter: &str, now: NaiveDateTime, recall: bool) {
        self.calls.push(Call {
            number,
            counter: counter.to_string(),
            at: now,
            recall,
        });
        let n = self.calls.len();
        if n > 50 {
            self.calls.drain(..n - 50);
        }
    }

    /// Calls the next visitor by the order rules.
    pub fn call_next(
        &mut self,
        cfg: &QueueConfig,
        counter: &str,
        now: NaiveDateTime,
    ) -> Result<Ticket, QueueError> {
        let number = self
            .waiting(cfg, now)
            .first()
            .map(|t| t.number())
            .ok_or(QueueError::Empty)?;
        self.call(&number, counter, now)
    }

    /// Calls a specific waiting number.
    pub fn call(
        &mut self,
        number: &str,
        counter: &str,
        now: NaiveDateTime,
    ) -> Result<Ticket, QueueError> {
        let t = self.get_mut(number)?;
        if t.state != TicketState::Waiting {
            return Err(wrong(t, "叫号"));
        }
        t.state = TicketState::Called;
        t.called = Some(now);
        t.counter = Some(counter.to_string());
        let t = t.clone();
        self.announce(t.number(), counter, now, false);
        Ok(t)
    }

    /// Re-announces a called ticket.
    pub fn recall(&mut self, number: &str, now: NaiveDateTime) -> Result<Ticket, QueueError> {
        let t = self.get_mut(number)?;
        if t.state != TicketState::Called {
            return Err(wrong(t, "重呼"));
        }
        t.recalls += 1;
        let t = t.clone();
        self.announce(t.number(), t.counter.as_deref().unwrap_or(""), now, true);
        Ok(t)
    }

    /// The visitor sat down at the counter.
    pub fn start_service(
        &mut self,
        number: &str,
        now: NaiveDateTime,
    ) -> Result<Ticket, QueueError> {
        let t = self.get_mut(number)?;
        if !matches!(t.state, TicketState::Called | TicketState::Serving) {
            return Err(wrong(t, "开始接待"));
        }
        t.state = TicketState::Serving;
        t.served.get_or_insert(now);
        Ok(t.clone())
    }

    /// 过号: called but did not come, after the clerk says so.
    pub fn no_show(&mut self, number: &str) -> Result<Ticket, QueueError> {
        let t = self.get_mut(number)?;
        if t.state != TicketState::Called {
            return Err(wrong(t, "过号"));
        }
        t.state = TicketState::NoShow;
        Ok(t.clone())
    }

    /// 回号: a no-show came back; they go to the end of the line.
    pub fn reinstate(&mut self, number: &str, now: NaiveDateTime) -> Result<Ticket, QueueError> {
        let i = self
            .find(number)
            .ok_or_else(|| QueueError::NoSuchTicket(number.trim().to_string()))?;
        if self.tickets[i].state != TicketState::NoShow {
            return Err(wrong(&self.tickets[i], "回号"));
        }
        let line = self.bump_line();
        let t = &mut self.tickets[i];
        t.state = TicketState::Waiting;
        t.queued = now;
        t.line = line;
        t.called = None;
        t.counter = None;
        Ok(t.clone())
    }

    /// 挂起: set aside while the visitor fetches something.
    pub fn park(&mut self, number: &str) -> Result<Ticket, QueueError> {
        let t = self.get_mut(number)?;
        if !matches!(t.state, TicketState::Called | TicketState::Serving) {
            return Err(wrong(t, "挂起"));
        }
        t.state = TicketState::Parked;
        Ok(t.clone())
    }

    /// Brings a parked ticket back to the counter that parked it.
    pub fn resume(&mut self, number: &str, now: NaiveDateTime) -> Result<Ticket, QueueError> {
        let t = self.get_mut(number)?;
        if t.state != TicketState::Parked {
            return Err(wrong(t, "恢复"));
        }
        t.state = TicketState::Serving;
        t.served.get_or_insert(now);
        Ok(t.clone())
    }

    /// Sends the visitor to another counter or to the leader on duty.
    pub fn transfer(
        &mut self,
        number: &str,
        to: &str,
        now: NaiveDateTime,
    ) -> Result<Ticket, QueueError> {
        let t = self.get_mut(number)?;
        if !matches!(
            t.state,
            TicketState::Called | TicketState::Serving | TicketState::Parked
        ) {
            return Err(wrong(t, "转移"));
        }
        t.state = TicketState::Transferred(to.to_string());
        t.finished = Some(now);
        Ok(t.clone())
    }

    /// Service done; `case` is the case number the visit was registered under, if any.
    pub fn finish(
        &mut self,
        number: &str,
        now: NaiveDateTime,
        case: Option<String>,
    ) -> Result<Ticket, QueueError> {
        let t = self.get_mut(number)?;
        if !matches!(t.state, TicketState::Called | TicketState::Serving) {
            return Err(wrong(t, "办完"));
        }
        t.served.get_or_insert(now);
        t.state = TicketState::Finished;
        t.finished = Some(now);
        if case.is_some() {
            t.case = case;
        }
        Ok(t.clone())
    }

    /// Links a ticket to the case it was registered as (keeps its state).
    pub fn link_case(&mut self, number: &str, case: &str) -> Result<(), QueueError> {
        self.get_mut(number)?.case = Some(case.to_string());
        Ok(())
    }

    pub fn stats(&self, now: NaiveDateTime) -> QueueStats {
        let mut s = QueueStats::default();
        let mut waits = Vec::new();
        for t in &self.tickets {
            match t.state {
                TicketState::Waiting => {
                    s.waiting += 1;
                    waits.push((now - t.taken).num_minutes());
                }
                TicketState::Finished | TicketState::Transferred(_) => s.served += 1,
                TicketState::NoShow => s.no_show += 1,
                TicketState::Parked => s.parked += 1,
                _ => {}
            }
            if let Some(c) = t.called {
                if t.state != TicketState::Waiting {
                    waits.push((c - t.taken).num_minutes());
                }
            }
        }
        if !waits.is_empty() {
            s.avg_wait_min = waits.iter().sum::<i64>() / waits.len() as i64;
            s.max_wait_min = waits.iter().copied().max().unwrap_or(0);
        }
        s
    }
}

fn wrong(t: &Ticket, action: &'static str) -> QueueError {
    QueueError::WrongState {
        number: t.number(),
        state: t.state.label(),
        action,
    }
}

#[cfg(test)]
mod tests;
