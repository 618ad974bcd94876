//! Helpers shared by integration-test modules: a scripted local HTTP server, an Apertium APY harness, and the
//! files a run wrote.

pub mod apertium;
pub mod http_server;
pub mod postgres;

/// Every file under `dir`, in any sub-folder, with its bytes: what a run wrote.
pub fn files_under(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                pending.push(entry.path());
            } else {
                files.push((entry.path(), std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    files
}
