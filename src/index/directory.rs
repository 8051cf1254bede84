//! The index folder as tantivy sees it: tantivy's memory-mapped directory, except that a reader who cannot
//! create the meta lock file (a read-only folder or mount, another user's index) reads without it.

use std::path::Path;
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr, META_LOCK,
};

/// An index folder on disk.
#[derive(Debug, Clone)]
pub(super) struct IndexDir {
    inner: MmapDirectory,
}

impl IndexDir {
    pub(super) fn open(path: &Path) -> tantivy::Result<IndexDir> {
        Ok(IndexDir {
            inner: MmapDirectory::open(path)?,
        })
    }
}

impl Directory for IndexDir {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.inner.open_read(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }

    /// The meta lock only keeps a writer's garbage collection from deleting segment files while a reader
    /// opens them. Where the lock file cannot be created, the folder is not writable by this process and
    /// reading goes on without the lock; the writer's own lock (`INDEX_WRITER_LOCK`) is never waived, so
    /// a writer still gets a clear error.
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(_)) if lock.filepath == META_LOCK.filepath => {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }
}
