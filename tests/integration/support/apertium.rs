//! Apertium APY for tests: started on 127.0.0.1 on a free port through scripts/apertium-apy.py (APY itself has
//! no bind option), ready when /listPairs answers, killed when dropped. A missing APY fails the test that needs
//! it, saying how to install it (scripts/test.sh does): a test that passes without its engine proves nothing.

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
    pub fn start() -> Apy {
        assert!(
            Path::new(MODES).join("eng-spa.mode").exists() && Path::new(PYTHON).exists(),
            "Apertium APY with eng-spa is missing: scripts/test.sh installs it \
             (Debian packages apertium, apertium-apy, apertium-eng-spa)"
        );
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free local port").port();
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
            if let Ok(response) = reqwest::blocking::get(format!("{}/listPairs", apy.url)) {
                if response.text().is_ok_and(|b| b.contains("spa")) {
                    return apy;
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
