//! Apertium APY for tests: started on 127.0.0.1 on a free port through scripts/apertium-apy.py (APY itself has
//! no bind option), ready when /listPairs answers, killed when dropped. `None` when APY is not installed (the
//! tests that need it then say so and pass: scripts/test.sh installs it).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Apy {
    pub url: String,
    child: Child,
}

/// Where the Debian packages put APY and its language pairs.
const MODES: &str = "/usr/share/apertium/modes";
const PYTHON: &str = "/usr/bin/python3";

impl Apy {
    pub fn start() -> Option<Apy> {
        if !Path::new(MODES).join("eng-spa.mode").exists() || !Path::new(PYTHON).exists() {
            eprintln!("Apertium APY with eng-spa is not installed; run scripts/test.sh to install it");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let launcher = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/apertium-apy.py");
        let child = Command::new(PYTHON)
            .arg(launcher)
            .args(["-p", &port.to_string(), MODES])
            .env("LC_ALL", "C.UTF-8")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the APY launcher");
        let apy = Apy { url: format!("http://127.0.0.1:{port}"), child };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(mut response) = ureq::get(&format!("{}/listPairs", apy.url)).call() {
                if response.body_mut().read_to_string().is_ok_and(|b| b.contains("spa")) {
                    return Some(apy);
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("APY did not answer /listPairs within 30 s");
    }
}

impl Drop for Apy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
