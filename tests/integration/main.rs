//! The one integration-test binary: every area has a module here, fixtures live under tests/fixtures/.

mod article;
mod cat_tools;
mod channels;
mod config;
mod engines;
mod formats;
mod glossary;
mod hostile;
mod locales;
mod marian;
mod qa;
mod robustness;
mod run;
mod serve;
mod store;
mod store_backends;
mod support;
mod text;
mod translators;
mod workers;
