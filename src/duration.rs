//! Parsing durations as users write them: `5ms`, `100us`, `2s`, `500ns`,
//! or a bare number of seconds like Python's `sys.setswitchinterval(0.005)`.

/// Parses a duration into nanoseconds.
pub fn parse_ns(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| c.is_ascii_alphabetic() || c == 'µ')
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
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
    let v: f64 = num
        .parse()
        .map_err(|_| format!("'{text}' is not a duration (examples: 5ms, 100us, 0.005)"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("'{text}': a duration must be a finite number >= 0"));
    }
    let ns = v * scale;
    if ns > 1e18 {
        return Err(format!("'{text}' is too long"));
    }
    Ok(ns.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::parse_ns;

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(parse_ns("5ms"), Ok(5_000_000));
        assert_eq!(parse_ns("100us"), Ok(100_000));
        assert_eq!(parse_ns("0.005"), Ok(5_000_000));
        assert_eq!(parse_ns("2s"), Ok(2_000_000_000));
        assert_eq!(parse_ns("1.5ms"), Ok(1_500_000));
        assert_eq!(parse_ns("250ns"), Ok(250));
        assert!(parse_ns("5 parsecs").is_err());
        assert!(parse_ns("-1ms").is_err());
        assert!(parse_ns("ms").is_err());
    }
}
