//! The `mvterms` binary: everything happens in [`mvterms::cli`].

fn main() -> std::process::ExitCode {
    mvterms::cli::run()
}
