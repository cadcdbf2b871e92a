//! The `soteria` command: parses the command line, calls the library, prints diagnostics and maps
//! the outcome to an exit code (0 success, 1 the site has errors, 2 bad usage or configuration).

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;

use soteria::cli::{
    BuildArgs, CheckArgs, Cli, CmsArgs, Command, EjectArgs, ExportArgs, Format, ImportArgs,
    InitArgs, NewArgs, SchemaArgs, ServeArgs, SiteArgs, StatusArgs, ThemeCommand, TranslateCommand,
    TranslationFormat,
};
use soteria::content::schema::Schema;
use soteria::diagnostics::{eprint_all, to_json};
use soteria::translate::{self, commands::FileFormat};
use soteria::{BuildError, BuildOptions, Config, Diagnostic};

/// mimalloc: a build allocates and frees many small strings and maps on every thread, which it
/// does in about half the time glibc's allocator takes (see `fast-alloc` in Cargo.toml).
#[cfg(feature = "fast-alloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        quiet_on_closed_pipes();
    }
    let code = match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Check(args) => run_check(&args),
        Command::Serve(args) => run_serve(&args),
        Command::New(args) => run_new(&args),
        Command::Status(args) => run_status(&args),
        Command::Init(args) => run_init(&args),
        Command::Schema(args) => run_schema(&args),
        Command::Cms(args) => run_cms(&args),
        Command::Theme(ThemeCommand::Eject(args)) => run_eject(&args),
        Command::Translate(TranslateCommand::Export(args)) => run_export(&args),
        Command::Translate(TranslateCommand::Import(args)) => run_import(&args),
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
    let progress = Progress::start(!args.quiet && std::io::stderr().is_terminal());
    let result = soteria::build_with(&options, &|phase| progress.phase_done(phase));
    progress.finish();
    match result {
        Ok(generated) => {
            eprint_all(&generated.warnings);
            if args.timings {
                eprint!("{}", generated.timings_table());
            }
            eprintln!(
                "built {} into {} in {:.2}s{}",
                generated.pages_summary(),
                options.output_dir().display(),
                start.elapsed().as_secs_f64(),
                warning_suffix(generated.warnings.len()),
            );
            0
        }
        Err(error) => {
            // A failed build writes no output (it may put back one a crash left aside): one
            // there now is the previous one. A first build that fails leaves none to speak of.
            let consequence = if options.output_dir().exists() {
                "nothing was written; the previous output is unchanged"
            } else {
                "nothing was written"
            };
            report_failure(&error, consequence)
        }
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
                eprint_all(&generated.warnings);
                eprintln!("no errors{}", warning_suffix(generated.warnings.len()));
            }
            u8::from(args.deny_warnings && !generated.warnings.is_empty())
        }
        // `check` never writes: there is nothing more to say than the errors.
        Err(error) if args.format == Format::Text => report_failure(&error, ""),
        Err(error) => exit_code(&error),
    }
}

fn run_serve(args: &ServeArgs) -> u8 {
    let options = soteria::serve::ServeOptions {
        root: args.root.clone(),
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
        timings: args.timings,
    };
    match soteria::serve::serve(&options) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error}");
            2
        }
    }
}

/// Reads `site.yaml` and what it adds to the content types, as a build does: a mistake in either
/// is a configuration error.
fn read_config(root: &std::path::Path) -> Result<(Config, Schema), BuildError> {
    let (config, _) = Config::from_file(root).map_err(BuildError::Config)?;
    let schema = Schema::new(&config).map_err(BuildError::Config)?;
    Ok((config, schema))
}

fn run_new(args: &NewArgs) -> u8 {
    let (config, schema) = match read_config(&args.root) {
        Ok(read) => read,
        Err(error) => return report_failure(&error, "nothing was created"),
    };
    match soteria::scaffold::new_page(
        &args.root,
        &config,
        &schema,
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
                None => eprintln!(
                    "created {} (a draft until you remove `draft: true`; replace any `TODO:` value first)",
                    created.path.display()
                ),
            }
            0
        }
        Err(error) => {
            eprintln!("error: {error}");
            if let Some(help) = error.help() {
                eprintln!("help: {help}");
            }
            2
        }
    }
}

fn run_status(args: &StatusArgs) -> u8 {
    let config = match read_config(&args.root) {
        Ok((config, _)) => config,
        Err(error) => return report_failure(&error, "no status"),
    };
    let (content, problems) = soteria::content::load(&args.root, &config.language_codes());
    eprint_all(&problems);
    let mut status = soteria::status::compute(&config, &content.sources);
    if !(args.summary && args.format == Format::Text) {
        soteria::status::add_progress(&config, &content.sources, &mut status);
    }
    let text = match args.format {
        Format::Text => soteria::status::render_text(&status, args.summary),
        Format::Json => soteria::status::render_json(&status) + "\n",
    };
    print_out(&text);
    0
}

fn run_export(args: &ExportArgs) -> u8 {
    let config = match read_config(&args.root) {
        Ok((config, _)) => config,
        Err(error) => return report_failure(&error, "nothing was exported"),
    };
    let format = match args.format {
        TranslationFormat::Po => FileFormat::Po,
        TranslationFormat::Xliff => FileFormat::Xliff,
    };
    // The outdated segments go beside the full files, not over them: a folder of their own,
    // which holds only this export's files.
    let (out, replace) = match (&args.out, args.only_outdated) {
        (Some(out), _) => (out.clone(), false),
        (None, only_outdated) => {
            let full = args.root.join("translations").join(&args.lang);
            if only_outdated {
                (full.join("outdated"), true)
            } else {
                (full, false)
            }
        }
    };
    match translate::commands::export_files(
        &args.root,
        &config,
        &args.lang,
        format,
        &out,
        args.only_outdated,
        replace,
    ) {
        Ok(exported) => {
            let [all, translated, review, new] = exported.segments;
            if exported.files.is_empty() {
                eprintln!(
                    "nothing to translate into {}: every segment is current",
                    args.lang
                );
            } else {
                let files = exported.files.len();
                eprintln!(
                    "wrote {files} {} {} into {}: {all} segments, {new} to translate, {review} to review, {translated} translated",
                    format.extension(),
                    if files == 1 { "file" } else { "files" },
                    out.display()
                );
            }
            0
        }
        Err(errors) => {
            eprint_all(&errors);
            if errors
                .iter()
                .any(|e| e.code == "translate-export" && e.location.is_none())
            {
                2
            } else {
                1
            }
        }
    }
}

fn run_import(args: &ImportArgs) -> u8 {
    let config = match read_config(&args.root) {
        Ok((config, _)) => config,
        Err(error) => return report_failure(&error, "nothing was imported"),
    };
    let (imported, diagnostics) =
        translate::commands::import_files(&args.root, &config, &args.files);
    eprint_all(&diagnostics);
    for file in &imported {
        let [translated, review, untranslated] = file.counts;
        if let Some(written) = &file.written {
            eprintln!(
                "imported {} into {}: {translated} segments translated, {review} awaiting review, {untranslated} untranslated",
                file.file.display(),
                written.display()
            );
        }
    }
    let failed = args.files.len() - imported.len();
    if failed > 0 {
        match args.files.len() {
            1 => eprintln!("the file was not imported (see the errors above)"),
            all => eprintln!("{failed} of {all} files were not imported (see the errors above)"),
        }
        1
    } else {
        0
    }
}

/// Asks Linux not to back this process's memory with transparent huge pages. The allocator's
/// arenas qualify for them, and the kernel then clears 2 MiB at a time, most of it never used: on
/// the 10,000-page benchmark a seventh of a build's CPU time went to clearing pages. Without
/// them, system time fell by a quarter and the peak memory by 18 MB (issue 22).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes integer arguments and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Lets a closed pipe end the process as it ends other Unix tools (`soteria status | head`),
/// instead of a panic when a diagnostic is printed to it. Not for `serve`, whose writes to a
/// browser that went away must fail without ending the server.
fn quiet_on_closed_pipes() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Writes `text` to standard output; a reader that stopped reading (`soteria status | head`)
/// is not an error.
fn print_out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn run_eject(args: &EjectArgs) -> u8 {
    let dir = args.root.join(&args.dir);
    match soteria::theme::eject(&dir) {
        Ok(count) => {
            let name = args.dir.file_name().map_or_else(
                || "custom".to_string(),
                |name| name.to_string_lossy().into_owned(),
            );
            eprintln!(
                "wrote the built-in theme's {count} files into {}; to use them, set `theme: {name}` in site.yaml (if the folder is themes/{name}/)",
                dir.display()
            );
            0
        }
        Err(error) => {
            eprintln!("error: {error}");
            eprintln!("help: name a new folder, e.g. `soteria theme eject themes/mine`");
            2
        }
    }
}

fn run_schema(args: &SchemaArgs) -> u8 {
    match soteria::schema::write(&args.root, &args.out) {
        Ok(written) => {
            eprintln!(
                "wrote {} JSON Schemas into {}",
                written.len(),
                args.root.join(&args.out).display()
            );
            0
        }
        Err(error) => report_failure(&error, "no schema was written"),
    }
}

fn run_cms(args: &CmsArgs) -> u8 {
    let options = soteria::cms::CmsOptions {
        root: args.root.clone(),
        out: args.out.clone(),
        bundle: args.bundle.clone(),
    };
    match soteria::cms::write(&options) {
        Ok(written) => match written.bundle {
            Ok(_) => {
                eprintln!(
                    "wrote the Decap CMS admin into {}; `soteria serve` shows it at /admin/ (run `npx decap-server` beside it to save locally)",
                    written.dir.display()
                );
                0
            }
            Err(looked) => {
                eprintln!(
                    "wrote config.yml and index.html into {}",
                    written.dir.display()
                );
                eprintln!("error: {}", soteria::cms::missing_bundle_help(&looked));
                1
            }
        },
        Err(error) => report_failure(&error, "nothing was written"),
    }
}

fn run_init(args: &InitArgs) -> u8 {
    let settings = soteria::init::Settings {
        languages: args.languages.clone(),
        title: args.title.clone(),
    };
    match soteria::init::init(&args.dir, &settings) {
        Ok(count) => {
            eprintln!(
                "created a new site of {count} files in {}; next: `soteria serve --root {0}`, then edit site.yaml and content/",
                args.dir.display()
            );
            0
        }
        Err(error) => {
            eprintln!("error: {error}");
            eprintln!("help: {}", error.help());
            2
        }
    }
}

/// Prints what went wrong, then `consequence` (what the command did not do; may be empty).
fn report_failure(error: &BuildError, consequence: &str) -> u8 {
    match error {
        BuildError::Usage(message) => eprintln!("error: {message}"),
        BuildError::Write(io) => {
            eprintln!("error: cannot write the output: {io}");
            if error.output_unchanged() && !consequence.is_empty() {
                eprintln!("{consequence}");
            }
        }
        BuildError::Config(diagnostics) | BuildError::Content(diagnostics) => {
            eprint_all(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            eprintln!(
                "error: {errors} error{}{}{}{consequence}",
                if errors == 1 { "" } else { "s" },
                warning_suffix(warnings),
                if consequence.is_empty() { "" } else { "; " },
            );
        }
    }
    exit_code(error)
}

fn exit_code(error: &BuildError) -> u8 {
    u8::try_from(error.exit_code()).unwrap_or(1)
}

fn warning_suffix(warnings: usize) -> String {
    match warnings {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    }
}

/// The progress bar of a build on a terminal: it appears only when the build has taken a
/// second, so quick builds print just their summary.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    const DELAY: Duration = Duration::from_secs(1);

    fn start(on_terminal: bool) -> Progress {
        if !on_terminal {
            return Progress { bar: None };
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(soteria::PHASES.len() as u64),
            indicatif::ProgressDrawTarget::hidden(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} {bar:24} {pos}/{len} {msg} {elapsed}",
        ) {
            bar.set_style(style);
        }
        bar.set_message(soteria::PHASES[0]);
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Progress::DELAY);
            if !shown.is_finished() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress { bar: Some(bar) }
    }

    fn phase_done(&self, phase: &str) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            let next = soteria::PHASES
                .iter()
                .skip_while(|p| **p != phase)
                .nth(1)
                .copied()
                .unwrap_or("");
            bar.set_message(next);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
