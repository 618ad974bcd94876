//! `dich segment`: print the segments of an article (or of running text with --plain).

use std::path::{Path, PathBuf};

use clap::Args;

use super::{read_input, CliError, JsonFlag, EXIT_OK};
use crate::article::{parse_article, Format, IngestOptions};
use crate::text::segment::{segment_article, segment_plain};

#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// Read running text with no article structure.
    #[arg(long)]
    pub plain: bool,
    #[command(flatten)]
    pub output: JsonFlag,
    /// The article file, or - for standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

pub fn execute(args: &SegmentArgs) -> Result<u8, CliError> {
    let (bytes, name) = read_input(args.file.as_deref())?;
    let segments = if args.plain {
        let text = String::from_utf8(bytes).map_err(|e| {
            CliError::failed(crate::t!("cli-invalid-utf8", path = name.clone(), offset = e.utf8_error().valid_up_to()))
        })?;
        segment_plain(&crate::text::normalize(&text))
    } else {
        let format = Format::detect(Path::new(&name), &bytes);
        let article = parse_article(&bytes, &name, format, &IngestOptions::default())
            .map_err(|e| CliError::failed(e.to_string()))?;
        segment_article(&article)
    };
    if args.output.json {
        let json = serde_json::to_string_pretty(&segments).expect("segments serialize");
        outln!("{json}");
    } else {
        for segment in &segments {
            outln!("{}\t{}\t{}", segment.id, segment.kind.as_str(), segment.text);
        }
    }
    Ok(EXIT_OK)
}
