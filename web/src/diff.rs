//! A line diff (longest common subsequence) for showing what a write changed.

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Same(String),
    Added(String),
    Removed(String),
    /// Unchanged lines left out between hunks.
    Skipped(usize),
}

/// The most lines either side may have; beyond that no diff is computed.
const MAX_LINES: usize = 3000;

/// Diffs two texts line by line, keeping `context` unchanged lines around each change.
/// `None` when the texts are too long to diff.
pub fn diff(old: &str, new: &str, context: usize) -> Option<Vec<Line>> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a.len() > MAX_LINES || b.len() > MAX_LINES {
        return None;
    }
    // Trim the common prefix and suffix: most edits touch a few lines of a long object.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let (n, m) = (am.len(), bm.len());
    if n * m > 4_000_000 {
        return None;
    }
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let idx = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[idx(i, j)] =
                if am[i] == bm[j] { lcs[idx(i + 1, j + 1)] + 1 } else { lcs[idx(i + 1, j)].max(lcs[idx(i, j + 1)]) };
        }
    }
    let mut full: Vec<Line> = a[..prefix].iter().map(|l| Line::Same(l.to_string())).collect();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && am[i] == bm[j] {
            full.push(Line::Same(am[i].to_string()));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[idx(i + 1, j)] >= lcs[idx(i, j + 1)]) {
            full.push(Line::Removed(am[i].to_string()));
            i += 1;
        } else {
            full.push(Line::Added(bm[j].to_string()));
            j += 1;
        }
    }
    full.extend(a[a.len() - suffix..].iter().map(|l| Line::Same(l.to_string())));
    Some(with_context(full, context))
}

/// Keeps `context` lines around changes and folds the rest into `Skipped`.
fn with_context(full: Vec<Line>, context: usize) -> Vec<Line> {
    let changed: Vec<usize> =
        full.iter().enumerate().filter(|(_, l)| !matches!(l, Line::Same(_))).map(|(i, _)| i).collect();
    let near = |i: usize| changed.iter().any(|&c| c.abs_diff(i) <= context);
    let mut out = Vec::new();
    let mut skipped = 0;
    for (i, line) in full.into_iter().enumerate() {
        if matches!(line, Line::Same(_)) && !near(i) {
            skipped += 1;
            continue;
        }
        if skipped > 0 {
            out.push(Line::Skipped(skipped));
            skipped = 0;
        }
        out.push(line);
    }
    if skipped > 0 {
        out.push(Line::Skipped(skipped));
    }
    out
}

/// Whether a diff has any change.
pub fn has_changes(lines: &[Line]) -> bool {
    lines.iter().any(|l| matches!(l, Line::Added(_) | Line::Removed(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_changed_lines_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng";
        let new = "a\nb\nc\nD\ne\nf\ng";
        let d = diff(old, new, 1).unwrap();
        assert_eq!(
            d,
            vec![
                Line::Skipped(2),
                Line::Same("c".into()),
                Line::Removed("d".into()),
                Line::Added("D".into()),
                Line::Same("e".into()),
                Line::Skipped(2),
            ]
        );
        assert!(has_changes(&d));
        assert!(!has_changes(&diff(old, old, 1).unwrap()));
    }

    #[test]
    fn insertions_and_deletions() {
        let d = diff("x\ny", "x\nnew\ny\nz", 5).unwrap();
        assert_eq!(
            d,
            vec![Line::Same("x".into()), Line::Added("new".into()), Line::Same("y".into()), Line::Added("z".into())]
        );
    }
}
