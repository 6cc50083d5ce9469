#[test]
fn binary_builds() {
    assert!(!env!("CARGO_PKG_NAME").is_empty());
}
