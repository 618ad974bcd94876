//! The tensors of a checkpoint, read one at a time while the model is built.
//!
//! model.safetensors is read with plain file reads, tensor by tensor, so loading holds the model's own packed
//! copy plus one tensor at a time. A memory map (candle's way) keeps every page of the file resident until loading
//! ends: for OPUS-MT, 288 MB on top of the model. pytorch_model.bin goes through candle's reader.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use candle_core::{CpuStorage, Result, Storage};
use candle_nn::VarBuilder;

fn error(message: String) -> candle_core::Error {
    candle_core::Error::Msg(message)
}

/// Largest safetensors header accepted (real ones are a few kilobytes per hundred tensors).
const MAX_HEADER_BYTES: u64 = 64 << 20;

/// Where a model's weights come from.
pub enum Checkpoint<'a> {
    Safetensors(SafetensorsFile),
    /// Any format candle reads (pytorch_model.bin).
    Candle(VarBuilder<'a>),
}

/// A model.safetensors file whose header has been read.
pub struct SafetensorsFile {
    file: RefCell<File>,
    tensors: HashMap<String, TensorEntry>,
    /// Where the data section starts; the header's offsets count from it.
    data_start: u64,
}

struct TensorEntry {
    dtype: String,
    shape: Vec<usize>,
    start: u64,
    end: u64,
}

impl SafetensorsFile {
    /// Reads the header; a file too short for what the header says is refused here, before any tensor is read.
    pub fn open(path: &Path) -> Result<SafetensorsFile> {
        let mut file = File::open(path)?;
        let file_len = file.metadata()?.len();
        let mut length = [0u8; 8];
        file.read_exact(&mut length).map_err(|_| error(format!("{file_len} bytes: no safetensors header")))?;
        let header_len = u64::from_le_bytes(length);
        if header_len > MAX_HEADER_BYTES || 8 + header_len > file_len {
            return Err(error(format!("a header of {header_len} bytes in a file of {file_len}")));
        }
        let mut header = vec![0u8; header_len as usize];
        file.read_exact(&mut header)?;
        let header: HashMap<String, serde_json::Value> =
            serde_json::from_slice(&header).map_err(|e| error(format!("safetensors header: {e}")))?;
        let data_start = 8 + header_len;
        let mut tensors = HashMap::new();
        for (name, entry) in header.into_iter().filter(|(name, _)| name != "__metadata__") {
            let invalid = || error(format!("safetensors header: tensor {name} is not described properly"));
            let dtype = entry["dtype"].as_str().ok_or_else(invalid)?.to_string();
            let numbers = |key: &str| -> Option<Vec<u64>> {
                entry[key].as_array()?.iter().map(serde_json::Value::as_u64).collect::<Option<Vec<u64>>>()
            };
            let shape = numbers("shape").ok_or_else(invalid)?.into_iter().map(|n| n as usize).collect();
            let offsets = numbers("data_offsets").filter(|o| o.len() == 2 && o[0] <= o[1]).ok_or_else(invalid)?;
            if data_start + offsets[1] > file_len {
                return Err(error(format!(
                    "tensor {name} ends at byte {} of a file of {file_len} (cut short?)",
                    data_start + offsets[1]
                )));
            }
            tensors.insert(name, TensorEntry { dtype, shape, start: offsets[0], end: offsets[1] });
        }
        Ok(SafetensorsFile { file: RefCell::new(file), tensors, data_start })
    }

    /// The values of tensor `name` as f32 (f16 and bf16 are widened), checked against `shape`.
    fn read(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>> {
        let entry = self.tensors.get(name).ok_or_else(|| error(format!("cannot find tensor {name}")))?;
        if entry.shape != shape {
            return Err(error(format!("shape mismatch for {name}: expected {shape:?}, found {:?}", entry.shape)));
        }
        let count: usize = shape.iter().product();
        let width = match entry.dtype.as_str() {
            "F32" => 4,
            "F16" | "BF16" => 2,
            other => return Err(error(format!("{name}: values of type {other} are not supported"))),
        };
        if entry.end - entry.start != (count * width) as u64 {
            return Err(error(format!("{name}: {} bytes for {count} values", entry.end - entry.start)));
        }
        let mut file = self.file.borrow_mut();
        file.seek(SeekFrom::Start(self.data_start + entry.start))?;
        let values = if width == 4 {
            let mut values = vec![0f32; count];
            file.read_exact(bytemuck::cast_slice_mut(&mut values))?;
            values.iter_mut().for_each(|v| *v = f32::from_bits(u32::from_le(v.to_bits())));
            values
        } else {
            let mut raw = vec![0u16; count];
            file.read_exact(bytemuck::cast_slice_mut(&mut raw))?;
            let half = raw.iter().map(|&bits| u16::from_le(bits));
            match entry.dtype.as_str() {
                "F16" => half.map(|bits| half::f16::from_bits(bits).to_f32()).collect(),
                _ => half.map(|bits| half::bf16::from_bits(bits).to_f32()).collect(),
            }
        };
        Ok(values)
    }
}

/// The tensors under a name prefix (`model.decoder.layers.0`), as transformers names them.
#[derive(Clone)]
pub struct Tensors<'a> {
    checkpoint: &'a Checkpoint<'a>,
    prefix: String,
}

impl<'a> Tensors<'a> {
    pub fn new(checkpoint: &'a Checkpoint<'a>) -> Tensors<'a> {
        Tensors { checkpoint, prefix: String::new() }
    }

    /// The tensors under `prefix.name`.
    pub fn pp(&self, name: impl AsRef<str>) -> Tensors<'a> {
        Tensors { checkpoint: self.checkpoint, prefix: self.path(name.as_ref()) }
    }

    fn path(&self, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.prefix)
        }
    }

    pub fn contains_tensor(&self, name: &str) -> bool {
        let path = self.path(name);
        match self.checkpoint {
            Checkpoint::Safetensors(file) => file.tensors.contains_key(&path),
            Checkpoint::Candle(vb) => vb.contains_tensor(&path),
        }
    }

    /// Runs `f` on the values of tensor `name` (row-major f32), checked against `shape`.
    pub fn with_values<R>(&self, shape: &[usize], name: &str, f: impl FnOnce(&[f32]) -> R) -> Result<R> {
        let path = self.path(name);
        match self.checkpoint {
            Checkpoint::Safetensors(file) => Ok(f(&file.read(&path, shape)?)),
            Checkpoint::Candle(vb) => {
                let tensor = vb.get(shape, &path)?.contiguous()?;
                let (storage, layout) = tensor.storage_and_layout();
                match (&*storage, layout.contiguous_offsets()) {
                    (Storage::Cpu(cpu @ CpuStorage::F32(_)), Some((start, end))) => {
                        Ok(f(&cpu.as_slice::<f32>()?[start..end]))
                    }
                    _ => Err(error(format!("{path}: expected f32 values in memory"))),
                }
            }
        }
    }

    /// The values of tensor `name`, checked against `shape`.
    pub fn values(&self, shape: &[usize], name: &str) -> Result<Vec<f32>> {
        self.with_values(shape, name, <[f32]>::to_vec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A safetensors file with the given header (JSON) and data section.
    fn write(dir: &Path, header: &str, data: &[u8]) -> std::path::PathBuf {
        let path = dir.join("model.safetensors");
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(data);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn f32_f16_and_bf16_tensors_read_as_f32_under_their_prefix() {
        let tmp = tempfile::tempdir().unwrap();
        let header = r#"{"__metadata__":{"format":"pt"},
            "m.a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},
            "m.b":{"dtype":"F16","shape":[2],"data_offsets":[8,12]},
            "m.c":{"dtype":"BF16","shape":[1,2],"data_offsets":[12,16]}}"#;
        let mut data = Vec::new();
        data.extend(1.5f32.to_le_bytes());
        data.extend((-2.0f32).to_le_bytes());
        data.extend(half::f16::from_f32(0.5).to_bits().to_le_bytes());
        data.extend(half::f16::from_f32(-1.0).to_bits().to_le_bytes());
        data.extend(half::bf16::from_f32(3.0).to_bits().to_le_bytes());
        data.extend(half::bf16::from_f32(0.25).to_bits().to_le_bytes());
        let checkpoint = Checkpoint::Safetensors(SafetensorsFile::open(&write(tmp.path(), header, &data)).unwrap());
        let tensors = Tensors::new(&checkpoint).pp("m");
        assert!(tensors.contains_tensor("a") && !tensors.contains_tensor("z"));
        assert_eq!(tensors.values(&[2], "a").unwrap(), [1.5, -2.0]);
        assert_eq!(tensors.values(&[2], "b").unwrap(), [0.5, -1.0]);
        assert_eq!(tensors.values(&[1, 2], "c").unwrap(), [3.0, 0.25]);
        let sum = tensors.with_values(&[2], "a", |v| v.iter().sum::<f32>()).unwrap();
        assert_eq!(sum, -0.5);
    }

    #[test]
    fn bad_files_and_tensors_are_refused_with_the_reason() {
        let tmp = tempfile::tempdir().unwrap();
        let open = |header: &str, data: &[u8]| SafetensorsFile::open(&write(tmp.path(), header, data));
        let cut = open(r#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, &[0; 8]).err().unwrap();
        assert!(cut.to_string().contains("cut short"), "{cut}");
        let garbled = open(r#"{"a":{"dtype":"F32","shape":"four"}}"#, &[]).err().unwrap();
        assert!(garbled.to_string().contains("tensor a"), "{garbled}");
        let path = tmp.path().join("model.safetensors");
        std::fs::write(&path, u64::MAX.to_le_bytes()).unwrap();
        assert!(SafetensorsFile::open(&path).is_err());

        let header = r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},
            "i":{"dtype":"I64","shape":[1],"data_offsets":[8,16]},
            "s":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#;
        let checkpoint = Checkpoint::Safetensors(open(header, &[0; 16]).unwrap());
        let tensors = Tensors::new(&checkpoint);
        let message = |shape: &[usize], name: &str| tensors.values(shape, name).unwrap_err().to_string();
        assert!(message(&[3], "a").contains("shape mismatch for a"));
        assert!(message(&[1], "i").contains("I64"));
        assert!(message(&[3], "s").contains("8 bytes for 3 values"));
        assert!(message(&[1], "missing").contains("cannot find tensor missing"));
    }
}
