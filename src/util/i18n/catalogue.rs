//! The catalogues, each parsed once per process when its language is first used, and
//! the formatting of a [`Msg`].

use super::{Arg, Lang, Msg};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;
use unic_langid::LanguageIdentifier;

const ZH: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/locales/zh/doclist.ftl"
));
const EN: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/locales/en/doclist.ftl"
));

/// The Fluent text of a language's catalogue.
pub fn catalogue_source(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => ZH,
        Lang::En => EN,
    }
}

/// Every language's messages; a language's catalogue is parsed when first asked for, so a
/// run that speaks only English never parses the Chinese one, and the other way round.
pub struct Catalogue {
    zh: OnceLock<FluentBundle<FluentResource>>,
    en: OnceLock<FluentBundle<FluentResource>>,
}

static CATALOGUE: Catalogue = Catalogue {
    zh: OnceLock::new(),
    en: OnceLock::new(),
};

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let code = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let id: LanguageIdentifier = code.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks: the text goes to terminals, CSV cells and PDFs.
    bundle.set_use_isolating(false);
    // A catalogue with a syntax error keeps the messages that parsed; the catalogue
    // tests fail on the error itself.
    let resource = FluentResource::try_new(catalogue_source(lang).to_string())
        .unwrap_or_else(|(partial, _)| partial);
    bundle.add_resource_overriding(resource);
    bundle
}

impl Catalogue {
    /// The catalogues built into the binary, each parsed on first use.
    pub fn get() -> &'static Catalogue {
        &CATALOGUE
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        let cell = match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        };
        cell.get_or_init(|| bundle(lang))
    }

    fn arg_text(&self, lang: Lang, arg: &Arg) -> String {
        match arg {
            Arg::Text(s) => s.clone(),
            Arg::Number(n) => n.to_string(),
            Arg::Msg(m) => self.format(lang, m),
            Arg::List(items) => {
                let sep = self.format(lang, &Msg::new("list-separator"));
                items
                    .iter()
                    .map(|a| self.arg_text(lang, a))
                    .collect::<Vec<_>>()
                    .join(&sep)
            }
        }
    }

    /// Whether a language's catalogue has a message.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// The message in words. A message missing from a language falls back to English,
    /// then to its id (the catalogue tests keep both from happening).
    pub fn format(&self, lang: Lang, msg: &Msg) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &msg.args {
            let value: FluentValue = match value {
                Arg::Number(n) => (*n).into(),
                other => self.arg_text(lang, other).into(),
            };
            args.set(*name, value);
        }
        for l in [lang, Lang::En] {
            let bundle = self.bundle(l);
            if let Some(pattern) = bundle.get_message(msg.id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, Some(&args), &mut errors)
                    .into_owned();
            }
        }
        msg.id.to_string()
    }
}
