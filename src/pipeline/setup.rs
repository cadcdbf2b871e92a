//! What every page of a build depends on, read once before the content: the configuration,
//! the templates, the theme's strings and the names of countries and themes.

use crate::config::Config;
use crate::content::schema::Schema;
use crate::diagnostics::Diagnostic;
use crate::locale::Locale;
use crate::markdown::{Language, MarkdownOptions};
use crate::render::{self, Templates};
use crate::status::LanguageStatus;

use super::{BuildError, BuildOptions};

/// What every page of a build depends on: the configuration and the content types' fields, the
/// templates, the theme's strings and the names of countries and themes, with the warnings
/// found reading them. `soteria serve` keeps it until the configuration, a template or the
/// strings change.
pub(crate) struct Setup {
    pub(crate) config: Config,
    pub(crate) schema: Schema,
    pub(crate) templates: Templates,
    /// The interface strings and the names of countries and themes.
    pub(crate) locale: Locale,
    pub(crate) warnings: Vec<Diagnostic>,
}

impl std::fmt::Debug for Setup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Setup")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Setup {
    /// Reads the configuration (with `options`' base URL), the templates and the strings.
    pub(crate) fn load(options: &BuildOptions) -> Result<Setup, BuildError> {
        let root = options.root.as_path();
        let (mut config, mut warnings) = Config::from_file(root).map_err(BuildError::Config)?;
        let schema = Schema::new(&config).map_err(BuildError::Config)?;
        if let Some(base_url) = &options.base_url {
            config
                .set_base_url(base_url)
                .map_err(|error| BuildError::Config(vec![error]))?;
        }
        warnings.extend(config.missing_base_url());
        let templates = Templates::load(root, &config).map_err(BuildError::Config)?;
        let (locale, locale_warnings) = Locale::load(root, &config);
        warnings.extend(locale_warnings);
        Ok(Setup {
            config,
            schema,
            templates,
            locale,
            warnings,
        })
    }

    /// How Markdown is rendered, as `site.yaml` says.
    pub(crate) fn markdown_options(&self) -> MarkdownOptions<'_> {
        let config = &self.config;
        MarkdownOptions {
            unsafe_html: config.markdown.unsafe_html,
            third_party_resources: config.security.third_party_resources,
            originals: Some(Language {
                code: &config.default_language,
                dir: config.direction(&config.default_language).as_str(),
            }),
        }
    }

    /// What rendering needs besides the site and the templates.
    pub(crate) fn render_inputs<'a>(
        &'a self,
        translation_status: &'a [LanguageStatus],
        cache: Option<&'a render::RenderCache>,
    ) -> render::RenderInputs<'a> {
        render::RenderInputs {
            locale: &self.locale,
            translation_status,
            cache,
        }
    }
}
