//! `completedIndexes` / `failedIndexes` text: ascending, comma-separated, runs of three or more
//! written `first-last` (CTL-19).

use std::collections::BTreeSet;

/// Formats a set of indexes: {1,3,4,5,7} → `1,3-5,7`; {3,4} → `3,4`.
pub fn format(set: &BTreeSet<i32>) -> String {
    let mut parts = Vec::new();
    let v: Vec<i32> = set.iter().copied().collect();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1] == v[j] + 1 {
            j += 1;
        }
        match j - i {
            0 => parts.push(v[i].to_string()),
            1 => parts.push(format!("{},{}", v[i], v[j])),
            _ => parts.push(format!("{}-{}", v[i], v[j])),
        }
        i = j + 1;
    }
    parts.join(",")
}

/// Parses what `format` writes; malformed parts are skipped.
pub fn parse(text: &str) -> BTreeSet<i32> {
    let mut out = BTreeSet::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                if let (Ok(a), Ok(b)) = (a.parse::<i32>(), b.parse::<i32>()) {
                    out.extend(a..=b.min(a.saturating_add(1_000_000)));
                }
            }
            None => {
                if let Ok(n) = part.parse() {
                    out.insert(n);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctl_19_index_text_format() {
        assert_eq!(format(&[1, 3, 4, 5, 7].into_iter().collect()), "1,3-5,7");
        assert_eq!(format(&[3, 4].into_iter().collect()), "3,4");
        assert_eq!(format(&BTreeSet::new()), "");
        assert_eq!(parse("1,3-5,7"), [1, 3, 4, 5, 7].into_iter().collect());
    }
}
