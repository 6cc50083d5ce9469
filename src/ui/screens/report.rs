//! The statistics screen (统计): the main figures of a period beside the previous one, and the
//! visits by category as a bar chart. The figures are computed by the app (one pass over the
//! store, see [`ReportEffect::Load`]); this screen only holds and draws them.

use crate::domain::stats::{signed, Granularity, Period, Rate, Stats};
use crate::ui::keymap::Action;
use crate::ui::theme;
use chrono::NaiveDate;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// What the screen asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportEffect {
    /// Compute the figures of this period and of the one before (e.g. two
    /// `StatsBuilder`s over one `Store::for_each_case_counted_since`), then call
    /// [`ReportViewState::loaded`].
    Load(Period),
    Leave,
}

#[derive(Debug, Clone)]
pub struct ReportViewState {
    pub period: Period,
    /// The figures of `period`, None until the app has computed them.
    pub stats: Option<Stats>,
    /// The figures of `period.previous()`.
    pub previous: Option<Stats>,
    /// Periods that start after today are not offered.
    pub today: NaiveDate,
}

impl ReportViewState {
    /// The screen on `period`; the app then runs the returned effect.
    pub fn new(period: Period, today: NaiveDate) -> (Self, ReportEffect) {
        let s = Self {
            period,
            stats: None,
            previous: None,
            today,
        };
        (s, ReportEffect::Load(period))
    }

    /// This month, the usual first view.
    pub fn this_month(today: NaiveDate) -> (Self, ReportEffect) {
        Self::new(Period::containing(Granularity::Month, today), today)
    }

    /// Takes computed figures; figures of a period the clerk has already left are dropped.
    pub fn loaded(&mut self, stats: Stats, previous: Stats) {
        if stats.period == self.period {
            self.stats = Some(stats);
            self.previous = Some(previous);
        }
    }

    /// The period before or after (not beyond the one holding today), or a coarser or finer
    /// granularity: week → month → quarter → half year → year. The keys are in the keymap.
    pub fn update(&mut self, action: Action) -> Vec<ReportEffect> {
        let next = match action {
            Action::PeriodPrev => Some(self.period.previous()),
            Action::PeriodNext => Some(self.period.next()).filter(|p| p.first_day() <= self.today),
            Action::PeriodCoarser | Action::PeriodFiner => {
                let g = self.period.granularity().unwrap_or(Granularity::Year);
                let g = if action == Action::PeriodCoarser {
                    g.next()
                } else {
                    g.prev()
                };
                Some(Period::containing(
                    g,
                    self.period.last_day().min(self.today),
                ))
            }
            Action::Back => return vec![ReportEffect::Leave],
            _ => None,
        };
        match next {
            Some(p) if p != self.period => {
                self.period = p;
                self.stats = None;
                self.previous = None;
                vec![ReportEffect::Load(p)]
            }
            _ => Vec::new(),
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        let [head, body] =
            Layout::vertical([Constraint::Length(3), Constraint::Fill(1)]).areas(area);
        let kind = self
            .period
            .granularity()
            .map_or("期间统计", Granularity::label);
        let mut lines = vec![Line::from(vec![
            ratatui::text::Span::styled(format!(" {} ", self.period.label()), theme::TITLE),
            ratatui::text::Span::styled(format!(" {kind} {}", self.period.span()), theme::DIM),
        ])];
        match &self.stats {
            Some(s) => {
                lines.push(Line::styled(
                    format!(
                        " 对比上期 {}；期末数字截至 {}",
                        self.period.previous().label(),
                        s.as_of
                    ),
                    theme::DIM,
                ));
                if let Some(w) = short_calendar_warning(s) {
                    lines.push(Line::styled(w, theme::WARN));
                }
            }
            None => lines.push(Line::styled("正在统计……", theme::DIM)),
        }
        frame.render_widget(Paragraph::new(lines), head);
        let Some(s) = &self.stats else {
            return;
        };
        let [left, right] =
            Layout::horizontal([Constraint::Length(44), Constraint::Fill(1)]).areas(body);
        self.draw_table(frame, left, s);
        draw_chart(frame, right, s);
    }

    fn draw_table(&self, frame: &mut Frame, area: Rect, s: &Stats) {
        let p = self.previous.as_ref();
        let count = |label: &'static str, get: fn(&Stats) -> u64| {
            let cur = get(s);
            let (before, change) = match p {
                Some(q) => {
                    let b = get(q);
                    (b.to_string(), signed(cur as f64 - b as f64, 0))
                }
                None => (String::new(), String::new()),
            };
            (label, cur.to_string(), before, change)
        };
        let rate = |label: &'static str, get: fn(&Stats) -> Rate| {
            let cur = get(s);
            let before = p.map(get);
            let change = before
                .and_then(|b| b.ratio().zip(cur.ratio()))
                .map_or(String::new(), |(b, c)| signed((c - b) * 100.0, 1));
            (
                label,
                cur.percent(),
                before.map_or(String::new(), |b| b.percent()),
                change,
            )
        };
        let avg = |st: &Stats| st.average_handling_days();
        let days = (
            "平均办理天数",
            avg(s).map_or("—".into(), |d| format!("{d:.1}")),
            p.map_or(String::new(), |q| {
                avg(q).map_or("—".into(), |d| format!("{d:.1}"))
            }),
            p.and_then(avg)
                .zip(avg(s))
                .map_or(String::new(), |(b, c)| signed(c - b, 1)),
        );
        let rows = [
            count("批次", |s| s.total.batches),
            count("人次", |s| s.total.people),
            count("初访批次", |s| s.first.batches),
            count("重复访批次", |s| s.repeat.batches),
            count("集体访批次", |s| s.collective.batches),
            rate("及时受理率", |s| s.timely_acceptance),
            rate("按期办结率", |s| s.on_time_closure),
            rate("满意率", |s| s.satisfaction),
            rate("一次性化解率", |s| s.one_time_resolution),
            days,
            count("期末在办", |s| s.open),
            count("期末超期", |s| s.overdue),
            count("期末延期", |s| s.extended),
        ];
        let rows = rows.into_iter().map(|(label, cur, before, change)| {
            let style = if label == "期末超期" && cur != "0" {
                theme::ERROR
            } else {
                Style::default()
            };
            Row::new(vec![
                Cell::from(label).style(theme::LABEL),
                Cell::from(Line::from(cur).right_aligned()).style(style),
                Cell::from(Line::from(before).right_aligned()).style(theme::DIM),
                Cell::from(Line::from(change).right_aligned()),
            ])
        });
        let header = Row::new(vec![
            Cell::from("项目"),
            Cell::from(Line::from("本期").right_aligned()),
            Cell::from(Line::from("上期").right_aligned()),
            Cell::from(Line::from("增减").right_aligned()),
        ])
        .style(theme::HEADER);
        let widths = [
            Constraint::Length(12),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(7),
        ];
        let table = Table::new(rows, widths)
            .header(header)
            .column_spacing(2)
            .block(Block::default().borders(Borders::ALL).title(" 主要数字 "));
        frame.render_widget(table, area);
    }
}

/// Visits (batches) by category, largest first, as many as fit.
fn draw_chart(frame: &mut Frame, area: Rect, s: &Stats) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" 按问题分类（批次） ");
    let fit = area.height.saturating_sub(2) as usize;
    if s.by_category.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled("本期没有来访。", theme::DIM)).block(block),
            area,
        );
        return;
    }
    let bars: Vec<Bar> = s
        .by_category
        .iter()
        .take(fit)
        .map(|(name, t)| {
            Bar::default()
                .label(Line::from(name.replace(['\r', '\n'], " ")))
                .value(t.batches)
                .text_value(t.batches.to_string())
        })
        .collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(Style::new().fg(ratatui::style::Color::Cyan))
        .value_style(
            Style::new()
                .fg(ratatui::style::Color::Black)
                .bg(ratatui::style::Color::Cyan),
        )
        .data(BarGroup::default().bars(&bars))
        .block(block);
    frame.render_widget(chart, area);
}

/// The report's calendar warning, short enough for one line of an 80-column screen.
fn short_calendar_warning(s: &Stats) -> Option<String> {
    if let Some(y) = s.years_without_calendar.first() {
        Some(format!(
            "注意：{y}年没有节假日日历数据，期限按周一至周五推算，仅供参考"
        ))
    } else if s.calendar_incomplete_cases > 0 {
        Some(format!(
            "注意：{} 件案件的期限落在缺日历的年份，超期、按期数字仅供参考",
            s.calendar_incomplete_cases
        ))
    } else {
        None
    }
}
