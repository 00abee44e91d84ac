//! `gilsim validate`: the command line of [`crate::validate`].

use crate::error::{exit, Error};
use crate::validate::{self, interpreters, workloads, Options, ValidateResults};
use std::path::PathBuf;
use std::time::Duration;

/// `gilsim validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// A real interpreter to compare with (a command on PATH or a path);
    /// repeat for several [default: every one of python3, python2.7,
    /// python3.12, python3.13, python3.14, python3.13t, python3.14t found,
    /// pyenv shims resolved to their binaries].
    #[arg(long = "python", value_name = "PYTHON")]
    pythons: Vec<String>,
    /// Rounds: each run is made this many times, alternating the real
    /// interpreter and gilsim; figures are medians over the rounds.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    rounds: u32,
    /// The families of figures to measure (comma-separated).
    #[arg(long, value_delimiter = ',', default_value = "cpu,io,convoy,pipeline",
          value_parser = clap::builder::PossibleValuesParser::new(workloads::FAMILIES))]
    figures: Vec<String>,
    /// Simulated cores of the virtual engine [default: this machine's].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=65536))]
    cores: Option<u32>,
    /// Longest time one run may take before it is killed: a duration, as
    /// `run --timeout` takes it (600s, 2.5s, 500ms; a bare number is
    /// seconds: 600 = 600s); more than 0, at most 1 day.
    #[arg(long, default_value = "300s", value_parser = parse_timeout)]
    timeout: u64,
    /// Output prefix: writes PREFIX.json and PREFIX.png / PREFIX.svg.
    #[arg(short, long, default_value = "validate")]
    out: PathBuf,
    /// No progress lines on stderr.
    #[arg(short, long)]
    quiet: bool,
    /// How the chart looks.
    #[command(flatten)]
    chart: super::chart_args::ChartArgs,
}

/// The longest `--timeout`: one day.
const MAX_TIMEOUT_NS: u64 = 86_400 * 1_000_000_000;

/// Parses `--timeout` as `run --timeout` does (a duration, a bare number
/// being seconds; more than 0), at most [`MAX_TIMEOUT_NS`].
fn parse_timeout(text: &str) -> Result<u64, String> {
    let ns = crate::duration::parse_positive_ns(text)?;
    if ns > MAX_TIMEOUT_NS {
        return Err(format!("'{text}' is too long (at most 1 day: 86400s)"));
    }
    Ok(ns)
}

/// Runs `gilsim validate`.
pub fn validate(a: ValidateArgs) -> Result<i32, Error> {
    let json = a.out.with_extension("json");
    let output = a.chart.output()?;
    super::check_writable(&json)?;
    for f in output.files(&a.out) {
        super::check_writable(&f)?;
    }
    let pythons = interpreters::discover(&a.pythons).map_err(Error::Usage)?;
    if pythons.is_empty() {
        eprintln!(
            "gilsim validate: no real Python interpreter found on PATH (looked for {}); give one with --python",
            interpreters::CANDIDATES.join(", ")
        );
        return Ok(exit::UNAVAILABLE);
    }
    let families: Vec<&'static str> = workloads::FAMILIES
        .into_iter()
        .filter(|f| a.figures.iter().any(|g| g == f))
        .collect();
    let gilsim = std::env::current_exe().map_err(|e| {
        Error::Experiment(format!(
            "validate: cannot find gilsim's own executable: {e}"
        ))
    })?;
    let opts = Options {
        pythons,
        rounds: a.rounds,
        cores: a.cores.unwrap_or_else(crate::spec::host_cores),
        families,
        gilsim,
        timeout: Duration::from_nanos(a.timeout),
        progress: !a.quiet,
    };
    let r = validate::validate(&opts)?;
    r.save(&json)?;
    outln!("{}", r.text());
    outln!("wrote {}", json.display());
    let chart = crate::plot::validate::ValidateChart { results: &r };
    super::draw_chart(&chart, &a.out, &output)?;
    Ok(if r.missed().is_empty() {
        exit::OK
    } else {
        exit::MISSED
    })
}

/// `gilsim plot validate FILE`: redraws the chart of saved results.
pub fn plot(
    results: &std::path::Path,
    out: &std::path::Path,
    output: &crate::plot::Output,
) -> Result<i32, Error> {
    let r = ValidateResults::load(results)?;
    super::draw_chart(
        &crate::plot::validate::ValidateChart { results: &r },
        out,
        output,
    )
}

#[cfg(test)]
mod tests {
    use super::{parse_timeout, MAX_TIMEOUT_NS};
    use crate::duration::parse_positive_ns;

    #[test]
    fn the_timeout_reads_as_run_reads_its_timeout() {
        // A bare number is seconds, as for `run --timeout`.
        for text in ["30", "30s", "0.5", "500ms", "1e-3", "250us", "86400"] {
            assert_eq!(parse_timeout(text), parse_positive_ns(text), "{text}");
        }
        assert_eq!(parse_timeout("300"), Ok(300_000_000_000));
        assert_eq!(parse_timeout("300"), parse_timeout("300s"));
        for bad in ["0", "0ms", "-1", "NaN", "2d", ""] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_timeout("86400s"), Ok(MAX_TIMEOUT_NS));
        assert!(parse_timeout("86401")
            .unwrap_err()
            .contains("at most 1 day"));
    }
}
