//! Random input into everything that reads bytes or text from outside: the record decoders,
//! the ledger importer and the ID-number parser. None of them may panic. Bounded (a few
//! hundred cases each) so it runs with the normal test suite; `fuzz/` has the open-ended
//! cargo-fuzz targets.

use chrono::NaiveDate;
use chuangkou::cli::import::{self, REQUIRED};
use chuangkou::domain::calendar::WorkCalendar;
use chuangkou::domain::case::{Case, CaseNo, Registration, VisitMode, Visitor};
use chuangkou::domain::idcard;
use chuangkou::domain::policy::Policy;
use chuangkou::store::codec;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn sample_case() -> Case {
    let reg = Registration {
        visitor: Visitor {
            name: "王芳".into(),
            id_number: "65230219800101002X".into(),
            phone: "13800000000".into(),
            ..Default::default()
        },
        place: "阜康市".into(),
        people: 2,
        category: "民政".into(),
        purpose: "申诉求决".into(),
        matter: "申请纳入最低生活保障".into(),
        opinion: String::new(),
        mode: VisitMode::Visit,
        clerk: "张丽".into(),
        at: today().and_hms_opt(9, 0, 0).unwrap(),
        ticket: Some("A001".into()),
    };
    Case::open(
        CaseNo::new(2026, 1),
        reg,
        Policy::national_2022(),
        &WorkCalendar::builtin(),
    )
}

/// Every decoder on the same bytes: errors are fine, panics are not.
fn decode_all(bytes: &[u8]) {
    let _ = codec::decode_case(bytes);
    let _ = codec::decode_summary(bytes);
    let _ = codec::decode_queue(bytes);
    let _ = codec::decode_account(bytes);
}

/// Text a ledger cell might hold: CJK, digits, quotes, separators, control characters.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{0,20}",
        "[一-龥A-Za-z0-9 ]{0,12}",
        "[0-9０-９xX/.年月日-]{0,14}",
        "[\",\r\n\t\\x00-\\x1f]{0,6}",
        any::<String>(),
        Just("2026-03-01".to_string()),
        Just("65230219800101002X".to_string()),
        Just("民政".to_string()),
        Just("申诉求决".to_string()),
    ]
}

/// A CSV ledger: the right header (sometimes shuffled or cut) and random rows.
fn ledger() -> impl Strategy<Value = Vec<u8>> {
    let header: Vec<String> = REQUIRED
        .iter()
        .map(|s| s.to_string())
        .chain(["受理日期".to_string()])
        .collect();
    (
        Just(header).prop_shuffle(),
        0usize..=10,
        prop::collection::vec(prop::collection::vec(cell(), 0..12), 0..8),
        any::<bool>(),
    )
        .prop_map(|(header, cut, rows, bom)| {
            let mut w = csv::WriterBuilder::new().flexible(true).from_writer(vec![]);
            let keep = header.len().saturating_sub(cut % 3);
            w.write_record(&header[..keep]).unwrap();
            for r in &rows {
                w.write_record(r).unwrap();
            }
            let mut out = if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                vec![]
            };
            out.extend(w.into_inner().unwrap());
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_all(&bytes);
        // The same body behind every version byte the decoders know.
        let mut v = bytes.clone();
        v.insert(0, 1);
        decode_all(&v);
    }

    #[test]
    fn decoders_never_panic_on_damaged_records(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let case = sample_case();
        for mut bytes in [codec::encode_case(&case), codec::encode_summary(&case.summary())] {
            for (at, b) in &flips {
                let i = at.index(bytes.len());
                bytes[i] = *b;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len() + 1));
            }
            decode_all(&bytes);
        }
    }

    #[test]
    fn importer_never_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        let _ = import::parse_rows(&bytes, today(), "张丽");
    }

    #[test]
    fn importer_never_panics_on_ledgers(bytes in ledger()) {
        let _ = import::parse_rows(&bytes, today(), "张丽");
    }

    #[test]
    fn importer_date_parser_never_panics(s in "\\PC{0,20}|[0-9/.年月日 -]{0,16}") {
        let _ = import::parse_date(&s);
    }

    #[test]
    fn id_parser_never_panics(
        s in prop_oneof![
            any::<String>(),
            "[0-9]{14,19}[0-9xXｘＸ]?",
            "[0-9０-９xXｘＸ \u{3000}\t-]{0,24}",
            "[0-9\u{0300}\u{200d}é]{15,19}",
        ],
        day in 0i64..80_000,
    ) {
        let today = NaiveDate::from_ymd_opt(1850, 1, 1).unwrap() + chrono::Duration::days(day);
        let _ = idcard::parse(&s, today);
        let _ = idcard::normalize(&s);
        let _ = idcard::check_digit(&s);
        let _ = idcard::mask(&s);
    }
}

#[test]
fn ledger_of_good_rows_still_imports() {
    // The property tests above would also pass if the importer refused everything.
    let csv = format!(
        "{}\n2026-03-01,王芳,65230219800101002X,13800000000,阜康市,1,民政,申诉求决,申请低保\n",
        REQUIRED.join(",")
    );
    let (rows, _) = import::parse_rows(csv.as_bytes(), today(), "张丽").unwrap();
    assert_eq!(rows.len(), 1);
}
