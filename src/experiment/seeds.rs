//! Seed lists, as `--seeds` takes them: `1..5`, `1,3,7`, `1..3,10..12`.
//!
//! A list is items separated by commas; an item is a seed (a whole number
//! from 0 to 2^64 - 1) or a range `A..B` that includes both ends (`1..5`
//! is five seeds; `A..=B` means the same). Seeds keep the order given. A
//! seed given twice is refused (it would count one run twice in a mean),
//! and so is a list of more than [`MAX_SEEDS`] seeds, an empty item, or a
//! range that goes down. [`format_seeds`] writes a list back in its
//! shortest form, which [`parse_seeds`] reads to the same seeds.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

/// The most seeds one list may hold.
pub const MAX_SEEDS: usize = 10_000;

/// Parses a seed list (see the module's rules); the error says which item
/// is wrong and why.
pub fn parse_seeds(text: &str) -> Result<Vec<u64>, String> {
    let mut seeds = Vec::new();
    let mut first_item: HashMap<u64, &str> = HashMap::new();
    for item in text.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(format!(
                "'{text}': an empty item (a seed list is like 1..5 or 1,3,7)"
            ));
        }
        let (lo, hi) = match item.split_once("..") {
            Some((a, b)) => {
                let b = b.strip_prefix('=').unwrap_or(b);
                let (lo, hi) = (seed(a, item)?, seed(b, item)?);
                if lo > hi {
                    return Err(format!(
                        "'{item}' goes down: a range A..B has A <= B and includes both ends \
                         (write {hi}..{lo})"
                    ));
                }
                (lo, hi)
            }
            None => {
                let s = seed(item, item)?;
                (s, s)
            }
        };
        if (hi - lo) as u128 + 1 + seeds.len() as u128 > MAX_SEEDS as u128 {
            return Err(format!("'{text}': more than {MAX_SEEDS} seeds"));
        }
        for s in lo..=hi {
            if let Some(prev) = first_item.insert(s, item) {
                let where_ = if prev == item {
                    format!("in '{item}'")
                } else {
                    format!("in '{prev}' and in '{item}'")
                };
                return Err(format!(
                    "seed {s} is given twice ({where_}): each seed is one run, once"
                ));
            }
            seeds.push(s);
        }
    }
    Ok(seeds)
}

fn seed(text: &str, item: &str) -> Result<u64, String> {
    let t = text.trim();
    t.parse().map_err(|_| {
        if t.is_empty() {
            format!("'{item}': a range needs both ends, like 1..5")
        } else {
            format!(
                "'{t}' is not a seed (a whole number from 0 to {})",
                u64::MAX
            )
        }
    })
}

/// The shortest list that [`parse_seeds`] reads as `seeds`: runs of
/// three or more consecutive seeds as ranges (`1..5,9,11,12`).
pub fn format_seeds(seeds: &[u64]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < seeds.len() {
        let mut j = i;
        while j + 1 < seeds.len() && seeds[j].checked_add(1) == Some(seeds[j + 1]) {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("{}..{}", seeds[i], seeds[j]));
        } else {
            parts.extend(seeds[i..=j].iter().map(u64::to_string));
        }
        i = j + 1;
    }
    parts.join(",")
}

/// A parsed seed list: `--seeds`' value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedList(pub Vec<u64>);

impl FromStr for SeedList {
    type Err = String;

    fn from_str(s: &str) -> Result<SeedList, String> {
        parse_seeds(s).map(SeedList)
    }
}

impl fmt::Display for SeedList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_seeds(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_lists_and_their_mixture() {
        assert_eq!(parse_seeds("1..5").unwrap(), [1, 2, 3, 4, 5]);
        assert_eq!(parse_seeds("1,3,7").unwrap(), [1, 3, 7]);
        assert_eq!(parse_seeds(" 9 , 2..3 ,0").unwrap(), [9, 2, 3, 0]);
        assert_eq!(parse_seeds("4..4").unwrap(), [4]);
        assert_eq!(parse_seeds("4..=6").unwrap(), [4, 5, 6]);
        assert_eq!(parse_seeds("1..20").unwrap().len(), 20);
        let top = u64::MAX;
        assert_eq!(
            parse_seeds(&format!("{}..{top}", top - 1)).unwrap(),
            [top - 1, top]
        );
        assert_eq!(parse_seeds("1..10000").unwrap().len(), MAX_SEEDS);
    }

    #[test]
    fn bad_lists_say_what_is_wrong() {
        for (text, fragment) in [
            ("", "an empty item"),
            ("1,,2", "an empty item"),
            ("1,", "an empty item"),
            ("5..1", "'5..1' goes down"),
            ("1..", "a range needs both ends"),
            ("..3", "a range needs both ends"),
            ("x", "'x' is not a seed"),
            ("-1", "'-1' is not a seed"),
            ("1.5", "'1.5' is not a seed"),
            ("18446744073709551616", "is not a seed"),
            ("1..3,2", "seed 2 is given twice (in '1..3' and in '2')"),
            ("7,7", "seed 7 is given twice (in '7')"),
            ("1..10001", "more than 10000 seeds"),
            ("0..18446744073709551615", "more than 10000 seeds"),
            ("1..5000,6000..11000", "more than 10000 seeds"),
        ] {
            let e = parse_seeds(text).unwrap_err();
            assert!(e.contains(fragment), "{text:?}: {e}");
        }
    }

    #[test]
    fn the_short_form_reads_back_to_the_same_seeds() {
        for seeds in [
            vec![],
            vec![1],
            vec![1, 2],
            vec![1, 2, 3],
            vec![1, 2, 3, 4, 5, 9, 11, 12],
            vec![7, 3, 1],
            vec![u64::MAX - 2, u64::MAX - 1, u64::MAX, 0],
        ] {
            let text = format_seeds(&seeds);
            if !seeds.is_empty() {
                assert_eq!(parse_seeds(&text).unwrap(), seeds, "{text}");
            }
        }
        assert_eq!(format_seeds(&[1, 2, 3, 4, 5, 9, 11, 12]), "1..5,9,11,12");
        assert_eq!("1..3".parse::<SeedList>().unwrap().to_string(), "1..3");
    }
}
