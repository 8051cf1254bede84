//! Writes a finished output to the file named by `-o`, without ever turning a link or a special file into a
//! regular one.
//!
//! What the path names decides how it is written:
//! - nothing, or a regular file: a temporary file beside it, renamed over it once complete, so a reader
//!   never sees half a report and a failed run leaves the old file as it was (its permissions are kept);
//! - a symbolic link: the same, applied to the file it points to, so the link stays a link (a dangling
//!   link is written through, creating its target);
//! - a FIFO or a character device (`/dev/stdout`, `/dev/null`, a terminal): written through, as a shell
//!   redirection would;
//! - anything else (a directory, a block device, a socket): refused with a usage error (exit 2).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use twovoices::error::{Error, Result};

/// Writes `bytes` to `path` as the module documentation describes.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source: std::io::Error| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return replace(path, bytes, None),
        Err(e) => return Err(io(e)),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return replace(path, bytes, Some(meta.permissions()));
    }
    if kind.is_symlink() {
        return match fs::metadata(path) {
            // The link's target, resolved, is where the new file goes; the link itself is left alone.
            Ok(target) if target.is_file() => {
                let real = fs::canonicalize(path).map_err(io)?;
                replace(&real, bytes, Some(target.permissions()))
            }
            Ok(target) => special(path, target.file_type(), bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => write_through(path, bytes),
            Err(e) => Err(io(e)),
        };
    }
    special(path, kind, bytes)
}

/// A path that is neither a regular file nor a link: written through when that is what writing to it means.
fn special(path: &Path, kind: fs::FileType, bytes: &[u8]) -> Result<()> {
    if kind.is_fifo() || kind.is_char_device() {
        return write_through(path, bytes);
    }
    let what = if kind.is_dir() {
        "a directory"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    Err(Error::Usage(format!(
        "will not write to {}: it is {what}; expected a regular file (or a FIFO or character device, \
         which are written through)",
        path.display()
    )))
}

fn write_through(path: &Path, bytes: &[u8]) -> Result<()> {
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.flush()))
        .map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })
}

/// Writes a temporary file in the same folder (so the rename cannot cross file systems) and renames it
/// over `path`; the temporary file is removed if anything fails.
fn replace(path: &Path, bytes: &[u8], permissions: Option<fs::Permissions>) -> Result<()> {
    let io = |source: std::io::Error| Error::Io {
        path: path.display().to_string(),
        source,
    };
    let tmp = temp_beside(path).map_err(io)?;
    let result = (|| {
        let mut f = File::options().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Some(p) = permissions {
            f.set_permissions(p)?;
        }
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// A name for a temporary file beside `path` that no other file has.
fn temp_beside(path: &Path) -> std::io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "expected a file name, not a folder",
        )
    })?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    for n in 0..100u32 {
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{}.{n}.tmp", std::process::id()));
        let tmp = match dir {
            Some(d) => d.join(&tmp_name),
            None => PathBuf::from(&tmp_name),
        };
        if fs::symlink_metadata(&tmp).is_err() {
            return Ok(tmp);
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "no free name for a temporary file beside it",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn only_file_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_or_regular_file_is_replaced_whole_and_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.md");
        write_file(&p, b"one").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_file(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(only_file_in(dir.path()), ["out.md"]);
    }

    #[test]
    fn a_symlink_stays_a_link_and_its_target_gets_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.md");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.md");
        symlink("real.md", &link).unwrap();
        write_file(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
        // A dangling link creates its target.
        let dangling = dir.path().join("dangling.md");
        symlink("made.md", &dangling).unwrap();
        write_file(&dangling, b"made").unwrap();
        assert!(fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(dir.path().join("made.md")).unwrap(), b"made");
    }

    #[test]
    fn a_fifo_is_written_through_and_stays_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(fifo).unwrap())
        };
        write_file(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn a_character_device_is_written_through_and_a_directory_refused() {
        write_file(Path::new("/dev/null"), b"discarded").unwrap();
        assert!(fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
        let dir = tempfile::tempdir().unwrap();
        let err = write_file(dir.path(), b"x").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("it is a directory"), "{err}");
    }
}
