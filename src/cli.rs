//! The command line, as clap definitions only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Soteria builds multilingual child-protection guidance sites from Markdown.
#[derive(Debug, Parser)]
#[command(
    name = "soteria",
    version,
    about,
    propagate_version = true,
    after_help = "Example: soteria init my-site && cd my-site && soteria serve\n\nExit codes: 0 success; 1 the content has errors (all are listed); 2 bad usage or an unusable site.yaml. Each command's --help says more."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Check the site for every error `build` would find, writing nothing.
    Check(CheckArgs),
    /// Build the site in memory, serve it locally, and rebuild and reload as you edit.
    Serve(ServeArgs),
    /// Create a page of a content type, or the translation of an existing page.
    New(NewArgs),
    /// Show which pages are translated, outdated or missing in each language.
    Status(StatusArgs),
    /// Create a new site that checks clean and builds at once, with the built-in theme.
    Init(InitArgs),
    /// Write a JSON Schema of each content type's front matter, for editors' tools.
    Schema(SchemaArgs),
    /// Write a Decap CMS admin (configuration and page) for the site, from the same schema.
    Cms(CmsArgs),
    /// Give translators PO or XLIFF files, and take their translations back.
    #[command(
        subcommand,
        after_help = "Example: soteria translate export --lang uk --only-outdated, then (translated) soteria translate import translations/uk/outdated/guidance/*.po\n\nSee docs/translating.md for the whole workflow.\n\nExit codes: 0 done; 1 the content or a translator's file has errors; 2 bad usage or site.yaml is unusable."
    )]
    Translate(TranslateCommand),
    /// Work with the theme built into soteria.
    #[command(
        subcommand,
        after_help = "Example: soteria theme eject themes/custom\n\nExit codes: 0 done; 2 bad usage, or the folder is not empty or cannot be written."
    )]
    Theme(ThemeCommand),
}

/// `soteria init`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example: soteria init my-site --languages en,sv,ar --title \"Barnahus guidance\"\n\nExit codes: 0 created; 2 the folder is not empty, or a language or the title cannot be used."
)]
pub struct InitArgs {
    /// The new site's folder; it must be empty or not exist yet.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// The site's languages, the first being the default (`en,sv,ar`).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "en,sv",
        value_name = "LANGS"
    )]
    pub languages: Vec<String>,
    /// The site's title.
    #[arg(long, default_value = "Child protection guidance")]
    pub title: String,
}

/// `soteria schema`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example: soteria schema --out schemas\n\nExit codes: 0 written; 1 the files cannot be written; 2 site.yaml cannot be used."
)]
pub struct SchemaArgs {
    /// The folder to write the schemas into, under the site's root.
    #[arg(long, default_value = "schemas", value_name = "DIR")]
    pub out: PathBuf,
    /// The site's folder (the one with site.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `soteria cms`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example: soteria cms --out static/admin    (after `npm install decap-cms@3` in the site's folder)\n\nExit codes: 0 written with the CMS bundle; 1 written, but the bundle was not found (the admin cannot load until it is there); 2 site.yaml cannot be used."
)]
pub struct CmsArgs {
    /// The folder to write the admin into, under the site's root (served at /admin/).
    #[arg(long, default_value = "static/admin", value_name = "DIR")]
    pub out: PathBuf,
    /// The Decap CMS bundle to copy beside the admin page (default:
    /// node_modules/decap-cms/dist/decap-cms.js in the site's folder).
    #[arg(long, value_name = "PATH")]
    pub bundle: Option<PathBuf>,
    /// The site's folder (the one with site.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `soteria theme …`.
#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Write the built-in theme out into a folder of the site, for heavy changes; set
    /// `theme: NAME` in site.yaml to use it (nothing else is changed).
    #[command(
        after_help = "Example: soteria theme eject themes/custom\n\nExit codes: 0 written; 2 the folder is not empty, or cannot be written."
    )]
    Eject(EjectArgs),
}

/// `soteria theme eject`.
#[derive(Debug, Args)]
pub struct EjectArgs {
    /// The folder to write the theme into, under the site's root.
    #[arg(default_value = "themes/custom", value_name = "DIR")]
    pub dir: PathBuf,
    /// The site's folder (the one with site.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `soteria new`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example: soteria new guidance referral-steps    (then: soteria new guidance referral-steps --lang sv)\n\nExit codes: 0 created; 2 the type, name or language cannot be used, the page exists or has no original to translate, or site.yaml is unusable."
)]
pub struct NewArgs {
    /// The content type (page, guidance, standard, tool, finding, practice, project, news).
    #[arg(value_name = "TYPE")]
    pub content_type: String,
    /// The page's name (`referral-steps`), or its path under content/ (`guidance/referral-steps`).
    pub slug: String,
    /// The language: with an existing page, creates its translation.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// The site's folder (the one with site.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// `soteria status`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example: soteria status --format json\n\nExit codes: 0 the status was shown (files that cannot be read are listed first); 2 bad usage or site.yaml is unusable."
)]
pub struct StatusArgs {
    /// The site's folder (the one with site.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// How to print the status.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Print only the summary line of each language, not the files to translate.
    #[arg(long)]
    pub summary: bool,
}

/// Options shared by the commands that read a site.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site's folder (the one with site.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Replace `base_url` from site.yaml (e.g. for a preview deployment).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `soteria build`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example: soteria build --base-url https://preview.example.org\n\nExit codes: 0 built; 1 the content has errors (all are listed; the previous output is kept) or the output cannot be written; 2 bad usage, site.yaml is unusable, or the output folder is not one soteria made (see --force)."
)]
pub struct BuildArgs {
    #[command(flatten)]
    /// The site.
    pub site: SiteArgs,
    /// Where to write the site (default: output/ in the site's folder).
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Replace the output folder even if Soteria did not make it.
    #[arg(long)]
    pub force: bool,
    /// Print how long each phase took.
    #[arg(long)]
    pub timings: bool,
    /// Show no progress bar: only diagnostics and the summary (as when not on a terminal).
    #[arg(long, short)]
    pub quiet: bool,
}

/// `soteria serve`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example: soteria serve --open\n\nExit codes: none while it runs (stop it with Ctrl-C): errors in the content are shown on the pages and in the terminal while it keeps serving; 2 bad usage, or the address or the site's folders cannot be used."
)]
pub struct ServeArgs {
    /// The site's folder (the one with site.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The address to listen on; only this computer can connect to the default.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: std::net::IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in your browser.
    #[arg(long)]
    pub open: bool,
    /// Print how long each phase of every rebuild took.
    #[arg(long)]
    pub timings: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// `soteria check`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example: soteria check --format json --deny-warnings\n\nExit codes: 0 no errors; 1 the content has errors (all are listed), or warnings with --deny-warnings; 2 bad usage or site.yaml is unusable."
)]
pub struct CheckArgs {
    #[command(flatten)]
    /// The site.
    pub site: SiteArgs,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Output formats of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For CI and editors' tools.
    Json,
}

/// `soteria translate`.
#[derive(Debug, Subcommand)]
pub enum TranslateCommand {
    /// Write a PO or XLIFF file per page with its segments to translate into a language.
    #[command(
        after_help = "Example: soteria translate export --lang uk --format xliff --only-outdated\n\nEach file holds one page's segments (paragraphs, headings, list items, cells, titles) with the current translation where it still matches; a segment whose original changed is marked fuzzy (PO) or initial (XLIFF), with its previous source text.\n\nExit codes: 0 written; 1 the content has errors or a file cannot be written; 2 bad usage or site.yaml is unusable."
    )]
    Export(ExportArgs),
    /// Read translators' PO or XLIFF files back into the pages' translations.
    #[command(
        after_help = "Example: soteria translate import translations/uk/guidance/referral.po\n\nWrites or updates content/…/NAME.LANG.md: the original's Markdown with the translated text in place. A file whose translation loses or changes a link, reference or code, or changes the page's structure, writes nothing (its errors name the file and line); the other files are still imported.\n\nExit codes: 0 every file imported; 1 a file had errors (the others were imported); 2 bad usage or site.yaml is unusable."
    )]
    Import(ImportArgs),
}

/// The format of translators' files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TranslationFormat {
    /// GNU gettext PO: Poedit, Weblate, Crowdin, Lokalise.
    Po,
    /// XLIFF 2.0: memoQ, Trados, Okapi, Crowdin.
    #[value(alias = "xlf")]
    Xliff,
}

/// `soteria translate export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The site's folder (the one with site.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The language to translate into (one of site.yaml's languages).
    #[arg(long, value_name = "LANG")]
    pub lang: String,
    /// The files' format.
    #[arg(long, value_enum, default_value_t = TranslationFormat::Po)]
    pub format: TranslationFormat,
    /// Where to write the files (default: translations/LANG in the site's folder; with
    /// --only-outdated, translations/LANG/outdated, emptied of earlier such files first).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Only the segments to translate or review, and only pages that have some.
    #[arg(long)]
    pub only_outdated: bool,
}

/// `soteria translate import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The site's folder (the one with site.yaml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// The translated PO or XLIFF files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}
