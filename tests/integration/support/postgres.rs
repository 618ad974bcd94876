//! The real PostgreSQL the shared-store and worker tests run against: scripts/test.sh starts a throwaway cluster
//! and exports its superuser URL as DICH_TEST_POSTGRES. Each test gets a database of its own.
//!
//! Without DICH_TEST_POSTGRES, a test that needs PostgreSQL fails under CI (`CI=true`) and is skipped with a
//! note elsewhere.

use std::sync::atomic::{AtomicUsize, Ordering};

static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// The URL of a new, empty database on the test cluster, or `None` (with a note) when there is no cluster.
pub fn fresh_database(test: &str) -> Option<String> {
    let Ok(admin) = std::env::var("DICH_TEST_POSTGRES") else {
        if std::env::var("CI").is_ok_and(|ci| ci == "true") {
            panic!(
                "{test}: DICH_TEST_POSTGRES is not set under CI; scripts/test.sh starts the PostgreSQL the tests need"
            );
        }
        eprintln!("note: {test} skipped: no PostgreSQL (DICH_TEST_POSTGRES unset; scripts/test.sh starts one)");
        return None;
    };
    let name = format!(
        "dich_{}_{}_{}",
        test.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(30).collect::<String>(),
        std::process::id(),
        DATABASES.fetch_add(1, Ordering::SeqCst)
    )
    .to_lowercase();
    let mut client = ::postgres::Client::connect(&admin, ::postgres::NoTls).expect("connect to DICH_TEST_POSTGRES");
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
    client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let base = admin.rsplit_once('/').map(|(base, _)| base).expect("a URL with a database");
    Some(format!("{base}/{name}"))
}
