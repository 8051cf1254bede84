//! Checks the index's segment files against their checksums before anything reads them. tantivy trusts
//! the files it reads: a damaged one makes a query panic, fail with an I/O error, or quietly return wrong
//! hits. Segment files never change once written, so each is checked once and remembered by name, size and
//! modification time (in [`VERIFIED`]); a file that changed since is checked again.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;
use tantivy::Index;

/// The file, in the index folder, listing the segment files already checked.
pub const VERIFIED: &str = ".twovoices-verified.json";

/// What identifies a file's content for this purpose: its size and modification time (ns since 1970).
type Stamp = (u64, u128);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    Some((meta.len(), modified.as_nanos()))
}

/// Checks every file of the last commit that is new or changed since it was last checked, and records
/// those that pass (when the folder is writable; a read-only index is checked on every open). Fails with
/// [`Error::IndexDamaged`] naming the files that do not match their checksum.
pub fn verify(index: &Index, dir: &Path) -> Result<()> {
    let record = dir.join(VERIFIED);
    let known: BTreeMap<String, Stamp> = std::fs::read(&record)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let (checked, damaged, detail) = check(index, dir, &known)?;
    if !damaged.is_empty() {
        return Err(Error::IndexDamaged {
            path: dir.to_path_buf(),
            files: damaged,
            detail,
        });
    }
    if checked != known {
        // Best effort: a folder this process cannot write is simply checked again next time.
        if let Ok(json) = serde_json::to_vec(&checked) {
            let tmp = dir.join(format!("{VERIFIED}.tmp"));
            if std::fs::write(&tmp, json).is_ok() && std::fs::rename(&tmp, &record).is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
        }
    }
    Ok(())
}

/// The files of the last commit that fail their checksum or cannot be read as tantivy files, all checked
/// again whatever was checked before.
pub fn damaged(index: &Index, dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(check(index, dir, &BTreeMap::new())?.1)
}

/// Checks the files of the last commit not in `known` with the same stamp: the files that pass (with
/// their stamps), those that fail, and the first error met reading one.
#[allow(clippy::type_complexity)]
fn check(
    index: &Index,
    dir: &Path,
    known: &BTreeMap<String, Stamp>,
) -> Result<(BTreeMap<String, Stamp>, Vec<PathBuf>, String)> {
    let metas = index.load_metas().map_err(|source| Error::Index {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = metas.list_segment_files().into_iter().collect();
    files.sort();
    let mut checked = BTreeMap::new();
    let mut damaged = Vec::new();
    let mut detail = String::new();
    for file in files {
        let name = file.display().to_string();
        // Optional components (a segment's deletes) are listed whether or not they exist.
        let Some(now) = stamp(&dir.join(&file)) else {
            continue;
        };
        if known.get(&name) == Some(&now) {
            checked.insert(name, now);
            continue;
        }
        match index.directory().validate_checksum(&file) {
            Ok(true) => {
                checked.insert(name, now);
            }
            Ok(false) => damaged.push(file),
            Err(e) => {
                if detail.is_empty() {
                    detail = e.to_string();
                }
                damaged.push(file);
            }
        }
    }
    if detail.is_empty() {
        detail = "their contents do not match the checksum written with them".into();
    }
    Ok((checked, damaged, detail))
}
