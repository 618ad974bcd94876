//! Helpers shared by integration-test modules: a scripted local HTTP server and an Apertium APY harness.

pub mod apertium;
pub mod http_server;
