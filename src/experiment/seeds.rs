//! Lists of seeds as users write them — `1..20`, `1,3,7`, `1..5,10..12`
//! — and back ([`format_seeds`] writes runs of consecutive seeds as
//! ranges, so a header's command stays short).

/// The most seeds one list may name.
pub const MAX_SEEDS: usize = 10_000;

/// Parses a seed list: comma-separated seeds and inclusive ranges `a..b`
/// (`a <= b`), in the order written. A seed named twice is refused (it
/// would repeat identical runs and shrink the confidence intervals for
/// nothing), as is an empty list or more than [`MAX_SEEDS`] seeds.
pub fn parse_seeds(text: &str) -> Result<Vec<u64>, String> {
    let bad = |m: String| format!("seeds '{text}': {m} (examples: 1..20, 1,3,7, 1..5,10..12)");
    let num = |s: &str| {
        s.trim()
            .parse::<u64>()
            .map_err(|_| bad(format!("'{}' is not a whole number >= 0", s.trim())))
    };
    let mut out: Vec<u64> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for part in text.split(',') {
        if part.trim().is_empty() {
            return Err(bad("an empty item".into()));
        }
        let (a, b) = match part.split_once("..") {
            Some((a, b)) => (num(a)?, num(b.strip_prefix('=').unwrap_or(b))?),
            None => {
                let v = num(part)?;
                (v, v)
            }
        };
        if a > b {
            return Err(bad(format!("the range {a}..{b} runs backwards")));
        }
        if b - a >= MAX_SEEDS as u64 || out.len() + (b - a) as usize >= MAX_SEEDS {
            return Err(bad(format!("more than {MAX_SEEDS} seeds")));
        }
        for s in a..=b {
            if !seen.insert(s) {
                return Err(bad(format!("seed {s} is named twice")));
            }
            out.push(s);
        }
    }
    Ok(out)
}

/// Writes seeds back in [`parse_seeds`]'s syntax, runs of three or more
/// consecutive seeds as ranges.
pub fn format_seeds(seeds: &[u64]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < seeds.len() {
        let mut j = i;
        while j + 1 < seeds.len() && seeds[j + 1] == seeds[j].wrapping_add(1) {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!("{}..{}", seeds[i], seeds[j]));
        } else {
            parts.extend(seeds[i..=j].iter().map(u64::to_string));
        }
        i = j + 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_ranges_parse_in_order() {
        assert_eq!(parse_seeds("1..5"), Ok(vec![1, 2, 3, 4, 5]));
        assert_eq!(parse_seeds("7, 3,1"), Ok(vec![7, 3, 1]));
        assert_eq!(parse_seeds("1..2,10..=11"), Ok(vec![1, 2, 10, 11]));
        assert_eq!(parse_seeds("0"), Ok(vec![0]));
    }

    #[test]
    fn bad_lists_say_why() {
        for (text, why) in [
            ("", "an empty item"),
            ("1,,2", "an empty item"),
            ("x", "'x' is not a whole number"),
            ("-1", "'-1' is not a whole number"),
            ("5..1", "runs backwards"),
            ("1..3,2", "seed 2 is named twice"),
            ("0..10000", "more than 10000 seeds"),
            ("0..18446744073709551615", "more than 10000 seeds"),
        ] {
            let e = parse_seeds(text).unwrap_err();
            assert!(e.contains(why), "{text}: {e}");
        }
    }

    #[test]
    fn formatting_round_trips() {
        for s in [
            vec![1, 2, 3, 4, 5],
            vec![1, 3, 7],
            vec![1, 2, 10, 11, 12],
            vec![9, 8, 7],
        ] {
            assert_eq!(parse_seeds(&format_seeds(&s)), Ok(s.clone()));
        }
        assert_eq!(format_seeds(&[1, 2, 3, 4, 5, 9]), "1..5,9");
        assert_eq!(format_seeds(&[u64::MAX]), u64::MAX.to_string());
    }
}
