//! The open chain: composition, order, "not configured here" versus failure, each step traced;
//! named profiles; the profile file read off the runtime's thread.

mod support;

use std::fmt;

use support::{Capture, TempDir};
use tencentcloud_runtime::credentials::{
    Credentials, CredentialsChain, CredentialsError, EnvironmentCredentials, ProfileCredentials,
    ProvideCredentials, ProvideCredentialsFuture, StaticCredentials, ValueProblem, VarSource,
};

/// A provider that fails the way it is told to.
#[derive(Debug)]
enum Scripted {
    NotHere(&'static str),
    Broken,
}

#[derive(Debug)]
struct Broken;

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the vault is sealed")
    }
}

impl std::error::Error for Broken {}

impl ProvideCredentials for Scripted {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(match self {
            Scripted::NotHere(place) => Err(CredentialsError::NotFound {
                searched: vec![tencentcloud_runtime::credentials::SearchedPlace {
                    place: (*place).to_owned(),
                    outcome: "nothing there".to_owned(),
                }],
            }),
            Scripted::Broken => Err(CredentialsError::provider("vault", Broken)),
        }))
    }
}

fn keys(id: &str) -> StaticCredentials {
    StaticCredentials::new(Credentials::new(id, "SECRET-NOT-TO-BE-LOGGED").unwrap())
}

#[tokio::test]
async fn not_found_moves_on_and_each_step_is_traced_by_name() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.subscriber());
    let chain = CredentialsChain::first_try("first", Scripted::NotHere("place one"))
        .or_else("second", Scripted::NotHere("place two"))
        .or_else("third", keys("AKIDTHIRD"))
        .or_else("fourth", keys("AKIDFOURTH"));
    assert_eq!(
        chain.names().collect::<Vec<_>>(),
        ["first", "second", "third", "fourth"]
    );
    let credentials = chain.load().await.unwrap();
    assert_eq!(credentials.secret_id(), "AKIDTHIRD");

    let logs = capture.text();
    let position = |needle: &str| {
        logs.find(needle)
            .unwrap_or_else(|| panic!("`{needle}` is not in the trace:\n{logs}"))
    };
    let first = position(
        "not configured here; trying the next provider provider=\"first\" looked_at=place one: nothing there",
    );
    let second = position(
        "not configured here; trying the next provider provider=\"second\" looked_at=place two: nothing there",
    );
    let third =
        position("credentials found provider=\"third\" secret_id=\"AKIDTHIRD\" temporary=false");
    assert!(first < second && second < third, "{logs}");
    assert!(
        !logs.contains("fourth"),
        "the chain stops at the first credentials:\n{logs}"
    );
    assert!(!logs.contains("SECRET-NOT-TO-BE-LOGGED"), "{logs}");
}

#[tokio::test]
async fn any_other_failure_stops_the_chain_with_its_reason() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.subscriber());
    let chain = CredentialsChain::first_try("first", Scripted::NotHere("place one"))
        .or_else("vault", Scripted::Broken)
        .or_else("fallback", keys("AKIDFALLBACK"));
    let error = chain.load().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "credential provider vault failed: the vault is sealed"
    );
    let logs = capture.text();
    assert!(
        logs.contains("failed, the chain stops provider=\"vault\" error=credential provider vault failed: the vault is sealed"),
        "{logs}"
    );
    assert!(!logs.contains("fallback"), "{logs}");

    // When nobody has credentials, every place is listed in order.
    let chain = CredentialsChain::first_try("a", Scripted::NotHere("place one"))
        .or_else("b", Scripted::NotHere("place two"));
    let error = chain.load().await.unwrap_err();
    assert!(error.is_not_found());
    assert!(
        error
            .to_string()
            .contains("looked at: place one: nothing there; place two: nothing there"),
        "{error}"
    );
}

#[tokio::test]
async fn chains_nest_and_their_debug_names_the_steps() {
    let inner = CredentialsChain::first_try(
        "env",
        EnvironmentCredentials::from_vars(VarSource::from_pairs::<&str, &str>([])),
    );
    let outer = CredentialsChain::first_try("inner", inner).or_else("keys", keys("AKIDKEYS"));
    assert_eq!(outer.load().await.unwrap().secret_id(), "AKIDKEYS");
    let debug = format!("{outer:?}");
    assert!(
        debug.contains("inner: [env: EnvironmentCredentials"),
        "{debug}"
    );
    assert!(!debug.contains("SECRET-NOT-TO-BE-LOGGED"), "{debug}");
}

const PROFILES: &str = "\
[default]
secret_id = AKIDDEFAULT
secret_key = DEFAULTKEY

[ci]
secret_id = AKIDCI
secret_key = CIKEY
";

#[tokio::test]
async fn tencentcloud_profile_chooses_the_section() {
    let dir = TempDir::new();
    let path = dir.write("credentials", PROFILES);
    let file = path.to_str().unwrap();
    let with = |profile: Option<&str>| {
        let mut pairs = vec![("TENCENTCLOUD_CREDENTIALS_FILE", file.to_owned())];
        if let Some(profile) = profile {
            pairs.push(("TENCENTCLOUD_PROFILE", profile.to_owned()));
        }
        ProfileCredentials::from_vars(VarSource::from_pairs(pairs))
    };
    assert_eq!(with(None).load().await.unwrap().secret_id(), "AKIDDEFAULT");
    assert_eq!(with(Some("ci")).section(), "ci");
    assert_eq!(with(Some("ci")).load().await.unwrap().secret_id(), "AKIDCI");
    // The program's choice wins over the variable's.
    let chosen = with(Some("ci")).with_section("default");
    assert_eq!(chosen.load().await.unwrap().secret_id(), "AKIDDEFAULT");

    // A profile chosen by name that the file lacks is an error, not "not found".
    let error = with(Some("prod")).load().await.unwrap_err();
    assert!(!error.is_not_found());
    assert_eq!(
        error.to_string(),
        format!(
            "credentials file {} has no section [prod] (sections: [default], [ci]): add it, or \
             choose one of those",
            path.display()
        )
    );

    // Empty, or with whitespace: an error naming the variable.
    let error = with(Some("")).load().await.unwrap_err();
    assert!(matches!(
        &error,
        CredentialsError::InvalidVariable { variable, problem: ValueProblem::Empty, .. }
            if variable == "TENCENTCLOUD_PROFILE"
    ));
    assert_eq!(
        error.to_string(),
        "environment variable TENCENTCLOUD_PROFILE is empty: set it to the name of a profile (a \
         section of the credentials file), or unset it"
    );
    let error = with(Some("ci ")).load().await.unwrap_err();
    assert!(matches!(
        error,
        CredentialsError::InvalidVariable {
            problem: ValueProblem::SurroundingWhitespace,
            ..
        }
    ));

    // A profile chosen by the variable needs the default file to exist.
    let home = TempDir::new();
    let error = ProfileCredentials::from_vars(VarSource::from_pairs([
        ("HOME", home.path().to_str().unwrap()),
        ("TENCENTCLOUD_PROFILE", "ci"),
    ]))
    .load()
    .await
    .unwrap_err();
    assert!(
        error.to_string().ends_with(
            "does not exist (profile [ci] chosen by TENCENTCLOUD_PROFILE): create it or correct \
             the path"
        ),
        "{error}"
    );
}

/// The profile file is read on tokio's blocking pool, not on the runtime's thread. The file is
/// a FIFO, so reading it waits for a writer, and the writer is a task of the same
/// single-threaded runtime, writing through tokio's non-blocking pipe (so it needs the runtime's
/// thread to run). A read that blocked that thread would wait until the watchdog thread wrote
/// other credentials.
#[cfg(unix)]
#[test]
fn reading_the_profile_file_never_blocks_the_runtime_thread() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use tokio::io::AsyncWriteExt;

    let dir = TempDir::new();
    let fifo = dir.path().join("credentials");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("mkfifo is not available; skipping");
        return;
    }
    let done = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (fifo, done) = (fifo.clone(), done.clone());
        std::thread::spawn(move || {
            // A bound, not a measurement: unblocks a runtime that a blocking read would hold.
            for _ in 0..200 {
                if done.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            let _ = std::fs::write(
                &fifo,
                "[default]\nsecret_id = AKIDWATCHDOG\nsecret_key = K\n",
            );
        })
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let credentials = runtime.block_on(async {
        let provider = ProfileCredentials::from_path(fifo.clone());
        let reader = tokio::spawn(async move { provider.load().await });
        // Opening the write end fails until the reader has opened the FIFO.
        for _ in 0..10_000 {
            match tokio::net::unix::pipe::OpenOptions::new().open_sender(&fifo) {
                Ok(mut sender) => {
                    sender
                        .write_all(b"[default]\nsecret_id = AKIDASYNC\nsecret_key = K\n")
                        .await
                        .unwrap();
                    break;
                }
                Err(_) => tokio::time::sleep(std::time::Duration::from_millis(1)).await,
            }
        }
        reader.await.unwrap()
    });
    done.store(true, Ordering::SeqCst);
    watchdog.join().unwrap();
    assert_eq!(credentials.unwrap().secret_id(), "AKIDASYNC");
}
