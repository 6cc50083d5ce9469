//! The store contract, run against both backends (sled, and PostgreSQL on a throw-away
//! server): allocation, indexes, durability across reopen, conflicts, `check`. Then the
//! sled-only parts (locking) and decoding of old record versions.

mod support;

use chrono::NaiveDate;
use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::case::{Case, CaseNo, Registration, Status, VisitMode, Visitor};
use chuangkou::domain::policy::{ClockKind, Policy};
use chuangkou::store::{codec, PgStore, SledStore, Store, StoreError};

fn reg(name: &str, id: &str, phone: &str, date: &str) -> Registration {
    Registration {
        visitor: Visitor {
            name: name.into(),
            id_number: id.into(),
            phone: phone.into(),
            ..Default::default()
        },
        place: String::new(),
        people: 1,
        category: "劳动和社会保障".into(),
        purpose: "申诉求决".into(),
        matter: format!("{name}的诉求"),
        opinion: String::new(),
        mode: VisitMode::Visit,
        clerk: "接待员".into(),
        at: NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        ticket: None,
    }
}

fn create(store: &dyn Store, r: Registration) -> Case {
    let cal = WorkCalendar::builtin();
    let policy = Policy::national_2022();
    store
        .create_case(r, &|no, reg| Case::open(no, reg, policy.clone(), &cal))
        .unwrap()
}

fn open(dir: &std::path::Path) -> SledStore {
    SledStore::open(dir, 2 * 1024 * 1024).unwrap()
}

/// Where a contract test keeps its store; `open` may be called again after the previous
/// store is dropped (a restart of the program).
enum Place {
    Sled(tempfile::TempDir),
    Pg(String),
}

impl Place {
    fn open(&self) -> Box<dyn Store> {
        match self {
            Place::Sled(dir) => Box::new(open(dir.path())),
            Place::Pg(url) => Box::new(PgStore::connect(url).unwrap()),
        }
    }
}

/// One `#[test]` per backend for each contract test (a fn taking `&Place`).
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sled_backend {
            $(
                #[test]
                fn $name() {
                    super::$name(&super::Place::Sled(tempfile::tempdir().unwrap()));
                }
            )*
        }
        mod pg_backend {
            $(
                #[test]
                fn $name() {
                    if let Some(url) = super::support::pg::fresh_db() {
                        super::$name(&super::Place::Pg(url));
                    }
                }
            )*
        }
    };
}

contract!(
    numbers_are_allocated_per_year_and_survive_reopen,
    id_and_phone_indexes_find_a_person,
    due_list_comes_in_due_order_and_follows_status,
    a_stale_copy_is_refused,
    paging_newest_first,
    create_many_is_all_or_nothing_and_numbers_in_order,
    document_numbers_are_consecutive_per_series_and_year,
    queue_and_accounts_round_trip,
    for_each_case_and_search_walk_every_case,
);

fn numbers_are_allocated_per_year_and_survive_reopen(place: &Place) {
    {
        let s = place.open();
        assert_eq!(
            create(&*s, reg("甲", "", "", "2025-12-31")).no,
            CaseNo::new(2025, 1)
        );
        assert_eq!(
            create(&*s, reg("乙", "", "", "2026-01-05")).no,
            CaseNo::new(2026, 1)
        );
        assert_eq!(
            create(&*s, reg("丙", "", "", "2026-01-06")).no,
            CaseNo::new(2026, 2)
        );
    }
    let s = place.open();
    assert_eq!(s.count().unwrap(), 3);
    assert_eq!(
        create(&*s, reg("丁", "", "", "2026-01-07")).no,
        CaseNo::new(2026, 3)
    );
    let got = s.get_case(CaseNo::new(2026, 2)).unwrap().unwrap();
    assert_eq!(got.reg.visitor.name, "丙");
    assert!(s.check().unwrap().is_ok());
}

fn id_and_phone_indexes_find_a_person(place: &Place) {
    let s = place.open();
    create(
        &*s,
        reg("张三", "11010519491231002X", "138-1234-5678", "2026-03-01"),
    );
    create(
        &*s,
        reg("李四", "440524188001010014", "13900000000", "2026-03-02"),
    );
    create(&*s, reg("张三", "11010519491231002X", "", "2026-04-01"));
    let by_id = s.find_by_id_number("11010519491231002X").unwrap();
    assert_eq!(by_id.len(), 2);
    assert!(by_id[0].no > by_id[1].no, "newest first");
    let by_phone = s.find_by_phone("13812345678").unwrap();
    assert_eq!(by_phone.len(), 1);
    assert_eq!(by_phone[0].name, "张三");
    assert!(s.find_by_phone("").unwrap().is_empty());
}

fn due_list_comes_in_due_order_and_follows_status(place: &Place) {
    let s = place.open();
    let late = create(&*s, reg("晚", "", "", "2026-03-10"));
    let early = create(&*s, reg("早", "", "", "2026-03-01"));
    let due = s.due_list(10).unwrap();
    assert_eq!(due.len(), 2);
    assert_eq!(due[0].no, early.no);
    assert_eq!(due[0].kind, ClockKind::Acceptance);
    assert!(due[0].due <= due[1].due);
    // Accepting moves the case from the acceptance clock to the handling clock.
    let mut c = s.get_case(late.no).unwrap().unwrap();
    c.record_acceptance(
        NaiveDate::from_ymd_opt(2026, 3, 11).unwrap(),
        "科长",
        &WorkCalendar::builtin(),
    );
    s.save_case(&c).unwrap();
    let due = s.due_list(10).unwrap();
    assert!(due
        .iter()
        .any(|d| d.no == late.no && d.kind == ClockKind::Handling));
    assert!(!due
        .iter()
        .any(|d| d.no == late.no && d.kind == ClockKind::Acceptance));
    assert_eq!(s.by_status(Status::Accepted, 10).unwrap(), vec![late.no]);
    assert!(s.check().unwrap().is_ok());
}

fn a_stale_copy_is_refused(place: &Place) {
    let s = place.open();
    let c = create(&*s, reg("甲", "", "", "2026-03-01"));
    let mut a = s.get_case(c.no).unwrap().unwrap();
    let mut b = a.clone();
    a.add_repeat_visit(a.reg.at, "甲员", 1, "再来", None);
    s.save_case(&a).unwrap();
    b.add_repeat_visit(b.reg.at, "乙员", 1, "也来", None);
    match s.save_case(&b) {
        Err(StoreError::Conflict { .. }) => {}
        other => panic!("expected conflict, got {other:?}"),
    }
    assert_eq!(s.get_case(c.no).unwrap().unwrap().visits.len(), 2);
}

fn document_numbers_are_consecutive_per_series_and_year(place: &Place) {
    let s = place.open();
    assert_eq!(s.next_number("交办单", 2026).unwrap(), 1);
    assert_eq!(s.next_number("交办单", 2026).unwrap(), 2);
    assert_eq!(s.take_numbers("交办单", 2026, 5).unwrap(), 3);
    assert_eq!(s.next_number("交办单", 2026).unwrap(), 8);
    assert_eq!(s.next_number("交办单", 2027).unwrap(), 1);
    assert_eq!(s.next_number("督办单", 2026).unwrap(), 1);
    // A count of 0 still takes one number.
    assert_eq!(s.take_numbers("督办单", 2026, 0).unwrap(), 2);
    drop(s);
    let s = place.open();
    assert_eq!(s.next_number("交办单", 2026).unwrap(), 9);
}

fn queue_and_accounts_round_trip(place: &Place) {
    use chuangkou::domain::account::Account;
    use chuangkou::domain::queue::Queue;
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let s = place.open();
    assert!(s.load_queue().unwrap().is_none());
    assert!(s.accounts().unwrap().is_empty());
    let mut q = Queue::new(day);
    q.next_line = 7;
    s.save_queue(&q).unwrap();
    q.next_line = 8;
    s.save_queue(&q).unwrap();
    let mut old = Queue::new(day.pred_opt().unwrap());
    old.carried_closed = 3;
    s.archive_queue(&old).unwrap();
    let account = |name: &str| Account {
        name: name.into(),
        roles: Vec::new(),
        hash: format!("hash-of-{name}"),
        created: day.and_hms_opt(8, 0, 0).unwrap(),
        active: true,
    };
    s.save_account(&account("王五")).unwrap();
    s.save_account(&account("admin")).unwrap();
    let mut changed = account("admin");
    changed.active = false;
    s.save_account(&changed).unwrap();
    drop(s);
    let s = place.open();
    assert_eq!(s.load_queue().unwrap(), Some(q.clone()));
    assert_eq!(s.queue_of_day(day).unwrap(), Some(q));
    assert_eq!(s.queue_of_day(old.day).unwrap(), Some(old));
    assert_eq!(s.queue_of_day(day.succ_opt().unwrap()).unwrap(), None);
    let names: Vec<(String, bool)> = s
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| (a.name, a.active))
        .collect();
    assert_eq!(
        names,
        vec![("admin".to_string(), false), ("王五".to_string(), true)]
    );
}

fn for_each_case_and_search_walk_every_case(place: &Place) {
    let s = place.open();
    let drafts: Vec<Registration> = (0..1203)
        .map(|i| {
            reg(
                &format!("人{i}"),
                &format!("1101051949123{i:04}X"),
                &format!("139{i:08}"),
                if i % 2 == 0 {
                    "2025-06-01"
                } else {
                    "2026-06-01"
                },
            )
        })
        .collect();
    let cal = WorkCalendar::builtin();
    let p = Policy::national_2022();
    s.create_many(&drafts, &|no, i| {
        Case::open(no, drafts[i].clone(), p.clone(), &cal)
    })
    .unwrap();
    assert_eq!(s.count().unwrap(), 1203);
    let mut seen = Vec::new();
    s.for_each_case(&mut |c| {
        seen.push(c.unwrap().no);
        true
    })
    .unwrap();
    assert_eq!(seen.len(), 1203);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "case-number order");
    assert_eq!(seen[0], CaseNo::new(2025, 1));
    let mut first_three = 0;
    s.for_each_case(&mut |_| {
        first_three += 1;
        first_three < 3
    })
    .unwrap();
    assert_eq!(first_three, 3);
    // Newest first, over more than one batch, stopping at the limit.
    let all = s.search("人", "XF", 5000).unwrap();
    assert_eq!(all.len(), 1203);
    assert_eq!(all[0].no, CaseNo::new(2026, 601));
    assert_eq!(s.search("人", "XF", 7).unwrap().len(), 7);
    // ID-number and phone tails, case numbers with and without the prefix.
    let by_tail = s.search("1202X", "XF", 10).unwrap();
    assert_eq!(by_tail.len(), 1);
    assert_eq!(by_tail[0].name, "人1202");
    assert_eq!(s.search("00000999", "XF", 10).unwrap()[0].name, "人999");
    assert_eq!(
        s.search("XF-2025-000002", "XF", 10).unwrap()[0].no,
        CaseNo::new(2025, 2)
    );
    assert!(s.check().unwrap().is_ok());
}

#[test]
fn a_second_opener_gets_a_clear_in_use_message() {
    let dir = tempfile::tempdir().unwrap();
    let _first = open(dir.path());
    match SledStore::open(dir.path(), 1024 * 1024) {
        Err(e @ StoreError::Locked { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("正被另一个程序使用"), "{msg}");
            assert!(
                msg.contains(&format!("进程 {}", std::process::id())),
                "{msg}"
            );
        }
        Err(e) => panic!("expected Locked, got {e}"),
        Ok(_) => panic!("second open must fail"),
    }
}

fn paging_newest_first(place: &Place) {
    let s = place.open();
    for i in 0..25 {
        create(&*s, reg(&format!("人{i}"), "", "", "2026-05-01"));
    }
    let p1 = s.recent(None, 10).unwrap();
    assert_eq!(p1[0].no, CaseNo::new(2026, 25));
    let p2 = s.recent(Some(p1[9].no), 10).unwrap();
    assert_eq!(p2[0].no, CaseNo::new(2026, 15));
    let p3 = s.recent(Some(p2[9].no), 10).unwrap();
    assert_eq!(p3.len(), 5);
    assert_eq!(s.search("人1", "XF", 100).unwrap().len(), 11);
}

fn create_many_is_all_or_nothing_and_numbers_in_order(place: &Place) {
    let s = place.open();
    create(&*s, reg("先", "", "", "2026-01-02"));
    let drafts = vec![
        reg("一", "", "", "2026-02-01"),
        reg("二", "", "", "2025-02-01"),
        reg("三", "", "", "2026-02-02"),
    ];
    let cal = WorkCalendar::builtin();
    let p = Policy::national_2022();
    let nos = s
        .create_many(&drafts, &|no, i| {
            Case::open(no, drafts[i].clone(), p.clone(), &cal)
        })
        .unwrap();
    assert_eq!(
        nos,
        vec![
            CaseNo::new(2026, 2),
            CaseNo::new(2025, 1),
            CaseNo::new(2026, 3)
        ]
    );
    assert!(s.check().unwrap().is_ok());
}

#[test]
fn undecodable_records_are_reported_not_panicked() {
    assert!(codec::decode_case(&[]).is_err());
    assert!(codec::decode_case(&[1, 255, 255, 255]).is_err());
    let err = codec::decode_case(&[9, 0, 0]).unwrap_err();
    assert!(err.to_string().contains("比本程序新"), "{err}");
}

/// Version-1 bytes committed in `tests/fixtures/case_v1.bin` must decode forever.
#[test]
fn version_1_fixture_still_decodes() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/case_v1.bin"
    ))
    .unwrap();
    assert_eq!(bytes[0], 1);
    let c = codec::decode_case(&bytes).unwrap();
    assert_eq!(c.no, CaseNo::new(2026, 1));
    assert_eq!(c.reg.visitor.name, "张三丰");
    assert_eq!(c.reg.visitor.id_number, "11010519491231002X");
    assert_eq!(
        c.due(ClockKind::Acceptance).map(|d| d.date.to_string()),
        Some("2026-02-24".into())
    );
}

/// Writes the fixture (run once with `--ignored` when a new version is introduced; never
/// overwrite an existing version's file).
#[test]
#[ignore]
fn write_version_1_fixture() {
    let r = reg("张三丰", "11010519491231002X", "13812345678", "2026-02-05");
    let c = Case::open(
        CaseNo::new(2026, 1),
        r,
        Policy::national_2022(),
        &WorkCalendar::builtin(),
    );
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/case_v1.bin");
    std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
    std::fs::write(path, codec::encode_case(&c)).unwrap();
}

#[test]
fn count_is_kept_across_saves_reopen_and_writes_it_did_not_see() {
    let dir = tempfile::tempdir().unwrap();
    let cal = WorkCalendar::builtin();
    let policy = Policy::national_2022();
    {
        let s = open(dir.path());
        assert_eq!(s.count().unwrap(), 0);
        create(&s, reg("甲", "", "", "2026-01-05"));
        create(&s, reg("乙", "", "", "2026-01-06"));
        assert_eq!(s.count().unwrap(), 2); // counted, then kept
        create(&s, reg("丙", "", "", "2026-01-07"));
        // An earlier year after a later one: the last key stays the 2026 one.
        create(&s, reg("丁", "", "", "2025-12-30"));
        let drafts = vec![
            reg("戊", "", "", "2026-02-01"),
            reg("己", "", "", "2026-02-02"),
        ];
        s.create_many(&drafts, &|no, i| {
            Case::open(no, drafts[i].clone(), policy.clone(), &cal)
        })
        .unwrap();
        assert_eq!(s.count().unwrap(), 6);
    }
    assert_eq!(open(dir.path()).count().unwrap(), 6);
    // A version that does not keep the count adds a case behind its back.
    {
        // sled lets go of its lock a moment after the last handle is dropped.
        let db = (0..50)
            .find_map(|_| {
                let r = sled::open(dir.path().join("db")).ok();
                if r.is_none() {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                r
            })
            .unwrap();
        let cases = db.open_tree("cases").unwrap();
        let (_, v) = cases.last().unwrap().unwrap();
        cases.insert(CaseNo::new(2026, 99).key(), v).unwrap();
        db.flush().unwrap();
    }
    let s = open(dir.path());
    assert_eq!(s.count().unwrap(), 7);
    create(&s, reg("庚", "", "", "2026-03-01"));
    assert_eq!(s.count().unwrap(), 8);
}
