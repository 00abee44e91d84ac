//! Finding the real interpreters to validate against: on `PATH` by name
//! (`python3`, `python2.7`, `python3.13`, ...) or given with `--python`,
//! each resolved to its binary — a pyenv shim costs a tenth of a second
//! per start, and a shim for a version pyenv has but has not selected
//! fails outright, so shims are looked through to pyenv's `versions/`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The names looked for on `PATH` when no `--python` is given.
pub const CANDIDATES: [&str; 7] = [
    "python3",
    "python2.7",
    "python3.12",
    "python3.13",
    "python3.14",
    "python3.13t",
    "python3.14t",
];

/// One real interpreter.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Python {
    /// How it was named (`python3`, or the path given with `--python`).
    pub command: String,
    /// Its binary (`sys.executable`).
    pub binary: PathBuf,
    /// Its version, e.g. `3.11.7`.
    pub version: String,
    /// A free-threaded build (`Py_GIL_DISABLED`).
    pub free_threaded: bool,
    /// The gilsim runtime preset that models it (`cpython-3.11`, ...).
    pub runtime: String,
}

impl Python {
    /// `3.11` or `3.13t`: the version as the table names it.
    pub fn short(&self) -> String {
        let mm: Vec<&str> = self.version.split('.').take(2).collect();
        format!(
            "{}{}",
            mm.join("."),
            if self.free_threaded { "t" } else { "" }
        )
    }

    /// Python 2.
    pub fn is_python2(&self) -> bool {
        self.version.starts_with("2.")
    }
}

/// The runtime preset that models CPython `version` (free-threaded or
/// not): 2.x has Python 2's tick GIL; 3.2-3.11 the new GIL of 3.11; 3.12
/// and 3.13 theirs; 3.14 and later that of 3.13, the newest gilsim has.
pub fn runtime_for(version: &str, free_threaded: bool) -> Option<&'static str> {
    let mut it = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (it.next()?, it.next().unwrap_or(0));
    Some(match (major, minor, free_threaded) {
        (2, _, _) => "cpython-2.7",
        (3, 13, true) => "cpython-3.13t",
        (3, m, true) if m >= 14 => "cpython-3.14t",
        (3, m, false) if (2..=11).contains(&m) => "cpython-3.11",
        (3, 12, false) => "cpython-3.12",
        (3, m, false) if m >= 13 => "cpython-3.13",
        _ => return None,
    })
}

/// What an interpreter says of itself; works on Python 2.6+ and 3.
const PROBE: &str = "import sys, sysconfig; print(sys.executable); \
print('%d.%d.%d' % sys.version_info[:3]); \
print(sysconfig.get_config_var('Py_GIL_DISABLED') or 0)";

/// Asks the interpreter at `exe` what it is; `None` if it does not run.
pub fn probe(command: &str, exe: &Path) -> Option<Python> {
    let out = Command::new(exe).args(["-c", PROBE]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let binary = PathBuf::from(lines.next()?.trim());
    let version = lines.next()?.trim().to_string();
    let free_threaded = lines.next()?.trim() == "1";
    let runtime = runtime_for(&version, free_threaded)?;
    let binary = if binary.as_os_str().is_empty() {
        exe.to_path_buf()
    } else {
        binary
    };
    Some(Python {
        command: command.to_string(),
        binary,
        version,
        free_threaded,
        runtime: runtime.to_string(),
    })
}

/// Every file called `name` on `PATH`, in order.
fn on_path(name: &str) -> Vec<PathBuf> {
    let Some(path) = std::env::var_os("PATH") else {
        return vec![];
    };
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .filter(|p| p.is_file())
        .collect()
}

/// For a pyenv shim (`ROOT/shims/NAME`), the binaries `NAME` of every
/// version pyenv holds (`ROOT/versions/*/bin/NAME`), newest last.
fn through_shim(shim: &Path, name: &str) -> Vec<PathBuf> {
    let Some(dir) = shim.parent() else {
        return vec![];
    };
    if dir.file_name().and_then(|n| n.to_str()) != Some("shims") {
        return vec![];
    }
    let Some(root) = dir.parent() else {
        return vec![];
    };
    let Ok(entries) = std::fs::read_dir(root.join("versions")) else {
        return vec![];
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path().join("bin").join(name))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found
}

/// The interpreter named `name` (a command looked up on `PATH`, or a
/// path), resolved to its binary; `None` if nothing of that name runs.
pub fn resolve(name: &str) -> Option<Python> {
    if name.contains('/') {
        return probe(name, Path::new(name));
    }
    for exe in on_path(name) {
        if let Some(p) = probe(name, &exe) {
            return Some(p);
        }
        for real in through_shim(&exe, name) {
            if let Some(p) = probe(name, &real) {
                return Some(p);
            }
        }
    }
    None
}

/// The interpreters to validate against: those `given` (each must run),
/// or else every [`CANDIDATES`] name found, one per version (the first
/// found wins: `python3` and `python3.11` are one interpreter).
pub fn discover(given: &[String]) -> Result<Vec<Python>, String> {
    let mut out: Vec<Python> = Vec::new();
    if !given.is_empty() {
        for g in given {
            let p = resolve(g).ok_or_else(|| {
                format!("--python {g}: no Python interpreter of that name runs here (or its version has no gilsim runtime)")
            })?;
            if !out.iter().any(|o| o.short() == p.short()) {
                out.push(p);
            }
        }
        return Ok(out);
    }
    for name in CANDIDATES {
        if let Some(p) = resolve(name) {
            if !out.iter().any(|o| o.short() == p.short()) {
                out.push(p);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_map_to_the_runtime_with_their_gil() {
        assert_eq!(runtime_for("2.7.18", false), Some("cpython-2.7"));
        assert_eq!(runtime_for("3.6.15", false), Some("cpython-3.11"));
        assert_eq!(runtime_for("3.11.7", false), Some("cpython-3.11"));
        assert_eq!(runtime_for("3.12.1", false), Some("cpython-3.12"));
        assert_eq!(runtime_for("3.13.0", false), Some("cpython-3.13"));
        assert_eq!(runtime_for("3.13.0", true), Some("cpython-3.13t"));
        assert_eq!(runtime_for("3.14.1", true), Some("cpython-3.14t"));
        assert_eq!(runtime_for("3.1.5", false), None);
        assert_eq!(runtime_for("garbage", false), None);
    }

    #[test]
    fn a_shim_is_looked_through_to_pyenv_versions() {
        let root = std::env::temp_dir().join(format!("gilsim-shim-{}", std::process::id()));
        let bin = root.join("versions/2.7.18/bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(root.join("shims")).unwrap();
        std::fs::write(bin.join("python2.7"), "").unwrap();
        std::fs::write(root.join("shims/python2.7"), "").unwrap();
        let found = through_shim(&root.join("shims/python2.7"), "python2.7");
        assert_eq!(found, vec![bin.join("python2.7")]);
        assert!(through_shim(&bin.join("python2.7"), "python2.7").is_empty());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_python_running_the_tests_is_found_with_its_binary() {
        // CI installs CPython 3; where there is none, there is nothing to find.
        if let Some(p) = resolve("python3") {
            assert!(p.binary.is_file(), "{p:?}");
            assert!(p.version.starts_with('3'), "{p:?}");
            assert!(!p.binary.to_string_lossy().contains("/shims/"), "{p:?}");
        }
        assert!(resolve("no-such-python-for-gilsim").is_none());
    }
}
