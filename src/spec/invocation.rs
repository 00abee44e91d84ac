//! What a run report records to run it again: the program (its path as
//! given and the SHA-256 of its bytes), the entry function and its
//! arguments, every setting of [`RunConfig`] and the engine, the gilsim
//! version, the command line and the directory it was given in.
//!
//! The command line fills it ([`Invocation::new`], in `gilsim run`): the
//! engines never see a file path. `gilsim replay` reads it back and
//! rebuilds the [`RunConfig`] exactly ([`Invocation::run_config`]).
//! Reading one checks it as `gilsim run` checks its flags, so a report
//! that deserialises describes a run `gilsim run` could have made; the
//! error (with the file's line and column, through serde) names the field.

use super::{CostModel, Engine, EngineConfig, FreeProfileId, Mode, RunConfig};
use crate::gil::PolicyId;
use serde::{Deserialize, Serialize};

/// The program a run ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramFile {
    /// The path as given on the command line (relative to `cwd` if it is
    /// relative); also the name tracebacks show.
    pub path: String,
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    pub sha256: String,
}

/// The engine of a run, with the simulated machine for the virtual one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EngineSpec {
    /// Real OS threads (or processes) and the wall clock.
    Real,
    /// The deterministic simulation.
    Virtual {
        /// Simulated cores.
        cores: u32,
        /// The seed of every random choice.
        seed: u64,
        /// The whole cost model.
        cost: CostModel,
    },
}

impl EngineSpec {
    /// The spec of an engine configuration.
    pub fn of(ec: &EngineConfig) -> EngineSpec {
        match ec.engine {
            Engine::Real => EngineSpec::Real,
            Engine::Virtual => EngineSpec::Virtual {
                cores: ec.cores,
                seed: ec.seed,
                cost: ec.cost.clone(),
            },
        }
    }

    /// The engine configuration it describes.
    pub fn config(&self) -> EngineConfig {
        match self {
            EngineSpec::Real => EngineConfig::default(),
            EngineSpec::Virtual { cores, seed, cost } => EngineConfig {
                engine: Engine::Virtual,
                cores: *cores,
                seed: *seed,
                cost: cost.clone(),
            },
        }
    }
}

/// Everything needed to run a report's run again. Serialised as the
/// report's `invocation` object (fields in docs/reference/schemas.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "InvocationFile")]
pub struct Invocation {
    /// The gilsim version that made the run.
    pub gilsim_version: String,
    /// The command line, `argv[0]` first (lossily UTF-8).
    pub argv: Vec<String>,
    /// The directory the command was given in (absolute), against which a
    /// relative program path is resolved; `None` if it could not be read.
    pub cwd: Option<String>,
    /// The program file.
    pub program: ProgramFile,
    /// The entry function (`__module__`: a `.py` file's module code).
    pub entry: String,
    /// Its arguments, as literals `--arg` reads (`10`, `"hi"`, `0.5`).
    pub args: Vec<String>,
    /// Harness threads.
    pub threads: u32,
    /// `gil`, `free`, `async` or `process`.
    pub mode: Mode,
    /// The GIL policy in its canonical string form; `None` (null) in free
    /// and async modes, which have none.
    pub policy: Option<PolicyId>,
    /// The free-threading profile (`--free-threading`) in free mode;
    /// absent in every other mode. A free-mode report written before
    /// profiles existed has none: its run paid no free-threading costs, so
    /// it replays as `ideal`, reproducing the figures it recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_threading: Option<FreeProfileId>,
    /// The switch interval (ns).
    pub switch_interval_ns: u64,
    /// Instructions between releases for tick-based policies.
    pub check_interval: u64,
    /// `--timeout` (ns), if given.
    pub timeout_ns: Option<u64>,
    /// `--max-threads`.
    pub max_threads: u32,
    /// `--recursion-limit`.
    pub recursion_limit: u32,
    /// Whether the run was traced (`--trace`).
    pub trace: bool,
    /// The engine and, for the virtual one, the machine.
    pub engine: EngineSpec,
    /// `--runtime`, if given: the preset whose settings the fields above
    /// hold (and, for a free-threaded build, whose free-threading profile
    /// the run used). Absent from reports of runs without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
}

/// [`Invocation`] as read, before it is checked.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InvocationFile {
    gilsim_version: String,
    argv: Vec<String>,
    cwd: Option<String>,
    program: ProgramFile,
    entry: String,
    args: Vec<String>,
    threads: u32,
    mode: Mode,
    policy: Option<PolicyId>,
    #[serde(default)]
    free_threading: Option<FreeProfileId>,
    switch_interval_ns: u64,
    check_interval: u64,
    timeout_ns: Option<u64>,
    max_threads: u32,
    recursion_limit: u32,
    trace: bool,
    engine: EngineSpec,
    #[serde(default)]
    runtime: Option<String>,
}

impl TryFrom<InvocationFile> for Invocation {
    type Error = String;

    fn try_from(f: InvocationFile) -> Result<Invocation, String> {
        let inv = Invocation {
            gilsim_version: f.gilsim_version,
            argv: f.argv,
            cwd: f.cwd,
            program: f.program,
            entry: f.entry,
            args: f.args,
            threads: f.threads,
            mode: f.mode,
            policy: f.policy,
            free_threading: match (f.mode, f.free_threading) {
                (Mode::Free, None) => Some(FreeProfileId::Ideal),
                (_, given) => given,
            },
            switch_interval_ns: f.switch_interval_ns,
            check_interval: f.check_interval,
            timeout_ns: f.timeout_ns,
            max_threads: f.max_threads,
            recursion_limit: f.recursion_limit,
            trace: f.trace,
            engine: f.engine,
            runtime: f.runtime,
        };
        inv.run_config().map_err(|e| format!("invocation: {e}"))?;
        Ok(inv)
    }
}

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The command line of this process, lossily UTF-8.
pub fn this_argv() -> Vec<String> {
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// The current directory, lossily UTF-8; `None` if it cannot be read.
pub fn this_cwd() -> Option<String> {
    std::env::current_dir()
        .ok()
        .map(|d| d.to_string_lossy().into_owned())
}

impl Invocation {
    /// The invocation of a run of `cfg` over the program at `path` (as
    /// given) whose bytes hash to `sha256`, from command line `argv` in
    /// directory `cwd`. `cfg.worker_exe` is not recorded (the command
    /// line never sets it).
    pub fn new(
        cfg: &RunConfig,
        path: &str,
        sha256: String,
        argv: Vec<String>,
        cwd: Option<String>,
    ) -> Invocation {
        Invocation {
            gilsim_version: env!("CARGO_PKG_VERSION").to_string(),
            argv,
            cwd,
            program: ProgramFile {
                path: path.to_string(),
                sha256,
            },
            entry: cfg.entry.clone(),
            args: cfg.args.iter().map(crate::vm::Value::to_literal).collect(),
            threads: cfg.threads,
            mode: cfg.mode,
            policy: cfg.effective_policy(),
            free_threading: (cfg.mode == Mode::Free).then_some(cfg.free_profile),
            switch_interval_ns: cfg.switch_interval_ns,
            check_interval: cfg.check_interval,
            timeout_ns: cfg.timeout_ns,
            max_threads: cfg.max_threads,
            recursion_limit: cfg.recursion_limit,
            trace: cfg.trace,
            engine: EngineSpec::of(&cfg.engine),
            runtime: None,
        }
    }

    /// The run configuration recorded, checked as `gilsim run` checks its
    /// flags: every number in the range its flag accepts, a policy exactly
    /// when the mode has a GIL, arguments that parse, a valid cost model.
    /// (Whether the entry exists and takes the arguments is
    /// `engine::check_run`'s, once the program is loaded.)
    pub fn run_config(&self) -> Result<RunConfig, String> {
        if self.program.sha256.len() != 64
            || !self
                .program
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(format!(
                "program.sha256 '{}' is not 64 lowercase hex digits",
                crate::plot::cut(&self.program.sha256)
            ));
        }
        if self.program.path.is_empty() {
            return Err("program.path is empty".into());
        }
        if self.entry.is_empty() {
            return Err("entry is empty".into());
        }
        let args = self
            .args
            .iter()
            .map(|s| {
                crate::asm::parse_constant(s)
                    .map_err(|m| format!("args: '{}': {m}", crate::plot::cut(s)))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if !(1..=100_000).contains(&self.max_threads) {
            return Err(format!(
                "max_threads {} is not between 1 and 100000",
                self.max_threads
            ));
        }
        if self.threads == 0 || self.threads > self.max_threads {
            return Err(format!(
                "threads {} is not between 1 and max_threads ({})",
                self.threads, self.max_threads
            ));
        }
        if !(1..=1_000_000).contains(&self.recursion_limit) {
            return Err(format!(
                "recursion_limit {} is not between 1 and 1000000",
                self.recursion_limit
            ));
        }
        if !(1..=crate::duration::MAX_SWITCH_NS).contains(&self.switch_interval_ns) {
            return Err(format!(
                "switch_interval_ns {} is not between 1 and {}",
                self.switch_interval_ns,
                crate::duration::MAX_SWITCH_NS
            ));
        }
        if self.check_interval == 0 {
            return Err("check_interval is 0 (at least 1)".into());
        }
        if let Some(t) = self.timeout_ns {
            if !(1..=crate::duration::MAX_NS).contains(&t) {
                return Err(format!(
                    "timeout_ns {t} is not between 1 and {}",
                    crate::duration::MAX_NS
                ));
            }
        }
        // PolicyId is to carry parameters, and stop being Copy.
        #[allow(clippy::clone_on_copy)]
        let given = self.policy.clone();
        let policy = match (self.mode.has_policy(), given) {
            (true, Some(p)) => p,
            (false, None) => PolicyId::default(),
            (true, None) => return Err(format!("mode {} needs a policy, got null", self.mode)),
            (false, Some(p)) => {
                return Err(format!(
                    "mode {} has no GIL, yet policy is '{p}' (expected null)",
                    self.mode
                ))
            }
        };
        let runtime = match &self.runtime {
            Some(name) => {
                let r = crate::runtime::Runtime::parse(name).map_err(|e| e.to_string())?;
                if !r.allows_mode(self.mode) {
                    return Err(format!(
                        "runtime {name} runs in {} mode, yet mode is {}",
                        r.mode(),
                        self.mode
                    ));
                }
                Some(r)
            }
            None => None,
        };
        let free_profile = match (self.mode, self.free_threading) {
            (Mode::Free, Some(p)) => p,
            (Mode::Free, None) => return Err("mode free needs free_threading, got none".into()),
            (_, None) => FreeProfileId::default(),
            (m, Some(p)) => {
                return Err(format!(
                    "mode {m} has no free-threading profile, yet free_threading is '{p}'"
                ))
            }
        };
        if let EngineSpec::Virtual { cores, cost, .. } = &self.engine {
            if !(1..=65_536).contains(cores) {
                return Err(format!("engine.cores {cores} is not between 1 and 65536"));
            }
            cost.validate().map_err(|e| format!("engine.cost: {e}"))?;
        }
        Ok(RunConfig {
            entry: self.entry.clone(),
            args,
            threads: self.threads,
            mode: self.mode,
            policy,
            runtime_costs: runtime.map_or(
                crate::spec::RuntimeCosts::NONE,
                crate::runtime::Runtime::costs,
            ),
            free_profile,
            switch_interval_ns: self.switch_interval_ns,
            check_interval: self.check_interval,
            timeout_ns: self.timeout_ns,
            max_threads: self.max_threads,
            recursion_limit: self.recursion_limit,
            trace: self.trace,
            worker_exe: None,
            engine: self.engine.config(),
        })
    }

    /// The command line, quoted for a POSIX shell where needed.
    pub fn command_line(&self) -> String {
        self.argv
            .iter()
            .map(|a| {
                let plain = !a.is_empty()
                    && a.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_./=:,@%+".contains(&b));
                if plain {
                    a.clone()
                } else {
                    format!("'{}'", a.replace('\'', r"'\''"))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::Value;

    fn cfg() -> RunConfig {
        RunConfig {
            entry: "main".into(),
            args: vec![
                Value::Int(-3),
                Value::Float(0.0005),
                Value::Float(1e-7),
                Value::str("it's \"quoted\"\n"),
                Value::None,
                Value::Bool(true),
            ],
            threads: 3,
            policy: "io-priority".parse().unwrap(),
            switch_interval_ns: 250_000,
            timeout_ns: Some(2_000_000_000),
            engine: EngineConfig {
                seed: 42,
                ..EngineConfig::virtual_machine(8)
            },
            ..RunConfig::default()
        }
    }

    #[test]
    fn a_config_survives_the_round_trip_through_json() {
        let c = cfg();
        let inv = Invocation::new(&c, "p.pyasm", sha256_hex(b"x"), vec!["gilsim".into()], None);
        let text = serde_json::to_string_pretty(&inv).unwrap();
        let back: Invocation = serde_json::from_str(&text).unwrap();
        assert_eq!(back, inv);
        assert_eq!(serde_json::to_string_pretty(&back).unwrap(), text);
        let r = back.run_config().unwrap();
        let literals = |v: &[Value]| v.iter().map(Value::to_literal).collect::<Vec<_>>();
        assert_eq!(literals(&r.args), literals(&c.args));
        assert_eq!(
            (
                r.threads,
                r.policy.to_string(),
                r.switch_interval_ns,
                r.timeout_ns
            ),
            (3, "io-priority".into(), 250_000, Some(2_000_000_000))
        );
        assert_eq!(r.engine, c.engine);
    }

    #[test]
    fn the_free_threading_profile_is_recorded_in_free_mode_only() {
        let free = RunConfig {
            mode: Mode::Free,
            free_profile: FreeProfileId::Cp313t,
            ..cfg()
        };
        let inv = Invocation::new(&free, "p.py", sha256_hex(b"x"), vec![], None);
        let v = serde_json::to_value(&inv).unwrap();
        assert_eq!(v["free_threading"], "3.13t");
        let back: Invocation = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(
            back.run_config().unwrap().free_profile,
            FreeProfileId::Cp313t
        );
        // A report from before profiles: its free run cost nothing.
        let mut old = v.clone();
        old.as_object_mut().unwrap().remove("free_threading");
        let back: Invocation = serde_json::from_value(old).unwrap();
        assert_eq!(
            back.run_config().unwrap().free_profile,
            FreeProfileId::Ideal
        );
        // Other modes record none, and refuse one.
        let gil = serde_json::to_value(Invocation::new(&cfg(), "p", sha256_hex(b""), vec![], None))
            .unwrap();
        assert!(gil.get("free_threading").is_none());
        let mut bad = gil;
        bad["free_threading"] = "3.14t".into();
        let e = serde_json::from_value::<Invocation>(bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no free-threading profile"), "{e}");
    }

    #[test]
    fn the_runtime_is_recorded_only_when_given_and_old_reports_load() {
        let mut inv = Invocation::new(&cfg(), "p.pyasm", sha256_hex(b""), vec![], None);
        let old = serde_json::to_value(&inv).unwrap();
        assert!(old.get("runtime").is_none(), "absent without --runtime");
        assert!(serde_json::from_value::<Invocation>(old).is_ok());
        let mut c = cfg();
        crate::runtime::Runtime::by_name("cpython-3.13t")
            .unwrap()
            .apply(&mut c);
        inv = Invocation::new(&c, "p.pyasm", sha256_hex(b""), vec![], None);
        inv.runtime = Some("cpython-3.13t".into());
        let v = serde_json::to_value(&inv).unwrap();
        assert_eq!(v["runtime"], "cpython-3.13t");
        let back: Invocation = serde_json::from_value(v.clone()).unwrap();
        let r = back.run_config().unwrap();
        assert_eq!(r.free_profile, crate::spec::FreeProfileId::Cp313t);
        let mut bad = v.clone();
        bad["runtime"] = "jython".into();
        let e = serde_json::from_value::<Invocation>(bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown runtime 'jython'"), "{e}");
        let mut bad = v;
        bad["mode"] = "gil".into();
        bad["policy"] = "newgil".into();
        let e = serde_json::from_value::<Invocation>(bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("runtime cpython-3.13t runs in free mode"), "{e}");
    }

    #[test]
    fn the_hash_is_sha256() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn impossible_settings_are_refused_by_name() {
        let inv = Invocation::new(&cfg(), "p.pyasm", sha256_hex(b""), vec![], None);
        let v = serde_json::to_value(&inv).unwrap();
        for (field, value, fragment) in [
            ("threads", serde_json::json!(0), "threads 0"),
            ("policy", serde_json::json!(null), "needs a policy"),
            ("policy", serde_json::json!("lottery"), "unknown policy"),
            ("args", serde_json::json!(["1 +"]), "args: '1 +'"),
            (
                "switch_interval_ns",
                serde_json::json!(0),
                "switch_interval_ns 0",
            ),
            (
                "check_interval",
                serde_json::json!(0),
                "check_interval is 0",
            ),
        ] {
            let mut bad = v.clone();
            bad[field] = value;
            let e = serde_json::from_value::<Invocation>(bad)
                .unwrap_err()
                .to_string();
            assert!(e.contains(fragment), "{field}: {e}");
        }
        let mut bad = v.clone();
        bad["mode"] = "free".into();
        let e = serde_json::from_value::<Invocation>(bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("has no GIL"), "{e}");
        let mut bad = v;
        bad["engine"]["cost"]["jitter"] = 5.0.into();
        let e = serde_json::from_value::<Invocation>(bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("engine.cost: jitter"), "{e}");
    }

    #[test]
    fn command_lines_are_quoted_for_a_shell() {
        let mut inv = Invocation::new(&cfg(), "p.pyasm", sha256_hex(b""), vec![], None);
        inv.argv = ["gilsim", "run", "a b.py", "--arg", "\"it's\""]
            .map(String::from)
            .to_vec();
        assert_eq!(
            inv.command_line(),
            r#"gilsim run 'a b.py' --arg '"it'\''s"'"#
        );
    }
}
