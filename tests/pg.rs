//! PostgreSQL-only behaviour: several counters at once on one database, the schema version
//! check, connection errors in words, the app on a shared database, and backups made from
//! PostgreSQL restoring into sled. (The store contract itself runs on both backends in
//! `tests/store.rs`.)

mod support;

use chrono::NaiveDate;
use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::case::{Case, CaseNo, Registration, VisitMode, Visitor};
use chuangkou::domain::policy::Policy;
use chuangkou::store::{pg, PgStore, QueueStore, SledStore, Store, StoreError};
use std::collections::BTreeSet;
use std::sync::{Arc, Barrier};

fn reg(name: &str, id: &str, date: &str) -> Registration {
    Registration {
        visitor: Visitor {
            name: name.into(),
            id_number: id.into(),
            ..Default::default()
        },
        place: String::new(),
        people: 1,
        category: "城乡建设".into(),
        purpose: "申诉求决".into(),
        matter: format!("{name}反映的问题"),
        opinion: String::new(),
        mode: VisitMode::Visit,
        clerk: "接待员".into(),
        at: NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
        ticket: None,
    }
}

fn create(s: &dyn Store, r: Registration) -> Case {
    let cal = WorkCalendar::builtin();
    let p = Policy::national_2022();
    s.create_case(r, &|no, reg| Case::open(no, reg, p.clone(), &cal))
        .unwrap()
}

/// 4 counters × 25 registrations and 4 × 25 document numbers at the same moment, each on its
/// own connection: every number taken exactly once, none skipped.
#[test]
fn several_counters_register_and_take_numbers_at_once() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    const THREADS: usize = 4;
    const EACH: usize = 25;
    // Create the schema first, so the threads race on numbers, not on the migration.
    drop(PgStore::connect(&url).unwrap());
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let url = url.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                let s = PgStore::connect(&url).unwrap();
                start.wait();
                let mut cases = Vec::new();
                let mut numbers = Vec::new();
                for i in 0..EACH {
                    cases.push(create(&s, reg(&format!("窗口{t}第{i}人"), "", "2026-11-25")).no);
                    // Alternate single numbers and blocks of three.
                    let n = if i % 2 == 0 { 1 } else { 3 };
                    let first = s.take_numbers("交办单", 2026, n).unwrap();
                    numbers.extend(first..first + n);
                }
                (cases, numbers)
            })
        })
        .collect();
    let mut cases = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    let mut numbers_taken = 0;
    for h in handles {
        let (c, n) = h.join().unwrap();
        for no in c {
            assert!(cases.insert(no), "case number {no} given twice");
        }
        numbers_taken += n.len();
        for x in n {
            assert!(numbers.insert(x), "document number {x} given twice");
        }
    }
    let want: BTreeSet<CaseNo> = (1..=(THREADS * EACH) as u32)
        .map(|seq| CaseNo::new(2026, seq))
        .collect();
    assert_eq!(cases, want, "case numbers 1..=100, none skipped");
    assert_eq!(numbers.len(), numbers_taken);
    let want: BTreeSet<u32> = (1..=numbers_taken as u32).collect();
    assert_eq!(numbers, want, "document numbers contiguous from 1");
    let s = PgStore::connect(&url).unwrap();
    assert_eq!(s.count().unwrap(), (THREADS * EACH) as u64);
    assert_eq!(
        s.next_number("交办单", 2026).unwrap(),
        numbers_taken as u32 + 1
    );
    let report = s.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
}

/// Two clerks on two counters open the same case; the second save of the stale copy is
/// refused, and the first clerk's change stays.
#[test]
fn a_stale_copy_from_another_counter_is_refused() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let a = PgStore::connect(&url).unwrap();
    let b = PgStore::connect(&url).unwrap();
    let c = create(&a, reg("甲", "", "2026-03-01"));
    let mut mine = a.get_case(c.no).unwrap().unwrap();
    let mut theirs = b.get_case(c.no).unwrap().unwrap();
    mine.add_repeat_visit(mine.reg.at, "甲员", 1, "再来", None);
    assert_eq!(a.save_case(&mine).unwrap(), 2);
    theirs.add_repeat_visit(theirs.reg.at, "乙员", 1, "也来", None);
    match b.save_case(&theirs) {
        Err(e @ StoreError::Conflict { .. }) => {
            assert!(e.to_string().contains("已被他人修改"), "{e}")
        }
        other => panic!("expected conflict, got {other:?}"),
    }
    let now = b.get_case(c.no).unwrap().unwrap();
    assert_eq!(now.rev, 2);
    assert_eq!(now.visits.len(), 2);
    assert!(now.visits.iter().any(|v| v.clerk == "甲员"));
}

/// History is append-only: every saved revision is kept, and the database itself refuses to
/// change or delete one.
#[test]
fn history_keeps_every_revision_and_refuses_changes() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let s = PgStore::connect(&url).unwrap();
    let c = create(&s, reg("乙", "", "2026-03-01"));
    let mut c2 = s.get_case(c.no).unwrap().unwrap();
    c2.add_repeat_visit(c2.reg.at, "员", 1, "又来", None);
    s.save_case(&c2).unwrap();
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let versions: Vec<i64> = client
        .query(
            "SELECT version FROM case_history WHERE year = 2026 AND seq = 1 ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, vec![1, 2]);
    let err = client.execute("DELETE FROM case_history", &[]).unwrap_err();
    assert!(
        err.as_db_error().unwrap().message().contains("只能追加"),
        "{err}"
    );
    assert!(client
        .execute("UPDATE case_history SET record = ''::bytea", &[])
        .is_err());
}

#[test]
fn a_newer_schema_is_refused_in_chinese() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    drop(PgStore::connect(&url).unwrap());
    // Connecting again migrates nothing.
    drop(PgStore::connect(&url).unwrap());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    client
        .execute(
            "INSERT INTO schema_version (version) VALUES ($1)",
            &[&(pg::SCHEMA_VERSION + 1)],
        )
        .unwrap();
    match PgStore::connect(&url) {
        Err(e @ StoreError::SchemaTooNew { .. }) => {
            let msg = e.to_string();
            let newer = format!("结构版本为 {}", pg::SCHEMA_VERSION + 1);
            assert!(msg.contains(&newer), "{msg}");
            assert!(msg.contains("请把本窗口的程序升级"), "{msg}");
        }
        Err(e) => panic!("expected SchemaTooNew, got {e}"),
        Ok(_) => panic!("a newer schema must be refused"),
    }
}

#[test]
fn an_unreachable_server_is_explained_without_the_password() {
    // A port nobody listens on: bind one, then close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://clerk:secret@127.0.0.1:{port}/xf?connect_timeout=5");
    match PgStore::connect(&url) {
        Err(e @ StoreError::Connect { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("无法连接数据库"), "{msg}");
            assert!(msg.contains("请确认 PostgreSQL 已启动"), "{msg}");
            assert!(!msg.contains("secret"), "{msg}");
        }
        Err(e) => panic!("expected Connect, got {e}"),
        Ok(_) => panic!("nothing listens there"),
    }
}

/// A counter's app registers a case on the shared database; a second counter's connection
/// finds it, and the second counter's own registration takes the next number.
#[test]
fn two_counters_see_one_database() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let mut h = support::Harness::on_store(
        120,
        40,
        "2026-11-25T09:30",
        Box::new(PgStore::connect(&url).unwrap()),
    );
    h.register("欧阳娜娜", "ldsb", "拖欠工资三个月");
    let other = PgStore::connect(&url).unwrap();
    let found = other.search("欧阳娜娜", "XF", 10).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].no, CaseNo::new(2026, 1));
    let case = other.get_case(found[0].no).unwrap().unwrap();
    assert!(case.reg.matter.contains("拖欠工资三个月"));
    let mut second = support::Harness::on_store(120, 40, "2026-11-25T09:35", Box::new(other));
    second.register("李四", "cxjs", "小区违建");
    assert!(
        second.screen().contains("2026-000002"),
        "{}",
        second.screen()
    );
    let third = PgStore::connect(&url).unwrap();
    assert_eq!(third.count().unwrap(), 2);
    assert!(third.check().unwrap().is_ok());
}

/// A backup (dump) of a PostgreSQL store restores into sled with the same cases, indexes,
/// counters, queue and accounts: the records are the ones sled itself would dump.
#[test]
fn a_dump_from_postgres_is_what_sled_would_dump() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let p = PgStore::connect(&url).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path(), 2 * 1024 * 1024).unwrap();
    let cal = WorkCalendar::builtin();
    let policy = Policy::national_2022();
    for store in [&p as &dyn Store, &s as &dyn Store] {
        create(store, reg("张三", "11010519491231002X", "2026-03-01"));
        create(store, reg("李四", "", "2025-12-30"));
        let mut c = store.get_case(CaseNo::new(2026, 1)).unwrap().unwrap();
        c.record_acceptance(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), "科长", &cal);
        store.save_case(&c).unwrap();
        store.take_numbers("督办单", 2026, 4).unwrap();
        let drafts = vec![reg("王五", "440524188001010014", "2026-04-01")];
        store
            .create_many(&drafts, &|no, i| {
                Case::open(no, drafts[i].clone(), policy.clone(), &cal)
            })
            .unwrap();
        let mut q =
            chuangkou::domain::queue::Queue::new(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
        q.next_line = 3;
        store.save_queue(&q).unwrap();
    }
    let from_pg = records(&p);
    let from_sled = records(&s);
    assert!(from_pg.len() > 10);
    assert_eq!(from_pg, from_sled);
    // And it restores into a new sled directory that checks clean.
    let target = tempfile::tempdir().unwrap();
    let mut r: Box<dyn chuangkou::store::Restore> =
        Box::new(SledStore::begin_restore(&target.path().join("d"), 2 * 1024 * 1024).unwrap());
    for (t, k, v) in &from_pg {
        r.put(t, k, v).unwrap();
    }
    let report = r.finish().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.cases, 3);
}

/// 4 counters hand out 10 tickets each at the same moment on one shared queue: 40 tickets,
/// A001–A040, none twice, none lost.
#[test]
fn several_counters_issue_tickets_from_one_queue() {
    use chuangkou::domain::queue::{Queue, QueueConfig};
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    drop(PgStore::connect(&url).unwrap());
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let start = Arc::new(Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                let s = PgStore::connect(&url).unwrap();
                let cfg = QueueConfig::default();
                let now = day.and_hms_opt(9, 0, 0).unwrap();
                start.wait();
                let mut mine = Vec::new();
                for _ in 0..10 {
                    let mut issued = None;
                    s.update_queue(&mut |stored| {
                        let mut q = stored.unwrap_or_else(|| Queue::new(day));
                        issued = Some(q.take(&cfg, 'A', now, 1, Vec::new(), None).unwrap());
                        Some(q)
                    })
                    .unwrap();
                    mine.push(issued.unwrap().seq);
                }
                mine
            })
        })
        .collect();
    let mut all = BTreeSet::new();
    for h in handles {
        for seq in h.join().unwrap() {
            assert!(all.insert(seq), "ticket {seq} issued twice");
        }
    }
    assert_eq!(all, (1..=40).collect::<BTreeSet<u32>>());
    let q = PgStore::connect(&url)
        .unwrap()
        .load_queue()
        .unwrap()
        .unwrap();
    assert_eq!(q.tickets.len(), 40);
}

/// Two counters' apps on one database hand out tickets from one queue: the second counter's
/// ticket follows the first's, and the first counter sees both after its next change.
#[test]
fn two_counters_share_the_waiting_hall() {
    use ratatui::crossterm::event::KeyCode;
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let (mut one, mut two) = two_counters(&url, 80, 24);
    one.press(KeyCode::F(4)).type_str("a");
    two.press(KeyCode::F(4)).type_str("a");
    assert!(two.screen().contains("已取号 A002"), "{}", two.screen());
    one.type_str("a");
    assert!(one.screen().contains("已取号 A003"), "{}", one.screen());
    assert_eq!(one.app.queue.tickets.len(), 3);
    // Counter two calls the next visitor: A001, whom counter one issued.
    two.press(KeyCode::F(5));
    assert!(two.screen().contains("A001"), "{}", two.screen());
    let q = PgStore::connect(&url)
        .unwrap()
        .load_queue()
        .unwrap()
        .unwrap();
    assert_eq!(q.tickets.len(), 3);
    assert!(q.ticket("A001").unwrap().called.is_some());
}

/// A sled store's records restore into an empty PostgreSQL database, which then dumps the very
/// same records; a database with data is refused.
#[test]
fn sled_records_restore_into_postgres() {
    use chuangkou::store::Restore;
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path(), 2 * 1024 * 1024).unwrap();
    let cal = WorkCalendar::builtin();
    create(&s, reg("张三", "11010519491231002X", "2026-03-01"));
    create(&s, reg("李四", "", "2025-12-30"));
    let mut c = s.get_case(CaseNo::new(2026, 1)).unwrap().unwrap();
    c.record_acceptance(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(), "科长", &cal);
    s.save_case(&c).unwrap();
    s.take_numbers("交办单", 2026, 3).unwrap();
    let mut q = chuangkou::domain::queue::Queue::new(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    q.next_line = 9;
    s.save_queue(&q).unwrap();
    s.archive_queue(&chuangkou::domain::queue::Queue::new(
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
    ))
    .unwrap();
    let from_sled = records(&s);
    let mut r: Box<dyn Restore> = Box::new(PgStore::begin_restore(&url).unwrap());
    for (t, k, v) in &from_sled {
        r.put(t, k, v).unwrap();
    }
    // Backups of some versions carry sled's kept case count: derived, skipped.
    r.put("meta", b"case_count", &[0; 16]).unwrap();
    let report = r.finish().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    assert_eq!(report.cases, 2);
    let p = PgStore::connect(&url).unwrap();
    assert_eq!(records(&p), from_sled);
    // The restored counters go on where sled stopped.
    assert_eq!(p.next_number("交办单", 2026).unwrap(), 4);
    assert_eq!(
        create(&p, reg("王五", "", "2026-05-01")).no,
        CaseNo::new(2026, 2)
    );
    match PgStore::begin_restore(&url) {
        Err(e) => assert!(e.to_string().contains("已有数据"), "{e}"),
        Ok(_) => panic!("a database with data must be refused"),
    }
}

/// A restore that fails half-way leaves the database empty (one transaction).
#[test]
fn a_failed_restore_writes_nothing() {
    use chuangkou::store::Restore;
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path(), 2 * 1024 * 1024).unwrap();
    create(&s, reg("张三", "", "2026-03-01"));
    let mut r: Box<dyn Restore> = Box::new(PgStore::begin_restore(&url).unwrap());
    s.dump(&mut |t, k, v| r.put(t, k, v)).unwrap();
    assert!(r.put("cases", &[1, 2, 3], b"junk").is_err());
    drop(r);
    let p = PgStore::connect(&url).unwrap();
    assert_eq!(p.count().unwrap(), 0);
    assert!(PgStore::begin_restore(&url).is_ok());
}

/// The first counter to start on a new day closes yesterday's queue; a counter starting later
/// takes today's queue as it is, with the tickets already issued.
#[test]
fn the_day_rolls_once_for_all_counters() {
    use chuangkou::domain::queue::{Queue, QueueConfig};
    use ratatui::crossterm::event::KeyCode;
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let s = PgStore::connect(&url).unwrap();
    let yesterday = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut q = Queue::new(yesterday);
    q.take(
        &QueueConfig::default(),
        'A',
        yesterday.and_hms_opt(16, 0, 0).unwrap(),
        1,
        Vec::new(),
        None,
    )
    .unwrap();
    s.save_queue(&q).unwrap();
    let open = || Box::new(PgStore::connect(&url).unwrap());
    let mut one = support::Harness::on_store(80, 24, "2026-11-25T08:30", open());
    assert!(one.screen().contains("1 张号票未接待"), "{}", one.screen());
    one.press(KeyCode::F(4)).type_str("a");
    assert!(one.screen().contains("已取号 A001"), "{}", one.screen());
    let mut two = support::Harness::on_store(80, 24, "2026-11-25T08:31", open());
    assert!(!two.screen().contains("未接待"), "{}", two.screen());
    assert_eq!(two.app.queue.tickets.len(), 1);
    two.press(KeyCode::F(4)).type_str("a");
    assert!(two.screen().contains("已取号 A002"), "{}", two.screen());
    let archived = s.queue_of_day(yesterday).unwrap().unwrap();
    assert_eq!(archived.tickets.len(), 1);
}

/// `check` compares the look-up columns and clock rows with the records.
#[test]
fn check_finds_look_up_columns_that_disagree_with_the_record() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let s = PgStore::connect(&url).unwrap();
    create(&s, reg("张三", "11010519491231002X", "2026-03-01"));
    create(&s, reg("李四", "", "2026-03-02"));
    assert!(s.check().unwrap().is_ok());
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute(
        "UPDATE cases SET id_number = '' WHERE seq = 1;
         DELETE FROM case_clocks WHERE seq = 2;
         UPDATE counters SET value = 1 WHERE key = 'seq/2026';",
    )
    .unwrap();
    let problems = s.check().unwrap().problems.join("\n");
    assert!(problems.contains("身份证号索引与记录不一致"), "{problems}");
    assert!(problems.contains("期限索引与记录不一致"), "{problems}");
    assert!(problems.contains("新案件会重复编号"), "{problems}");
}

/// When the server drops the connection (a restart of PostgreSQL), the store connects again:
/// at most the operation under way fails, the next one works.
#[test]
fn a_dropped_connection_is_made_again() {
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let s = PgStore::connect(&url).unwrap();
    create(&s, reg("张三", "", "2026-03-01"));
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let db = url.rsplit('/').next().unwrap().to_string();
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid()",
            &[&db],
        )
        .unwrap();
    if let Err(e) = s.count() {
        assert!(e.to_string().contains("数据库"), "{e}");
    }
    assert_eq!(s.count().unwrap(), 1);
    assert_eq!(
        create(&s, reg("李四", "", "2026-03-02")).no,
        CaseNo::new(2026, 2)
    );
}

/// Each change is announced to the other counters (LISTEN/NOTIFY), not to the one making it.
/// Every record a store dumps, in order: the logical content of a backup.
fn records(store: &dyn Store) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    store
        .dump(&mut |tree, k, v| {
            out.push((tree.to_string(), k.to_vec(), v.to_vec()));
            Ok(())
        })
        .unwrap();
    out
}

#[test]
fn other_counters_hear_of_changes() {
    use chuangkou::store::Changes;
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let a = PgStore::connect(&url).unwrap();
    let b = PgStore::connect(&url).unwrap();
    assert!(a.is_shared());
    let heard = |s: &PgStore| {
        let mut all = Changes::default();
        for _ in 0..50 {
            let c = s.changes_by_others().unwrap();
            all.cases |= c.cases;
            all.queue |= c.queue;
            if all.any() {
                // Let anything else sent with it arrive too.
                std::thread::sleep(std::time::Duration::from_millis(50));
                let c = s.changes_by_others().unwrap();
                all.cases |= c.cases;
                all.queue |= c.queue;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        all
    };
    assert_eq!(b.changes_by_others().unwrap(), Changes::default());
    create(&a, reg("甲", "", "2026-03-01"));
    assert_eq!(
        heard(&b),
        Changes {
            cases: true,
            queue: false
        }
    );
    assert_eq!(heard(&a), Changes::default(), "not its own change");
    let q = chuangkou::domain::queue::Queue::new(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
    b.update_queue(&mut |_| Some(q.clone())).unwrap();
    assert_eq!(
        heard(&a),
        Changes {
            cases: false,
            queue: true
        }
    );
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path(), 1024 * 1024).unwrap();
    assert!(!s.is_shared());
    assert_eq!(s.changes_by_others().unwrap(), Changes::default());
}

/// Two counters, each an app of its own on its own connection to `url`.
fn two_counters(url: &str, width: u16, height: u16) -> (support::Harness, support::Harness) {
    let open = || Box::new(PgStore::connect(url).unwrap());
    (
        support::Harness::on_store(width, height, "2026-11-25T09:00", open()),
        support::Harness::on_store(width, height, "2026-11-25T09:00", open()),
    )
}

/// Lets `h` take in other counters' changes, as its event loop does, until `done` holds
/// (two seconds at most); its screen then.
fn until_heard(h: &mut support::Harness, done: impl Fn(&mut support::Harness) -> bool) -> String {
    for _ in 0..100 {
        h.app.poll_shared();
        if done(h) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.screen()
}

/// A ticket taken at counter 1 appears in counter 2's queue view without a key press there.
#[test]
fn a_ticket_taken_elsewhere_appears_in_the_queue_view() {
    use ratatui::crossterm::event::KeyCode;
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let (mut one, mut two) = two_counters(&url, 80, 24);
    assert!(two.app.shared());
    two.press(KeyCode::F(4));
    assert!(two.screen().contains("现在没有人等候"), "{}", two.screen());
    one.press(KeyCode::F(4)).type_str("a");
    until_heard(&mut two, |h| !h.app.queue.tickets.is_empty());
    assert!(two.screen().contains("A001"), "{}", two.screen());
}

#[test]
fn a_case_saved_elsewhere_appears_in_the_deadline_view() {
    use ratatui::crossterm::event::KeyCode;
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let (mut one, mut two) = two_counters(&url, 100, 30);
    two.press(KeyCode::F(6));
    assert!(two.screen().contains("期限一览"), "{}", two.screen());
    one.register("欧阳娜娜", "ldsb", "拖欠工资");
    let s = until_heard(&mut two, |h| h.screen().contains("欧阳娜娜"));
    assert!(
        s.contains("欧阳娜娜") && s.contains("XF-2026-000001"),
        "{s}"
    );
}

#[test]
fn a_case_being_read_shows_a_step_taken_at_another_counter() {
    use ratatui::crossterm::event::KeyCode;
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let (mut one, mut two) = two_counters(&url, 100, 30);
    one.register("欧阳娜娜", "ldsb", "拖欠工资");
    two.press(KeyCode::F(3)).type_str("1").press(KeyCode::Enter);
    assert!(two.screen().contains("【待受理】"), "{}", two.screen());
    // Counter 1 accepts it (the first step of the F8 menu, its date prefilled).
    one.press(KeyCode::F(8)).press(KeyCode::Enter).ctrl('s');
    assert!(one.screen().contains("已保存 受理"), "{}", one.screen());
    let s = until_heard(&mut two, |h| h.screen().contains("【办理中】"));
    assert!(s.contains("【办理中】") && s.contains("受理"), "{s}");
}

#[test]
fn the_search_list_shows_a_case_registered_at_another_counter() {
    use ratatui::crossterm::event::KeyCode;
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let (mut one, mut two) = two_counters(&url, 100, 30);
    one.register("欧阳娜娜", "ldsb", "拖欠工资");
    one.register("司马相如", "ldsb", "社保断缴");
    // Counter 2 searches for 欧阳: one result, selected.
    two.press(KeyCode::F(3)).type_str("欧阳");
    assert!(two.screen().contains("欧阳娜娜"), "{}", two.screen());
    one.register("欧阳修", "ldsb", "工伤认定");
    let s = until_heard(&mut two, |h| h.screen().contains("欧阳修"));
    assert!(s.contains("欧阳修") && s.contains("欧阳娜娜"), "{s}");
    assert!(!s.contains("司马相如"), "the search is kept: {s}");
    // The selection stayed on 欧阳娜娜 (now second, the newest first): Enter opens her case.
    two.press(KeyCode::Enter);
    assert!(two.screen().contains("XF-2026-000001"), "{}", two.screen());
}

#[test]
fn a_step_on_a_case_changed_elsewhere_is_refused_named_and_reloaded() {
    use chuangkou::domain::case::EventKind;
    use ratatui::crossterm::event::KeyCode;
    let Some(url) = support::pg::fresh_db() else {
        return;
    };
    let (mut one, mut two) = two_counters(&url, 120, 30);
    one.register("欧阳娜娜", "ldsb", "拖欠工资");
    two.press(KeyCode::F(3)).type_str("1").press(KeyCode::Enter);
    assert!(two.screen().contains("【待受理】"), "{}", two.screen());
    // Counter 1 accepts; counter 2, still showing the case as it was, accepts too.
    one.press(KeyCode::F(8)).press(KeyCode::Enter).ctrl('s');
    assert!(one.screen().contains("已保存 受理"), "{}", one.screen());
    two.press(KeyCode::F(8)).press(KeyCode::Enter).ctrl('s');
    let s = two.screen();
    assert!(s.contains("已被") && s.contains("（受理"), "{s}");
    assert!(s.contains("已载入最新内容"), "{s}");
    assert!(s.contains("【办理中】"), "reloaded: {s}");
    let no = CaseNo::new(2026, 1);
    let stored = two.app.env.store.get_case(no).unwrap().unwrap();
    let accepted = |c: &Case| {
        c.history
            .iter()
            .filter(|e| e.kind.label() == "受理")
            .count()
    };
    assert_eq!(accepted(&stored), 1, "never a silent second save");

    // A notice printed on a copy another counter has changed since is still recorded: an
    // entry in the history applies to the case as it is now.
    two.press(KeyCode::Esc);
    one.press(KeyCode::F(9)).press(KeyCode::Enter);
    two.press(KeyCode::F(9)).press(KeyCode::Enter);
    assert!(two.screen().contains("已生成"), "{}", two.screen());
    let stored = two.app.env.store.get_case(no).unwrap().unwrap();
    let docs = stored
        .history
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Document { .. }))
        .count();
    assert_eq!(docs, 2, "{:?}", stored.history);
    assert_eq!(accepted(&stored), 1);
}
