//! Parsing durations as users write them: `5ms`, `100us`, `2s`, `500ns`,
//! or a bare number of seconds like Python's `sys.setswitchinterval(0.005)`.
//!
//! Every duration is a finite number, not negative, of at most
//! [`MAX_NS`]; [`parse_positive_ns`] also refuses zero (and anything that
//! rounds to 0 ns), and [`parse_switch_interval`] refuses zero, as
//! `sys.setswitchinterval(0)` does, and anything over [`MAX_SWITCH_NS`].
//! [`format_ns`] writes a duration back the way users write it.

/// The longest duration accepted anywhere: 10^18 ns, about 31 years.
pub const MAX_NS: u64 = 1_000_000_000_000_000_000;

/// The longest switch interval accepted: one hour. Past it the interval
/// means "never switch", which the program's own waits already say.
pub const MAX_SWITCH_NS: u64 = 3_600_000_000_000;

const EXAMPLES: &str = "examples: 5ms, 100us, 0.005";

/// Parses a duration into nanoseconds (0 allowed).
pub fn parse_ns(text: &str) -> Result<u64, String> {
    let t = text.trim();
    // The unit is the letters at the end: `1e-3` is a number of seconds,
    // `5ms` five milliseconds.
    let split = t
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphabetic())
        .last()
        .map_or(t.len(), |(i, _)| i);
    let (num, unit) = t.split_at(split);
    let num = num.trim_end();
    if num.is_empty() {
        return Err(format!("'{text}' is not a duration ({EXAMPLES})"));
    }
    let v: f64 = num
        .parse()
        .map_err(|_| format!("'{text}' is not a duration ({EXAMPLES})"))?;
    let scale = match unit {
        "" | "s" => 1e9,
        "ms" => 1e6,
        "us" | "µs" => 1e3,
        "ns" => 1.0,
        _ => {
            return Err(format!(
                "'{text}': unknown unit '{unit}' (use ns, us, ms or s)"
            ))
        }
    };
    if !v.is_finite() || v < 0.0 {
        return Err(format!("'{text}': a duration must be a finite number >= 0"));
    }
    let ns = (v * scale).round();
    if ns > MAX_NS as f64 {
        return Err(format!(
            "'{text}' is too long (at most {} s)",
            MAX_NS / 1_000_000_000
        ));
    }
    Ok(ns as u64)
}

/// Parses a duration that must be longer than zero (a timeout).
pub fn parse_positive_ns(text: &str) -> Result<u64, String> {
    match parse_ns(text)? {
        0 => Err(format!("'{text}': must be longer than 0 (at least 1ns)")),
        ns => Ok(ns),
    }
}

/// Parses a switch interval: longer than zero, like
/// `sys.setswitchinterval`, and at most [`MAX_SWITCH_NS`].
pub fn parse_switch_interval(text: &str) -> Result<u64, String> {
    let ns = parse_ns(text)?;
    if ns == 0 {
        return Err(format!(
            "'{text}': a switch interval must be strictly positive, as in sys.setswitchinterval (at least 1ns)"
        ));
    }
    if ns > MAX_SWITCH_NS {
        return Err(format!(
            "'{text}': a switch interval must be at most 1 hour (3600s)"
        ));
    }
    Ok(ns)
}

/// Writes `ns` exactly, in the largest unit that divides it: `2ms`,
/// `1500us`, `3s`, `7ns`, and `0` for zero. [`parse_ns`] reads it back to
/// the same value for every `ns` up to 2^53 (past that, `f64` rounds).
pub fn format_ns(ns: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "s"), (1_000_000, "ms"), (1_000, "us")];
    if ns == 0 {
        return "0".into();
    }
    UNITS
        .iter()
        .find(|(scale, _)| ns.is_multiple_of(*scale))
        .map_or_else(
            || format!("{ns}ns"),
            |(scale, unit)| format!("{}{unit}", ns / scale),
        )
}

/// `ns` for people: "5 ms", "100 µs", "0.5 ms", "1.25 s", in the largest
/// unit that keeps the number at least 1 (up to three decimals, trailing
/// zeros dropped). For charts and tables; [`format_ns`] is for flags.
pub fn human_ns(ns: u64) -> String {
    const UNITS: [(f64, &str); 4] = [(1e9, "s"), (1e6, "ms"), (1e3, "µs"), (1.0, "ns")];
    if ns == 0 {
        return "0".into();
    }
    let v = ns as f64;
    let (scale, unit) = UNITS
        .iter()
        .find(|(scale, _)| v >= *scale)
        .copied()
        .unwrap_or((1.0, "ns"));
    let text = format!("{:.3}", v / scale);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} {unit}")
}

#[cfg(test)]
mod tests {
    use super::{format_ns, human_ns, parse_ns, parse_positive_ns, parse_switch_interval};

    #[test]
    fn human_durations_read_like_prose() {
        assert_eq!(human_ns(5_000_000), "5 ms");
        assert_eq!(human_ns(100_000), "100 µs");
        assert_eq!(human_ns(500_000), "500 µs");
        assert_eq!(human_ns(1_500_000), "1.5 ms");
        assert_eq!(human_ns(1_250_000_000), "1.25 s");
        assert_eq!(human_ns(7), "7 ns");
        assert_eq!(human_ns(0), "0");
    }

    #[test]
    fn formats_in_the_largest_exact_unit_and_parses_back() {
        assert_eq!(format_ns(0), "0");
        assert_eq!(format_ns(2_000_000), "2ms");
        assert_eq!(format_ns(100_000), "100us");
        assert_eq!(format_ns(1_500_000), "1500us");
        assert_eq!(format_ns(3_600_000_000_000), "3600s");
        assert_eq!(format_ns(7), "7ns");
        for ns in [0, 1, 999, 1_000, 1_001, 5_000_000, 1_234_567_891, 1 << 53] {
            assert_eq!(parse_ns(&format_ns(ns)), Ok(ns), "{ns}");
        }
    }

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(parse_ns("5ms"), Ok(5_000_000));
        assert_eq!(parse_ns("100us"), Ok(100_000));
        assert_eq!(parse_ns("0.005"), Ok(5_000_000));
        assert_eq!(parse_ns("2s"), Ok(2_000_000_000));
        assert_eq!(parse_ns("1.5ms"), Ok(1_500_000));
        assert_eq!(parse_ns("250ns"), Ok(250));
        assert_eq!(parse_ns("5µs"), Ok(5_000));
        assert_eq!(parse_ns("1e-3"), Ok(1_000_000));
        assert_eq!(parse_ns(" 5 ms "), Ok(5_000_000));
        assert_eq!(parse_ns("0"), Ok(0));
        assert!(parse_ns("5 parsecs").is_err());
        assert!(parse_ns("-1ms").is_err());
        assert!(parse_ns("ms").is_err());
    }

    #[test]
    fn refuses_what_is_not_a_finite_duration() {
        for bad in [
            "",
            " ",
            "NaN",
            "nan",
            "inf",
            "-inf",
            "infinity",
            "1e309",
            "-0.5",
            "1e18s",
            "18446744073709551616",
            "5 5ms",
            "0x10",
            "1,5ms",
        ] {
            assert!(parse_ns(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(parse_ns("1e309").unwrap_err().contains("finite"));
        assert!(parse_ns("1e10").unwrap_err().contains("too long"));
    }

    #[test]
    fn timeouts_and_switch_intervals_are_strictly_positive() {
        for zero in ["0", "0ms", "-0", "0.1ns", "1e-12"] {
            assert!(parse_positive_ns(zero).is_err(), "{zero:?}");
            let e = parse_switch_interval(zero).unwrap_err();
            assert!(e.contains("strictly positive"), "{e}");
        }
        assert_eq!(parse_positive_ns("1ns"), Ok(1));
        assert_eq!(parse_switch_interval("1ns"), Ok(1));
        assert_eq!(parse_switch_interval("3600s"), Ok(3_600_000_000_000));
        assert!(parse_switch_interval("3601s")
            .unwrap_err()
            .contains("at most 1 hour"));
        assert_eq!(parse_positive_ns("86400s"), Ok(86_400_000_000_000));
    }
}
