//! gilsim's integration tests: one test binary, one module per area.

/// Helpers shared by the modules: assembling, running, capturing output.
mod common;

/// Golden programs (tests/golden and programs/) carry their expected output
/// in comments; one harness runs them all.
mod golden;

/// Malformed `.pyasm`: each input's message and position.
mod asm_errors;

/// The verifier: stack depth, jumps, arity, falling off the end.
mod verifier;

/// Operator semantics against Python's rules (and CPython itself when
/// python3 is installed).
mod semantics;

/// `dis` output assembles back to the same program; property tests.
mod roundtrip;

/// No input makes the assembler, verifier or VM panic.
mod robustness;

/// Interpreter threads under the GIL and in free mode: invariants,
/// counters, deadlocks, errors in threads, timeouts.
mod threads;

/// Each GIL policy's defining behaviour, through counters.
mod policies;

/// Policy parameters through the binary: `--policy 'name(k=v)'`, the
/// canonical name in reports, usage errors, `--check-interval`, `--help`;
/// the history-driven `fair-share` policy on the virtual engine.
mod policy_params;

/// `--mode async`: cooperative tasks on one OS thread.
mod asyncio;

/// `--mode process`: worker processes with their own GIL and globals.
mod processes;

/// `--mode interp` and `concurrent.interpreters`: subinterpreters.
mod interp;

/// gilsim's Python library on the engines: timed waits, daemon threads,
/// process pools in parallel, determinism of virtual runs.
mod library;

/// The library's packages (asyncio, multiprocessing, concurrent.futures)
/// and imports: package init order, relative and star imports, blocking
/// operations and tracebacks named after submodules.
mod library_packages;

/// Traces (Chrome Trace Event Format) and GIL timelines.
mod tracing;

/// Sweeps, their JSON and CSV, and plots.
mod experiment;

/// The sweep charts: panels per workload, legend, --series, themes.
mod plot_sweep;

/// `experiment load`: a request server under open- and closed-loop load.
mod load;

/// The Python front end: golden disassembly, errors, twins against CPython.
mod python;

/// The `gilsim` binary: exit codes, messages, tracebacks.
mod cli;

/// `--engine virtual`: determinism, convoy, scaling, policies, processes
/// and asyncio in virtual time.
mod virtual_engine;

/// The engine seam through the binary: traces in every mode and engine,
/// deadlocks in workers, process histograms, asyncio counters on both
/// engines, and flags a mode ignores.
mod seam;

/// The engines under attack: random concurrent programs in every mode on
/// both engines, mutated cost models.
mod hostile_engine;

/// Hostile use of the binary: closed or full stdout, unwritable outputs,
/// degenerate numbers.
mod hostile_cli;

/// The Python front end against hostile input: deep nesting at CPython's
/// limits, corners where it differed from CPython, big programs, mutations.
mod hostile_py;

/// Hostile input files: plot windows, damaged results, convoy results and
/// traces, collapsed recursion tracebacks, huge functions; mutation
/// property tests through the library and the binary.
mod hostile_files;

/// The course in programs/learn/: every program prints the same under
/// CPython and under gilsim, on the real and the virtual engine.
mod learn_course;

mod asm_objects;
mod differential;
mod free_objects;

/// Free-threading profiles: ideal as before, the overhead of 3.13t and
/// 3.14t, private data scaling and a shared dict not, the flag.
mod free_costs;

/// Research at scale: grids, seeds and CIs, `--jobs`, shards and merge,
/// compare.
mod research;

/// `gilsim replay`: byte-identical virtual replays from a report's
/// invocation block; changed programs and bad reports refused.
mod replay;

/// `experiment convoy|ccbench --seeds/--reps`: summaries over runs, the
/// tidy CSV, error bars, old and new files, the flags' checks.
mod experiment_seeds;

/// `gilsim validate` with a stand-in interpreter; the standard set's
/// programs; `sys.setswitchinterval` reaching the GIL.
mod validate;

/// One spelling per meaning across commands (switch intervals, policies,
/// `--runtime` on the experiments and `report`, `validate --timeout`),
/// and `compare`'s intervals printed wide enough to differ.
mod cli_consistency;

/// Runtime presets (`--runtime`, `sweep --runtimes`) and the `gvl`
/// (Ruby 3.3) and `masterlock` (OCaml 4.14) policies they use.
mod runtime;

/// The documentation: links and images resolve, docs/SUMMARY.md lists
/// every page, the tutorial's shell blocks run, and the CLI reference
/// names every command and flag of the binary's help.
mod docs;

/// Help and errors that lead somewhere: `.py` in every help, advice and a
/// docs link on unsupported constructs, `gilsim policies`.
mod guidance;

/// The timeline, convoy, load and validate charts: titles, legends,
/// intervals for people, footnotes, --series, themes.
mod plot_charts;
