//! Reading a small file (the profile file, a web-identity token) without blocking an async
//! runtime.

use std::io;
use std::path::Path;

use zeroize::Zeroizing;

/// The file's bytes, wiped from memory when dropped.
///
/// Inside a tokio runtime the read runs on tokio's blocking pool, so the calling task's thread
/// never waits on the disk; outside one (a program polling the future with another executor)
/// it reads directly, since there is no runtime thread to hold up.
pub(crate) async fn read(path: &Path) -> io::Result<Zeroizing<Vec<u8>>> {
    if tokio::runtime::Handle::try_current().is_ok() {
        tokio::fs::read(path).await.map(Zeroizing::new)
    } else {
        std::fs::read(path).map(Zeroizing::new)
    }
}
