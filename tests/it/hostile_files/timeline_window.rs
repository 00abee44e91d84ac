//! `plot timeline`: window flags that are not finite, empty or inverted.

use super::*;

#[test]
fn timeline_windows_that_are_not_finite_empty_or_inverted_are_usage_errors() {
    let dir = TempDir::new("hostile-window");
    let trace = make_trace(&dir);
    let out = dir.path("t.png");
    // Values that are not a finite time >= 0 may be refused by the flag's
    // parser (exit 2, clap's bad value) or by the window check (64); a
    // window that cannot be known before the traces are read is always
    // the window check's (64). Both name the flag.
    for (flags, flag, codes) in [
        (&["--to-ms", "inf"][..], "--to-ms", &[2, 64][..]),
        (&["--from-ms=-inf"][..], "--from-ms", &[2, 64][..]),
        (&["--to-ms", "NaN"][..], "--to-ms", &[2, 64][..]),
        (&["--from-ms", "NaN"][..], "--from-ms", &[2, 64][..]),
        (
            &["--from-ms=-1e308", "--to-ms", "1e308"][..],
            "-ms",
            &[2, 64][..],
        ),
        (
            &["--from-ms", "5", "--to-ms", "5"][..],
            "--to-ms",
            &[64][..],
        ),
        (
            &["--from-ms", "5", "--to-ms", "1"][..],
            "--to-ms",
            &[64][..],
        ),
        (&["--from-ms", "1e300"][..], "--from-ms", &[64][..]),
        (&["--to-ms", "1e300"][..], "--to-ms", &[64][..]),
        // After the end of the trace, with no --to-ms: nothing to show.
        (&["--from-ms", "1000000"][..], "--from-ms", &[64][..]),
    ] {
        let mut args = vec!["plot", "timeline", s(&trace), "-o", s(&out)];
        args.extend(flags);
        let o = gilsim(&args);
        assert!(
            o.code.is_some_and(|c| codes.contains(&c)),
            "{flags:?}: want exit {codes:?}\n{}",
            o.show_cut(3000)
        );
        assert!(o.stderr.contains(flag), "{flags:?}\n{}", o.show_cut(3000));
        assert!(!out.exists(), "{flags:?} wrote {}", out.display());
    }
    let o = gilsim(&[
        "plot",
        "timeline",
        s(&trace),
        "-o",
        s(&out),
        "--from-ms",
        "0",
        "--to-ms",
        "5",
    ]);
    assert_eq!(o.code, Some(0), "{}", o.show_cut(3000));
    assert!(out.exists());

    // The same checks, through the library.
    let data = vec![TimelineData::read(&trace).unwrap()];
    for (from, to) in [
        (0.0, Some(f64::INFINITY)),
        (f64::NEG_INFINITY, None),
        (f64::NAN, Some(1.0)),
        (0.0, Some(f64::NAN)),
        (3.0, Some(3.0)),
        (3.0, Some(-3.0)),
        (-1e13, Some(1.0)),
    ] {
        let e = timeline::window(&data, from, to).unwrap_err();
        assert!(matches!(e, Error::Usage(_)), "{from}..{to:?}: {e}");
        assert_eq!(e.exit_code(), 64);
    }
    assert_eq!(
        timeline::window(&data, -2.0, Some(3.0)).unwrap(),
        (-2.0, 3.0)
    );
}
