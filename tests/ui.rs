//! The derive's compile errors, as merchants read them (`tests/ui/fail`), and the shapes it
//! accepts (`tests/ui/pass`). Regenerate a `.stderr` with `TRYBUILD=overwrite` only for a new
//! case, then read it.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
