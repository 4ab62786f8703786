//! The country codes of ISO 3166-1 alpha-2 that MultiSafepay's `country` fields take
//! (`components/schemas/Country.yaml`: "ISO 3166-1 alpha-2 code").
//!
//! The 249 officially assigned codes, as listed by the `isocountry` crate (version 0.3.2,
//! `src/alpha2.rs`; MIT), copied as data rather than depended on: that crate needs serde and
//! thiserror, which the derive's compile-time build of this crate does without. `XK` (Kosovo)
//! is added: user-assigned in the standard, and in common use by payment providers and the EU.

/// The codes, sorted, as one text of two-letter codes separated by spaces.
const CODES: &str = "\
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW XK";

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case), or `XK`.
pub(crate) fn is_assigned(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && CODES.split_ascii_whitespace().any(|c| c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assigned_codes() {
        assert_eq!(CODES.split_ascii_whitespace().count(), 250);
        for code in ["NL", "BE", "DE", "US", "GB", "XK", "AX"] {
            assert!(is_assigned(code), "{code}");
        }
        for code in ["UK", "EU", "XX", "nl", "NLD", "", "ZZ"] {
            assert!(!is_assigned(code), "{code}");
        }
    }
}
