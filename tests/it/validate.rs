//! `gilsim validate` end to end with a stand-in interpreter (a shell
//! script that answers the probe and prints fixed figures), so the rows,
//! deviations, exit codes and files can be checked exactly; the standard
//! set's programs under CPython and gilsim; `sys.setswitchinterval`
//! reaching the GIL, which the convoy figures need.

use crate::common::*;
use std::time::Duration;

const DEADLINE: Duration = Duration::from_secs(240);

/// A fake `python` at `dir/fakepy`: says it is CPython `version`, and
/// "runs" a validate program by printing `value` under its key.
fn fake_python(dir: &TempDir, version: &str, value: &str) -> String {
    let script = format!(
        "#!/bin/sh\n\
         if [ \"$1\" = -c ]; then echo \"$0\"; echo {version}; echo 0; exit 0; fi\n\
         case \"$1\" in\n\
           *convoy.py) echo \"io_ops_per_s {value}\" ;;\n\
           *) echo \"wall {value}\" ;;\n\
         esac\n"
    );
    let p = dir.write("fakepy", script);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    arg(&p).to_string()
}

#[test]
fn a_stand_in_interpreter_gives_exact_rows_deviations_and_files() {
    let dir = TempDir::new("validate");
    let py = fake_python(&dir, "3.11.7", "150");
    let out = dir.path("v");
    let o = gilsim_within(
        &[
            "validate",
            "--python",
            &py,
            "--rounds",
            "1",
            "--figures",
            "convoy",
            "--cores",
            "2",
            "-q",
            "-o",
            arg(&out),
        ],
        DEADLINE,
    );
    // The stand-in's 150 IO ops/s cannot match gilsim at 1 ms and 0.5 ms.
    assert_eq!(o.code, Some(80), "{}", o.show());
    assert!(
        o.stdout.contains("convoy, IO ops/s at 5 ms"),
        "{}",
        o.show()
    );
    assert!(o.stdout.contains("NO"), "{}", o.show());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.with_extension("json")).unwrap())
            .unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{json}");
    for r in rows {
        assert_eq!(r["python"], "3.11");
        assert_eq!(r["runtime"], "cpython-3.11");
        assert_eq!(r["target"], 0.1);
        assert_eq!(r["real"]["median"], 150.0);
        let v = r["gilsim_virtual"]["median"].as_f64().unwrap();
        let d = r["deviation_virtual"].as_f64().unwrap();
        assert!((d - (v / 150.0 - 1.0)).abs() < 1e-12, "{r}");
    }
    // The virtual engine is deterministic: shorter intervals, more IO.
    let v: Vec<f64> = rows
        .iter()
        .map(|r| r["gilsim_virtual"]["median"].as_f64().unwrap())
        .collect();
    assert!(v[1] > 2.5 * v[0] && v[2] > v[1], "{v:?}");
    assert!(out.with_extension("png").is_file());
    assert!(out.with_extension("svg").is_file());
    // The chart redraws from the JSON alone.
    let again = dir.path("again");
    let o = gilsim_within(
        &[
            "plot",
            "validate",
            arg(&out.with_extension("json")),
            "-o",
            arg(&again),
        ],
        DEADLINE,
    );
    assert_eq!(o.code, Some(0), "{}", o.show());
    assert!(again.with_extension("png").is_file());
}

#[test]
fn no_interpreter_is_exit_69_and_a_bad_one_is_a_usage_error() {
    let dir = TempDir::new("validate-none");
    let o = output_within(
        gilsim_cmd()
            .env("PATH", arg(&dir))
            .args(["validate", "-q", "-o", arg(&dir.path("v"))]),
        DEADLINE,
        || "validate with an empty PATH hung".into(),
    );
    let o = Out::from(o);
    assert_eq!(o.code, Some(69), "{}", o.show());
    assert!(o.stderr.contains("give one with --python"), "{}", o.show());
    let o = gilsim_within(
        &[
            "validate",
            "--python",
            "/no/such/python",
            "-q",
            "-o",
            arg(&dir.path("v")),
        ],
        DEADLINE,
    );
    assert_eq!(o.code, Some(64), "{}", o.show());
    assert!(
        o.stderr.contains("--python /no/such/python"),
        "{}",
        o.show()
    );
    // clap's own usage errors exit 2, as everywhere in gilsim.
    let o = gilsim_within(&["validate", "--figures", "gpu"], DEADLINE);
    assert_eq!(o.code, Some(2), "{}", o.show());
    assert!(
        o.stderr
            .contains("possible values: cpu, io, convoy, pipeline"),
        "{}",
        o.show()
    );
    let bad = dir.write("bad.json", "{\"rows\": 3}");
    let o = gilsim_within(&["plot", "validate", arg(&bad)], DEADLINE);
    assert_eq!(o.code, Some(65), "{}", o.show());
}

#[test]
fn setswitchinterval_reaches_the_gil_on_the_virtual_engine() {
    let ops = |interval: &str| {
        let o = output_within(
            gilsim_cmd()
                .env("GILSIM_VALIDATE_INTERVAL", interval)
                .args([
                    "run",
                    "programs/validate/convoy.py",
                    "--format",
                    "none",
                    "--engine",
                    "virtual",
                    "--cores",
                    "2",
                ]),
            DEADLINE,
            || "convoy hung".into(),
        );
        let o = Out::from(o);
        assert_eq!(o.code, Some(0), "{}", o.show());
        o.stdout
            .trim()
            .strip_prefix("io_ops_per_s ")
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    let (five, one) = (ops("0.005"), ops("0.001"));
    // Each IO return waits for the interval: ~5.6 ms vs ~1.6 ms per op.
    assert!(five > 150.0 && five < 200.0, "{five}");
    assert!(one > 3.0 * five, "{five} {one}");
}

#[test]
fn the_standard_set_prints_its_figures_under_cpython_and_gilsim_alike() {
    let Ok(o) = std::process::Command::new("python3")
        .arg("--version")
        .output()
    else {
        return;
    };
    if !o.status.success() {
        return;
    }
    for (file, key) in [
        ("cpu.py", "wall"),
        ("io.py", "wall"),
        ("convoy.py", "io_ops_per_s"),
        ("pipeline.py", "wall"),
    ] {
        let path = format!("programs/validate/{file}");
        let small = [
            ("GILSIM_VALIDATE_WORK", "20000"),
            ("GILSIM_VALIDATE_OPS", "4"),
            ("GILSIM_VALIDATE_ITEMS", "8"),
            ("GILSIM_VALIDATE_COST", "1000"),
        ];
        let mut py = std::process::Command::new("python3");
        py.current_dir(env!("CARGO_MANIFEST_DIR"))
            .arg(&path)
            .envs(small);
        let p = Out::from(output_within(&mut py, DEADLINE, || {
            format!("python3 {file} hung")
        }));
        let mut gs = gilsim_cmd();
        gs.args(["run", &path, "--format", "none"]).envs(small);
        let g = Out::from(output_within(&mut gs, DEADLINE, || {
            format!("gilsim {file} hung")
        }));
        for o in [&p, &g] {
            assert_eq!(o.code, Some(0), "{file}: {}", o.show());
            let line = o.stdout.trim();
            let v: f64 = line
                .strip_prefix(key)
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or_else(|| panic!("{file}: {line:?}"));
            assert!(v > 0.0, "{file}: {line}");
        }
    }
}
