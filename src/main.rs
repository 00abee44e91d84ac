//! The `gilsim` binary: parse the command line, run, map errors to exit
//! codes (the rules are in `gilsim::cli`).

fn main() {
    std::process::exit(gilsim::cli::main());
}
