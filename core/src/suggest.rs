//! "Did you mean" hints for misspelt names (gateways, currencies, flows, attribute keys).

/// The candidate closest to `input`, if one is close enough to be a plausible typo.
///
/// A case-insensitive match wins outright; otherwise the candidate with the smallest edit
/// distance, provided that distance is at most a third of the input's length (at least 1).
pub fn closest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let length = input.chars().count();
    let limit = (length / 3).max(1);
    let input = input.to_ascii_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate.eq_ignore_ascii_case(&input) {
            return Some(candidate);
        }
        // Lengths further apart than the limit cannot be within it: skip the distance.
        if candidate.chars().count().abs_diff(length) > limit {
            continue;
        }
        let distance = edit_distance(&input, &candidate.to_ascii_lowercase());
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("AMX", "AMEX"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggests_a_near_candidate_only() {
        let names = ["AMEX", "VISA", "MASTERCARD"];
        assert_eq!(closest("AMX", names), Some("AMEX"));
        assert_eq!(closest("visa", names), Some("VISA"));
        assert_eq!(closest("MASTRCARD", names), Some("MASTERCARD"));
        assert_eq!(closest("PAYPAL", names), None);
    }
}
