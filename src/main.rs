//! The `gilsim` binary: parse the command line, run, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = gilsim::cli::Cli::parse();
    let code = match gilsim::cli::execute(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}
