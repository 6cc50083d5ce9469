//! Loading what lists show: the case list pages and the main screen.

use super::{App, Level, Screen};
use crate::domain::case::CaseNo;
use crate::ui::screens::case_list::ListEffect;
use crate::ui::screens::home::HomeState;

impl App {
    pub(super) fn run_list_effects(&mut self, fx: Vec<ListEffect>) {
        for e in fx {
            match e {
                ListEffect::Leave => self.go_back(),
                ListEffect::Open(no) => self.open_case(no),
                ListEffect::Load { query, before } => self.load_list(&query, before),
            }
        }
    }

    pub(super) fn load_list(&mut self, query: &str, before: Option<CaseNo>) {
        let ctx = self.ctx();
        let store = &self.env.store;
        let Screen::CaseList(l) = &mut self.screen else {
            return;
        };
        let page = l.page_size;
        let result = if query.trim().is_empty() {
            store.recent(before, page)
        } else {
            // A typed case number (or this year's sequence) comes first.
            let year = chrono::Datelike::year(&ctx.today);
            let exact = CaseNo::parse(query, year)
                .filter(|_| before.is_none())
                .and_then(|no| store.summary(no).ok().flatten());
            store.search(query, &ctx.prefix, 200).map(|found| {
                let exact_no = exact.as_ref().map(|e| e.no);
                let mut v: Vec<_> = exact.into_iter().collect();
                v.extend(found.into_iter().filter(|s| Some(s.no) != exact_no));
                let start = match before {
                    Some(b) => v
                        .iter()
                        .position(|s| s.no == b)
                        .map(|i| i + 1)
                        .unwrap_or(v.len()),
                    None => 0,
                };
                v.into_iter().skip(start).take(page).collect()
            })
        };
        let total = store.count().unwrap_or(0);
        match result {
            Ok(items) => l.set_items(items, total),
            Err(e) => self.status = Some((e.to_string(), Level::Error)),
        }
    }

    /// Reloads what the main screen shows.
    pub fn refresh_home(&mut self) {
        let today = self.ctx().today;
        let store = &self.env.store;
        let mut home = HomeState::default();
        let mut err = None;
        match store.recent(None, 50) {
            Ok(v) => {
                home.today = v
                    .into_iter()
                    .filter(|s| s.registered.date() == today)
                    .collect()
            }
            Err(e) => err = Some(e.to_string()),
        }
        match store.due_list(30) {
            Ok(v) => {
                home.due = v
                    .into_iter()
                    .map(|d| {
                        let name = store
                            .summary(d.no)
                            .ok()
                            .flatten()
                            .map(|s| crate::domain::mask::mask_name(&s.name))
                            .unwrap_or_default();
                        (d, name)
                    })
                    .collect()
            }
            Err(e) => err = Some(e.to_string()),
        }
        home.total = store.count().unwrap_or(0);
        if let Some(e) = err {
            self.info(e, Level::Error);
        }
        if let Screen::Home(h) = &mut self.screen {
            home.selected = h.selected.min(home.due.len().saturating_sub(1));
            *h = home;
        }
    }
}
