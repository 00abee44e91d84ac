//! Policy parameters: what a policy declares it can be tuned by, and the
//! `name(k=v,...)` spelling of a policy with its parameters.
//!
//! A policy declares its parameters as a slice of [`Param`] in its registry
//! entry: a name, a [`Kind`] (a duration, a count or a choice of words), a
//! default, a valid range and one line of help. Values are stored as `u64`
//! in declaration order (durations in nanoseconds, choices as the index of
//! the word), so a policy with its parameters stays a small `Copy` value
//! ([`super::PolicyId`]). This module parses and prints those values and
//! the whole spelling; [`super::registry`] ties it to the registry.
//!
//! Syntax: `io-priority` (every parameter at its default) or
//! `io-priority(boost=2ms,demote=3)`; spaces around names and values are
//! allowed, each parameter at most once.

use crate::duration::{format_ns, parse_ns};
use std::fmt::Write;

/// The most parameters one policy may declare.
pub const MAX_PARAMS: usize = 4;

/// The values of a policy's parameters, in declaration order; unused
/// slots are 0.
pub type Values = [u64; MAX_PARAMS];

/// What kind of value a parameter takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A duration in nanoseconds, written like `--switch-interval`: `2ms`,
    /// `100us`, `0.005` (seconds); printed back as `2ms`, `100us`.
    Duration,
    /// A whole number.
    Count,
    /// One of a few words, stored as the word's index.
    Choice(&'static [&'static str]),
}

impl Kind {
    /// The placeholder `--help` shows: `DURATION`, `COUNT` or `one|all`.
    pub fn placeholder(self) -> String {
        match self {
            Kind::Duration => "DURATION".into(),
            Kind::Count => "COUNT".into(),
            Kind::Choice(words) => words.join("|"),
        }
    }

    /// Writes a stored value as the user would.
    pub fn format(self, v: u64) -> String {
        match self {
            Kind::Duration => format_ns(v),
            Kind::Count => v.to_string(),
            Kind::Choice(words) => words.get(v as usize).copied().unwrap_or("?").into(),
        }
    }

    /// Reads a value as written; the error says why it is not one.
    pub fn parse(self, text: &str) -> Result<u64, String> {
        match self {
            Kind::Duration => parse_ns(text),
            Kind::Count => text
                .trim()
                .parse()
                .map_err(|_| format!("'{}' is not a whole number >= 0", text.trim())),
            Kind::Choice(words) => words
                .iter()
                .position(|w| *w == text.trim())
                .map(|i| i as u64)
                .ok_or_else(|| format!("'{}' is not one of {}", text.trim(), words.join(", "))),
        }
    }
}

/// One parameter a policy declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// The name written before `=`.
    pub name: &'static str,
    /// What kind of value it takes.
    pub kind: Kind,
    /// The value when not given (for a [`Param::from_flag`] parameter:
    /// 0, meaning "the flag decides", outside the valid range).
    pub default: u64,
    /// The smallest valid value.
    pub min: u64,
    /// The largest valid value.
    pub max: u64,
    /// One line for `--help`.
    pub about: &'static str,
    /// A command-line flag that sets this parameter when it is not given
    /// (`--check-interval` for `ticks(check=...)`).
    pub from_flag: Option<&'static str>,
}

impl Param {
    /// Whether `v` is this parameter's default.
    pub fn is_default(&self, v: u64) -> bool {
        v == self.default
    }

    /// The default as `--help` shows it.
    pub fn default_text(&self) -> String {
        match self.from_flag {
            Some(flag) => format!("{flag}'s value"),
            None => self.kind.format(self.default),
        }
    }

    /// The valid values as `--help` shows them: `0 to 3600s`, `1 or more`.
    pub fn range_text(&self) -> String {
        match self.kind {
            Kind::Choice(words) => words.join(" or "),
            k if self.max == u64::MAX => format!("{} or more", k.format(self.min)),
            k => format!("{} to {}", k.format(self.min), k.format(self.max)),
        }
    }

    /// `boost=DURATION [default 0]`: the parameter in one short phrase, for
    /// error messages.
    pub fn short(&self) -> String {
        format!(
            "{}={} [default {}]",
            self.name,
            self.kind.placeholder(),
            self.default_text()
        )
    }

    /// Reads and range-checks a value for this parameter.
    pub fn read(&self, text: &str) -> Result<u64, ParamProblem> {
        let v = self
            .kind
            .parse(text)
            .map_err(|reason| ParamProblem::BadValue {
                param: self.name,
                reason,
            })?;
        if v < self.min || v > self.max {
            return Err(ParamProblem::OutOfRange {
                param: self.name,
                value: text.trim().to_string(),
                range: self.range_text(),
            });
        }
        Ok(v)
    }
}

/// What is wrong with the parameters written for a policy.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParamProblem {
    /// An item inside the parentheses is not `name=value`.
    #[error("'{0}' is not name=value")]
    Syntax(String),
    /// The policy declares no parameter of that name.
    #[error("unknown parameter '{0}'")]
    Unknown(String),
    /// The value is not of the parameter's kind.
    #[error("{param}: {reason}")]
    BadValue {
        /// The parameter.
        param: &'static str,
        /// Why the value is not one.
        reason: String,
    },
    /// The value is of the right kind but outside the valid range.
    #[error("{param}={value} is out of range ({range})")]
    OutOfRange {
        /// The parameter.
        param: &'static str,
        /// The value as written.
        value: String,
        /// The valid range, as words.
        range: String,
    },
    /// The same parameter is written twice.
    #[error("{0} is given twice")]
    Twice(&'static str),
}

/// Every parameter of a policy in one phrase, for error messages:
/// `boost=DURATION [default 0], demote=COUNT [default 1]`, or `none`.
pub fn summary(params: &[Param]) -> String {
    if params.is_empty() {
        return "none".into();
    }
    params
        .iter()
        .map(Param::short)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `--help` lines for a policy's parameters: for each, `k=KIND
/// [default: ...; range]` indented by `indent`, then its about line
/// indented two more (short lines, so that clap need not wrap them).
pub fn help_lines(params: &[Param], indent: &str) -> String {
    let mut s = String::new();
    for p in params {
        let _ = write!(
            s,
            "\n{indent}{}={} [default: {}; {}]\n{indent}  {}",
            p.name,
            p.kind.placeholder(),
            p.default_text(),
            p.range_text(),
            p.about,
        );
    }
    s
}

/// The values of every parameter at its default.
pub const fn defaults(params: &[Param]) -> Values {
    let mut v = [0; MAX_PARAMS];
    let mut i = 0;
    while i < params.len() {
        v[i] = params[i].default;
        i += 1;
    }
    v
}

/// Splits `name(k=v,...)` into the name and the text inside the
/// parentheses (`None` without them). `None` for unbalanced or nested
/// parentheses, or text after the closing one.
pub fn split_spec(spec: &str) -> Option<(&str, Option<&str>)> {
    let s = spec.trim();
    match s.find('(') {
        None if s.contains(')') => None,
        None => Some((s, None)),
        Some(open) => {
            let inner = s[open + 1..].strip_suffix(')')?;
            if inner.contains(['(', ')']) {
                return None;
            }
            Some((s[..open].trim_end(), Some(inner)))
        }
    }
}

/// Reads the `k=v,...` text inside the parentheses into values, starting
/// from the defaults.
pub fn read_values(params: &[Param], inner: &str) -> Result<Values, ParamProblem> {
    let mut values = defaults(params);
    let mut given = [false; MAX_PARAMS];
    if inner.trim().is_empty() {
        return Ok(values);
    }
    for item in inner.split(',') {
        let (k, v) = item
            .split_once('=')
            .ok_or_else(|| ParamProblem::Syntax(item.trim().to_string()))?;
        let k = k.trim();
        let i = params
            .iter()
            .position(|p| p.name == k)
            .ok_or_else(|| ParamProblem::Unknown(k.to_string()))?;
        if given[i] {
            return Err(ParamProblem::Twice(params[i].name));
        }
        given[i] = true;
        values[i] = params[i].read(v)?;
    }
    Ok(values)
}

/// Writes the parameters that differ from their defaults, `k=v,...` in
/// declaration order; empty when all are defaults.
pub fn write_values(params: &[Param], values: &Values) -> String {
    params
        .iter()
        .zip(values)
        .filter(|(p, v)| !p.is_default(**v))
        .map(|(p, v)| format!("{}={}", p.name, p.kind.format(*v)))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PS: &[Param] = &[
        Param {
            name: "boost",
            kind: Kind::Duration,
            default: 0,
            min: 0,
            max: 1_000_000_000,
            about: "a duration",
            from_flag: None,
        },
        Param {
            name: "n",
            kind: Kind::Count,
            default: 1,
            min: 1,
            max: u64::MAX,
            about: "a count",
            from_flag: None,
        },
        Param {
            name: "wake",
            kind: Kind::Choice(&["one", "all"]),
            default: 0,
            min: 0,
            max: 1,
            about: "a choice",
            from_flag: None,
        },
    ];

    #[test]
    fn values_are_read_in_any_order_and_written_in_declaration_order() {
        let v = read_values(PS, " wake = all , boost=2ms").unwrap();
        assert_eq!(v, [2_000_000, 1, 1, 0]);
        assert_eq!(write_values(PS, &v), "boost=2ms,wake=all");
        assert_eq!(read_values(PS, "").unwrap(), defaults(PS));
        assert_eq!(write_values(PS, &defaults(PS)), "");
        assert_eq!(
            read_values(PS, "n=18446744073709551615").unwrap()[1],
            u64::MAX
        );
    }

    #[test]
    fn each_kind_of_mistake_is_named() {
        let e = |s| read_values(PS, s).unwrap_err();
        assert_eq!(e("boost"), ParamProblem::Syntax("boost".into()));
        assert_eq!(e("boost=1ms,"), ParamProblem::Syntax("".into()));
        assert_eq!(e("bost=1ms"), ParamProblem::Unknown("bost".into()));
        assert_eq!(e("n=1,n=2"), ParamProblem::Twice("n"));
        assert_eq!(e("n=0").to_string(), "n=0 is out of range (1 or more)");
        assert_eq!(
            e("boost=2s").to_string(),
            "boost=2s is out of range (0 to 1s)"
        );
        assert_eq!(
            e("wake=some").to_string(),
            "wake: 'some' is not one of one, all"
        );
        assert_eq!(e("n=-1").to_string(), "n: '-1' is not a whole number >= 0");
        assert!(e("boost=5 parsecs").to_string().contains("unknown unit"));
    }

    #[test]
    fn parentheses_must_balance() {
        assert_eq!(split_spec(" fifo "), Some(("fifo", None)));
        assert_eq!(split_spec("a (k=1)"), Some(("a", Some("k=1"))));
        assert_eq!(split_spec("a()"), Some(("a", Some(""))));
        for bad in ["a(k=1", "a)", "a(k=(1))", "a(k=1)x", "a((k=1)"] {
            assert_eq!(split_spec(bad), None, "{bad}");
        }
    }

    #[test]
    fn help_shows_kind_default_and_range() {
        assert_eq!(
            summary(PS),
            "boost=DURATION [default 0], n=COUNT [default 1], wake=one|all [default one]"
        );
        assert_eq!(summary(&[]), "none");
        let h = help_lines(PS, "  ");
        assert!(
            h.starts_with("\n  boost=DURATION [default: 0; 0 to 1s]\n    a duration\n"),
            "{h}"
        );
        assert!(
            h.ends_with("\n  wake=one|all [default: one; one or all]\n    a choice"),
            "{h}"
        );
    }
}
