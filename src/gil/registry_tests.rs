//! Tests of the registry and of policy spellings: names, parameters,
//! their errors, the canonical form and its round trip.

use super::super::{GilCore, Release, Wake};
use super::*;
use proptest::prelude::*;

#[test]
fn every_registered_name_parses_back_to_its_id() {
    for p in PolicyId::all() {
        assert_eq!(p.name().parse::<PolicyId>(), Ok(p));
        assert_eq!(p.spec(), p.name(), "defaults print as the bare name");
        assert_eq!(p.build(PolicyConfig::default()).name(), p.name());
        assert!(PolicyId::help().contains(p.name()));
        for param in p.params() {
            let line = format!("{}={}", param.name, param.kind.placeholder());
            assert!(PolicyId::help().contains(&line), "{line}");
        }
    }
    // clap indents help by 10 columns and wraps at 100: the listing's
    // lines must fit, or they wrap without indentation.
    for line in PolicyId::help().lines().filter(|l| l.starts_with(' ')) {
        assert!(line.chars().count() <= 90, "too long for --help: {line:?}");
    }
    assert_eq!(PolicyId::default(), "newgil");
    let e = "nope".parse::<PolicyId>().unwrap_err();
    assert_eq!(
        e,
        "unknown policy 'nope' (policies: newgil, ticks, fifo, io-priority, fair-share, gvl, masterlock)"
    );
}

#[test]
fn parameters_are_read_typed_and_printed_canonically() {
    let p = PolicyId::parse("io-priority( demote = 3 , boost=0.002 )").unwrap();
    assert_eq!(p.name(), "io-priority");
    assert_eq!(p.param("boost"), Some(2_000_000));
    assert_eq!(p.param("demote"), Some(3));
    assert_eq!(p.param("nope"), None);
    assert_eq!(p.to_string(), "io-priority(boost=2ms,demote=3)");
    assert_eq!(p, "io-priority(boost=2ms,demote=3)");
    // Defaults written out are the same policy as the bare name.
    let d = PolicyId::parse("io-priority(boost=0,demote=1)").unwrap();
    assert_eq!(d, PolicyId::named("io-priority").unwrap());
    assert_eq!(d.to_string(), "io-priority");
    assert_eq!(
        PolicyId::parse("fifo()"),
        Ok(PolicyId::named("fifo").unwrap())
    );
    let n = PolicyId::parse("newgil(wake=all,force=off)").unwrap();
    assert_eq!(n.to_string(), "newgil(force=off,wake=all)");
    assert_eq!(
        PolicyId::parse("fair-share(slack=100us)")
            .unwrap()
            .to_string(),
        "fair-share(slack=100us)"
    );
}

#[test]
fn each_mistake_says_what_is_wrong_and_lists_the_parameters() {
    let e = |s: &str| PolicyId::parse(s).unwrap_err().to_string();
    let listing =
        "(io-priority's parameters: boost=DURATION [default 0], demote=COUNT [default 1])";
    let cases = [
        (
            "io-priority(bost=2ms)",
            "policy io-priority: unknown parameter 'bost' ",
        ),
        ("io-priority(boost=2)", ""), // 2 s is a valid boost
        (
            "io-priority(boost=fast)",
            "policy io-priority: boost: 'fast' is not a duration",
        ),
        (
            "io-priority(demote=0)",
            "policy io-priority: demote=0 is out of range (1 to 1000000) ",
        ),
        (
            "io-priority(boost=2h)",
            "policy io-priority: boost: '2h': unknown unit 'h'",
        ),
        (
            "io-priority(boost=1ms,boost=2ms)",
            "policy io-priority: boost is given twice ",
        ),
        (
            "io-priority(boost)",
            "policy io-priority: 'boost' is not name=value ",
        ),
    ];
    for (spec, want) in cases {
        if want.is_empty() {
            assert!(PolicyId::parse(spec).is_ok(), "{spec}");
            continue;
        }
        let msg = e(spec);
        assert!(msg.starts_with(want), "{spec}: {msg}");
        assert!(msg.ends_with(listing), "{spec}: {msg}");
    }
    assert_eq!(
        e("fifo(x=1)"),
        "policy fifo: unknown parameter 'x' (fifo's parameters: none)"
    );
    assert!(e("io-priority(boost=2ms").contains("unbalanced parentheses"));
    assert!(e("io-priority)").contains("unbalanced parentheses"));
    assert!(e("nope(x=1)").starts_with("unknown policy 'nope'"));
    assert!(e("ticks(check=0)").contains("check=0 is out of range (1 or more)"));
    assert!(e("ticks(check=0)").contains("check=COUNT [default --check-interval's value]"));
}

#[test]
fn the_defaults_are_todays_policies() {
    let cfg = PolicyConfig::default();
    let named = |n| PolicyId::named(n).unwrap();
    // newgil: FORCE_SWITCHING, wake one, interval waits.
    let mut g = named("newgil").build(cfg);
    assert!(g.force_switching());
    assert_eq!(
        g.on_release(&mut GilCore::default(), 0, Release::Forced),
        Wake::One
    );
    // ticks: the check interval of the settings.
    let c50 = PolicyConfig {
        check_interval: 50,
        ..cfg
    };
    assert_eq!(named("ticks").build(c50).slice_budget(), 50);
    assert_eq!(
        named("ticks")
            .with("check", 7)
            .unwrap()
            .build(c50)
            .slice_budget(),
        7
    );
    // io-priority: a thread back from IO asks a CPU-bound holder at once.
    let mut p = named("io-priority").build(cfg);
    p.on_release(&mut GilCore::default(), 0, Release::Forced);
    let mut core = GilCore {
        locked: true,
        holder: Some(0),
        waiters: vec![1],
        ..GilCore::default()
    };
    assert!(p.on_wait_start(&mut core, 1));
}

#[test]
fn a_flag_fills_its_parameter_and_conflicts_are_refused() {
    let t = PolicyId::named("ticks").unwrap();
    assert!(t.uses_check_interval());
    assert!(!PolicyId::NEWGIL.uses_check_interval());
    let t50 = t.with_flag("--check-interval", 50).unwrap();
    assert_eq!(t50.to_string(), "ticks(check=50)");
    assert_eq!(t50.with_flag("--check-interval", 50), Ok(t50));
    assert_eq!(
        t50.with_flag("--check-interval", 60)
            .unwrap_err()
            .to_string(),
        "--check-interval 60 and --policy ticks(check=50) disagree: give the value once"
    );
    assert_eq!(
        PolicyId::NEWGIL.with_flag("--check-interval", 5),
        Ok(PolicyId::NEWGIL)
    );
    assert!(t.with("check", 0).is_err() && t.with("nope", 1).is_err());
}

#[test]
fn policies_serialise_as_their_canonical_spelling() {
    let p = PolicyId::parse("fair-share(half_life=50ms)").unwrap();
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(json, r#""fair-share(half_life=50ms)""#);
    assert_eq!(serde_json::from_str::<PolicyId>(&json).unwrap(), p);
    assert_eq!(
        serde_json::to_string(&PolicyId::NEWGIL).unwrap(),
        r#""newgil""#
    );
    assert!(serde_json::from_str::<PolicyId>(r#""newgil(x=1)""#).is_err());
}

/// Sample values of a parameter: its bounds, its default and a few between.
fn samples(p: &Param) -> Vec<u64> {
    let mut v = vec![p.min, p.max, p.default, p.min.saturating_add(1)];
    v.extend([1, 999, 1_000, 1_500_000, 2_000_000, 123_456_789]);
    v.retain(|x| *x >= p.min && *x <= p.max);
    v
}

#[test]
fn every_parameter_value_sampled_round_trips() {
    for base in PolicyId::all() {
        for param in base.params() {
            for v in samples(param) {
                let p = base.with(param.name, v).unwrap();
                let text = p.to_string();
                assert_eq!(PolicyId::parse(&text), Ok(p), "{text}");
            }
        }
    }
}

proptest! {
    #[test]
    fn any_valid_policy_round_trips(id in 0..REGISTRY.len() as u8, raw in any::<[u64; 4]>()) {
        let mut p = PolicyId::defaults(id);
        for (param, r) in p.params().iter().zip(raw) {
            // A value in range; durations stay <= 2^53 ns by their range.
            let span = param.max - param.min;
            let v = param.min + if span == u64::MAX { r } else { r % (span + 1) };
            p = p.with(param.name, v).unwrap();
        }
        let text = p.to_string();
        prop_assert_eq!(PolicyId::parse(&text), Ok(p), "{}", text);
    }
}

#[test]
fn experiments_default_to_the_locks_for_python_and_name_other_runtimes() {
    let python: Vec<&str> = PolicyId::python().map(PolicyId::name).collect();
    assert_eq!(
        python,
        ["newgil", "ticks", "fifo", "io-priority", "fair-share"]
    );
    for other in ["gvl", "masterlock"] {
        assert!(PolicyId::named(other).is_some(), "{other} runs when named");
        assert!(!python.contains(&other));
    }
}
