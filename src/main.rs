//! The `soteria` command: parses the command line, calls the library, prints diagnostics and maps
//! the outcome to an exit code (0 success, 1 the site has errors, 2 bad usage or configuration).

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use soteria::cli::{BuildArgs, CheckArgs, Cli, Command, Format, NewArgs, SiteArgs, StatusArgs};
use soteria::diagnostics::to_json;
use soteria::{BuildError, BuildOptions, Diagnostic, Generated};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Check(args) => run_check(&args),
        Command::New(args) => run_new(&args),
        Command::Status(args) => run_status(&args),
    };
    ExitCode::from(code)
}

fn options(site: &SiteArgs) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        output: None,
        base_url: site.base_url.clone(),
        drafts: site.drafts,
        force: false,
    }
}

fn run_build(args: &BuildArgs) -> u8 {
    let start = Instant::now();
    let options = BuildOptions {
        output: args.output.clone(),
        force: args.force,
        ..options(&args.site)
    };
    match soteria::build(&options) {
        Ok(generated) => {
            print_diagnostics(&generated.warnings);
            if args.timings {
                print_timings(&generated);
            }
            let pages: Vec<String> = generated
                .pages_per_language
                .iter()
                .map(|(lang, count)| format!("{count} {lang}"))
                .collect();
            eprintln!(
                "built {} pages ({}) into {} in {:.2}s{}",
                generated
                    .pages_per_language
                    .iter()
                    .map(|(_, n)| n)
                    .sum::<usize>(),
                pages.join(", "),
                options.output_dir().display(),
                start.elapsed().as_secs_f64(),
                warning_suffix(generated.warnings.len()),
            );
            0
        }
        Err(error) => report_failure(
            &error,
            "nothing was written; the previous output is unchanged",
        ),
    }
}

fn run_check(args: &CheckArgs) -> u8 {
    let result = soteria::check(&options(&args.site));
    let diagnostics: &[Diagnostic] = match &result {
        Ok(generated) => &generated.warnings,
        Err(error) => error.diagnostics(),
    };
    if args.format == Format::Json {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{}", to_json(diagnostics));
        if let Err(error @ (BuildError::Usage(_) | BuildError::Write(_))) = &result {
            eprintln!("error: {error}");
        }
    }
    match result {
        Ok(generated) => {
            if args.format == Format::Text {
                print_diagnostics(&generated.warnings);
                eprintln!("no errors{}", warning_suffix(generated.warnings.len()));
            }
            u8::from(args.deny_warnings && !generated.warnings.is_empty())
        }
        Err(error) if args.format == Format::Text => report_failure(&error, "nothing was written"),
        Err(error) => exit_code(&error),
    }
}

fn run_new(args: &NewArgs) -> u8 {
    let config = match soteria::Config::from_file(&args.root) {
        Ok((config, _)) => config,
        Err(diagnostics) => {
            return report_failure(&BuildError::Config(diagnostics), "nothing was created")
        }
    };
    match soteria::scaffold::new_page(
        &args.root,
        &config,
        &args.content_type,
        &args.slug,
        args.lang.as_deref(),
    ) {
        Ok(created) => {
            match created.source {
                Some(source) => eprintln!(
                    "created {} (a translation of {}; translate its text and front matter)",
                    created.path.display(),
                    source.display()
                ),
                None => eprintln!("created {}", created.path.display()),
            }
            0
        }
        Err(error) => {
            eprintln!("error: {error}");
            2
        }
    }
}

fn run_status(args: &StatusArgs) -> u8 {
    let config = match soteria::Config::from_file(&args.root) {
        Ok((config, _)) => config,
        Err(diagnostics) => return report_failure(&BuildError::Config(diagnostics), "no status"),
    };
    let (content, problems) = soteria::content::load(&args.root, &config.language_codes());
    print_diagnostics(&problems);
    let status = soteria::status::compute(&config, &content.sources);
    match args.format {
        Format::Text => print!("{}", soteria::status::render_text(&status)),
        Format::Json => println!("{}", soteria::status::render_json(&status)),
    }
    0
}

fn report_failure(error: &BuildError, consequence: &str) -> u8 {
    match error {
        BuildError::Usage(message) => eprintln!("error: {message}"),
        BuildError::Write(io) => eprintln!("error: cannot write the output: {io}"),
        BuildError::Config(diagnostics) | BuildError::Content(diagnostics) => {
            print_diagnostics(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            eprintln!(
                "error: {errors} error{}{}; {consequence}",
                if errors == 1 { "" } else { "s" },
                warning_suffix(warnings)
            );
        }
    }
    exit_code(error)
}

fn exit_code(error: &BuildError) -> u8 {
    u8::try_from(error.exit_code()).unwrap_or(1)
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut stderr = std::io::stderr().lock();
    for diagnostic in diagnostics {
        let _ = writeln!(stderr, "{}", diagnostic.render());
    }
}

fn print_timings(generated: &Generated) {
    for (phase, duration) in &generated.timings {
        eprintln!("  {phase:<8} {:>8.1} ms", duration.as_secs_f64() * 1000.0);
    }
}

fn warning_suffix(warnings: usize) -> String {
    match warnings {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    }
}
