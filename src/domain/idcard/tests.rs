use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: fn() -> NaiveDate = || d(2026, 11, 25);

#[test]
fn known_valid_number() {
    // The GB 11643 example number.
    let info = parse("11010519491231002X", TODAY()).unwrap();
    assert_eq!(info.check, CheckResult::Valid);
    assert_eq!(info.sex, Sex::Female);
    assert_eq!(info.birth, d(1949, 12, 31));
    assert_eq!(info.kind, IdKind::Resident18);
    assert_eq!(info.age_on(TODAY()), 76);
}

#[test]
fn ime_input_is_normalized() {
    let info = parse("１１０１０５ １９４９１２３１ ００２ｘ", TODAY()).unwrap();
    assert_eq!(info.normalized, "11010519491231002X");
    assert_eq!(info.check, CheckResult::Valid);
    assert_eq!(
        parse("11010519491231002x", TODAY()).unwrap().check,
        CheckResult::Valid
    );
}

#[test]
fn wrong_check_digit_is_a_warning_not_an_error() {
    let info = parse("110105194912310021", TODAY()).unwrap();
    assert_eq!(
        info.check,
        CheckResult::BadCheckDigit {
            expected: 'X',
            found: '1'
        }
    );
    assert!(info.is_warning());
}

#[test]
fn fifteen_digit_old_numbers() {
    let info = parse("110105491231002", TODAY()).unwrap();
    assert_eq!(info.kind, IdKind::Resident15);
    assert_eq!(info.birth, d(1949, 12, 31));
    assert_eq!(info.sex, Sex::Female);
    assert_eq!(info.check, CheckResult::NotApplicable);
}

#[test]
fn residence_permits_and_foreign_ids() {
    for prefix in ["810000", "820000", "830000"] {
        let first17 = format!("{prefix}19900101001");
        let id = format!("{first17}{}", check_digit(&first17).unwrap());
        let info = parse(&id, TODAY()).unwrap();
        assert_eq!(info.kind, IdKind::HkMacaoTaiwanResidence, "{id}");
        assert_eq!(info.sex, Sex::Male);
    }
    let first17 = "93315619850203001";
    let id = format!("{first17}{}", check_digit(first17).unwrap());
    assert_eq!(parse(&id, TODAY()).unwrap().kind, IdKind::ForeignPermanent);
}

#[test]
fn unusable_numbers_are_errors() {
    assert_eq!(parse("1101051949", TODAY()), Err(IdError::Length(10)));
    assert_eq!(
        parse("11010519491331002X", TODAY()).unwrap_err(),
        IdError::BadBirthDate("1949-13-31".into())
    );
    assert_eq!(
        parse("110105194902300021", TODAY()).unwrap_err(),
        IdError::BadBirthDate("1949-02-30".into())
    );
    assert!(matches!(
        parse("110105203001010021", TODAY()),
        Err(IdError::BirthInFuture(_))
    ));
    assert_eq!(
        parse("1101A519491231002X", TODAY()),
        Err(IdError::NotDigit(5))
    );
    assert!(matches!(
        parse("01010519491231002X", TODAY()),
        Err(IdError::BadRegion(_))
    ));
}

#[test]
fn age_counts_birthdays() {
    assert_eq!(age_on(d(2000, 11, 25), d(2026, 11, 25)), 26);
    assert_eq!(age_on(d(2000, 11, 26), d(2026, 11, 25)), 25);
    assert_eq!(age_on(d(2030, 1, 1), d(2026, 11, 25)), 0);
}

#[test]
fn masking_keeps_ends_only() {
    assert_eq!(mask("11010519491231002X"), "1101**********002X");
    assert_eq!(mask("1234"), "****");
}

fn date_strategy() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2026, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

proptest! {
    #[test]
    fn generated_numbers_round_trip(region in 110000u32..660000, birth in date_strategy(), seq in 0u32..1000) {
        let first17 = format!("{region:06}{}{seq:03}", birth.format("%Y%m%d"));
        let id = format!("{first17}{}", check_digit(&first17).unwrap());
        let info = parse(&id, TODAY()).unwrap();
        prop_assert_eq!(info.check, CheckResult::Valid);
        prop_assert_eq!(info.birth, birth);
        prop_assert_eq!(info.sex, if seq % 2 == 1 { Sex::Male } else { Sex::Female });
        prop_assert_eq!(&info.normalized, &id);
    }

    #[test]
    fn any_single_digit_change_is_detected(region in 110000u32..660000, birth in date_strategy(), seq in 0u32..1000, pos in 0usize..17, delta in 1u8..10) {
        let first17 = format!("{region:06}{}{seq:03}", birth.format("%Y%m%d"));
        let id = format!("{first17}{}", check_digit(&first17).unwrap());
        let mut bytes = id.into_bytes();
        bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
        let changed = String::from_utf8(bytes).unwrap();
        if let Ok(info) = parse(&changed, TODAY()) {
            prop_assert!(info.is_warning(), "{} passed the check", changed);
        }
    }

    #[test]
    fn parse_never_panics(s in "\\PC{0,24}") {
        let _ = parse(&s, TODAY());
        let _ = mask(&s);
    }
}
