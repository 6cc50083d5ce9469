//! The activity column of the PostgreSQL store, for statistics: `cases.counted_until` is the
//! last day a case counts in any report ([`last_counted_day`]; an open case under
//! [`OPEN_DAY`]), kept by every save and indexed. A monthly report reads the cases still
//! open and those active since the previous month began, not every case ever registered.
//!
//! Rows written before schema 2 have NULL there: every report reads them, and fills the
//! column in as it goes (only while the row is the version it read), so the first report on
//! an upgraded database reads everything once, and later ones do not.

use super::cases::{decode_err, no_of};
use super::{pg_err, PgStore};
use crate::domain::case::Case;
use crate::domain::stats::last_counted_day;
use crate::store::codec::decode_case;
use crate::store::Result;
use chrono::NaiveDate;

/// `counted_until` of a case still open: after every report's start.
pub(super) const OPEN_DAY: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => panic!("9999-12-31 is a date"),
};

/// Rows fetched per round trip.
const BATCH: i32 = 500;

/// The `counted_until` column of `case`.
pub(super) fn counted_until(case: &Case) -> NaiveDate {
    last_counted_day(case).unwrap_or(OPEN_DAY)
}

/// Rows of one batch whose column is to be filled in: year, seq, version, day.
#[derive(Default)]
struct Fill {
    year: Vec<i32>,
    seq: Vec<i64>,
    version: Vec<i64>,
    day: Vec<NaiveDate>,
}

impl PgStore {
    /// [`Store::for_each_case_counted_since`](crate::store::Store::for_each_case_counted_since):
    /// one transaction, read through a portal batch by batch, in no particular order.
    pub(super) fn counted_since(
        &self,
        since: NaiveDate,
        f: &mut dyn FnMut(Result<Case>) -> bool,
    ) -> Result<()> {
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(pg_err)?;
        let portal = tx
            .bind(
                "SELECT year, seq, version, record, counted_until IS NULL FROM cases
                 WHERE counted_until >= $1 OR counted_until IS NULL",
                &[&since],
            )
            .map_err(pg_err)?;
        loop {
            let rows = tx.query_portal(&portal, BATCH).map_err(pg_err)?;
            let mut fill = Fill::default();
            let mut go_on = true;
            for r in &rows {
                let no = no_of(r.get(0), r.get(1));
                let case = decode_case(r.get(3)).map_err(|e| decode_err(no, e));
                if let (Ok(c), true) = (&case, r.get::<_, bool>(4)) {
                    fill.year.push(no.year);
                    fill.seq.push(no.seq as i64);
                    fill.version.push(r.get(2));
                    fill.day.push(counted_until(c));
                }
                if !f(case) {
                    go_on = false;
                    break;
                }
            }
            if !fill.year.is_empty() {
                tx.execute(
                    "UPDATE cases AS c SET counted_until = u.day
                     FROM unnest($1::integer[], $2::bigint[], $3::bigint[], $4::date[])
                          AS u(year, seq, version, day)
                     WHERE c.year = u.year AND c.seq = u.seq AND c.version = u.version
                       AND c.counted_until IS NULL",
                    &[&fill.year, &fill.seq, &fill.version, &fill.day],
                )
                .map_err(pg_err)?;
            }
            if !go_on || rows.len() < BATCH as usize {
                break;
            }
        }
        tx.commit().map_err(pg_err)
    }
}
