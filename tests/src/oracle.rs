//! graphql-js as an oracle: `node validate.mjs --batch SCHEMA` validates a stream of
//! documents (one JSON object a line on stdin, one answer a line on stdout, in order; see
//! the header of `validate.mjs`) with graphql-js 17's `specifiedRules`.
//!
//! The oracle is installed by `cargo xtask test` into `target/oracle` (from the corpus's
//! `oracle/`) and named by `GQLFORGE_ORACLE_DIR`; a test asks [`Oracle::require`] for it, which
//! skips the test when it cannot be installed because the corpus is missing. One process serves every document of a schema: the schema is
//! built once. Documents are written from their own thread and answers read from another,
//! so that neither pipe can fill up and stall the other side.

use std::fmt;
use std::io::{BufRead, BufReader, BufWriter, Lines, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::thread::JoinHandle;

use serde::de::DeserializeOwned;

pub use crate::corpus::{ExpectedError as OracleError, Location};

/// The installed graphql-js oracle: a directory with `validate.mjs` and `node_modules/graphql`.
#[derive(Clone, Debug)]
pub struct Oracle {
    dir: PathBuf,
}

/// What went wrong talking to the oracle.
#[derive(Debug)]
pub enum OracleFailure {
    /// `node` could not be started.
    Spawn(std::io::Error),
    /// The process ended (or its output stopped) before answering case `case`.
    Ended {
        case: usize,
        status: String,
        stderr: String,
    },
    /// A line of output that is not the answer expected next.
    BadAnswer {
        case: usize,
        line: String,
        error: String,
    },
}

impl fmt::Display for OracleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OracleFailure::Spawn(e) => write!(
                f,
                "cannot run `node`: {e}\n  hint: install Node.js 20, then run `cargo xtask test`"
            ),
            OracleFailure::Ended {
                case,
                status,
                stderr,
            } => write!(
                f,
                "the graphql-js oracle stopped before answering case {case} ({status})\n  stderr: {}",
                stderr.trim()
            ),
            OracleFailure::BadAnswer { case, line, error } => write!(
                f,
                "the graphql-js oracle's answer to case {case} is not valid: {error}\n  line: {line}"
            ),
        }
    }
}

impl std::error::Error for OracleFailure {}

/// One line of the oracle's output.
#[derive(serde::Deserialize)]
struct Answer<E> {
    id: usize,
    errors: Vec<E>,
}

impl Oracle {
    /// The oracle named by `GQLFORGE_ORACLE_DIR`, or else `<workspace>/target/oracle`.
    ///
    /// # Panics
    /// When neither holds an installed oracle, with a hint to run `cargo xtask test`.
    pub fn locate() -> Oracle {
        let oracle = Oracle::configured();
        if let Err(missing) = oracle.check_installed() {
            panic!(
                "the graphql-js oracle is not installed: {missing}\n  hint: run `cargo xtask test`, \
                 which installs it into target/oracle and sets GQLFORGE_ORACLE_DIR"
            );
        }
        oracle
    }

    /// [`Oracle::locate`] for the test `test`, or `None` when the test must be skipped: the
    /// oracle is not installed and cannot be, since the corpus it is installed from is
    /// missing (`cargo xtask test` then installs nothing, though it names the oracle's
    /// place). Then one line is printed, as `gqlforge_corpus::require` does, and under CI the
    /// test fails instead.
    ///
    /// # Panics
    /// When the oracle is not installed but could be (the corpus is there), with
    /// [`Oracle::locate`]'s hint.
    pub fn require(test: &str) -> Option<Oracle> {
        if Oracle::configured().check_installed().is_ok() {
            return Some(Oracle::locate());
        }
        match gqlforge_corpus::locate() {
            Ok(_) => Some(Oracle::locate()),
            Err(missing) if missing.explicit => panic!("{test}: {missing}"),
            Err(missing) => {
                let reason =
                    format!("the graphql-js oracle is not installed and cannot be: {missing}");
                gqlforge_corpus::skip(test, &reason);
                None
            }
        }
    }

    /// The oracle's directory: `validate.mjs` and `node_modules/graphql`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The oracle named by `GQLFORGE_ORACLE_DIR`, or else `<workspace>/target/oracle`.
    fn configured() -> Oracle {
        let dir = match std::env::var_os("GQLFORGE_ORACLE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/oracle"),
        };
        Oracle { dir }
    }

    fn check_installed(&self) -> Result<(), String> {
        for file in ["validate.mjs", "node_modules/graphql/package.json"] {
            let path = self.dir.join(file);
            if !path.is_file() {
                return Err(format!("{} does not exist", path.display()));
            }
        }
        Ok(())
    }

    /// Starts validating `documents` against the schema file `schema`; the answers come
    /// with [`PendingBatch::wait`], so that the caller can do its own work meanwhile.
    pub fn spawn_batch(
        &self,
        schema: &Path,
        documents: Vec<String>,
    ) -> Result<PendingBatch, OracleFailure> {
        let mut command = Command::new("node");
        command
            .arg(self.dir.join("validate.mjs"))
            .arg("--batch")
            .arg(schema);
        let requests = documents
            .into_iter()
            .enumerate()
            .map(|(id, document)| serde_json::json!({ "id": id, "document": document }))
            .collect();
        PendingBatch::start(command, requests)
    }

    /// Validates `documents` against the schema file `schema`: one error list per document.
    pub fn validate_batch(
        &self,
        schema: &Path,
        documents: Vec<String>,
    ) -> Result<Vec<Vec<OracleError>>, OracleFailure> {
        self.spawn_batch(schema, documents)?.wait()
    }
}

/// A batch the oracle is working on; `E` is what one error of an answer reads as.
pub struct PendingBatch<E = OracleError> {
    child: Child,
    writer: JoinHandle<()>,
    reader: JoinHandle<Result<Vec<Vec<E>>, OracleFailure>>,
    stderr: JoinHandle<String>,
}

impl<E: DeserializeOwned + Send + 'static> PendingBatch<E> {
    /// Runs `command` (a batch oracle: one JSON request a line on stdin, one answer
    /// `{"id": N, "errors": [E...]}` a line on stdout, in order, ids counting from 0) on
    /// `requests`. The requests are written from their own thread and the answers read from
    /// another, so that neither pipe can fill up and stall the other side.
    pub fn start(
        mut command: Command,
        requests: Vec<serde_json::Value>,
    ) -> Result<PendingBatch<E>, OracleFailure> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(OracleFailure::Spawn)?;
        let stdin = child.stdin.take().expect("stdin is piped");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut stderr = child.stderr.take().expect("stderr is piped");
        let count = requests.len();
        let writer = std::thread::spawn(move || {
            let mut stdin = BufWriter::new(stdin);
            for request in &requests {
                // A write fails when the oracle has died; the reader reports that.
                if writeln!(stdin, "{request}").is_err() {
                    return;
                }
            }
            let _ = stdin.flush();
        });
        let reader =
            std::thread::spawn(move || read_answers(&mut BufReader::new(stdout).lines(), 0, count));
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Ok(PendingBatch {
            child,
            writer,
            reader,
            stderr,
        })
    }

    /// The error lists, one per request in order.
    pub fn wait(mut self) -> Result<Vec<Vec<E>>, OracleFailure> {
        let answers = self
            .reader
            .join()
            .expect("the reader thread does not panic");
        let _ = self.writer.join();
        if answers.is_err() {
            // The oracle may still be running (a bad line): stop it before collecting stderr.
            let _ = self.child.kill();
        }
        let status = match self.child.wait() {
            Ok(s) => s.to_string(),
            Err(e) => format!("cannot wait for it: {e}"),
        };
        let stderr = self.stderr.join().unwrap_or_default();
        answers.map_err(|failure| match failure {
            OracleFailure::Ended { case, .. } => OracleFailure::Ended {
                case,
                status,
                stderr,
            },
            other => other,
        })
    }
}

/// Reads the answers to cases `first..first + count`, in order. An `Ended` failure's
/// status and stderr are left for the caller to fill in.
fn read_answers<E: DeserializeOwned>(
    lines: &mut Lines<BufReader<ChildStdout>>,
    first: usize,
    count: usize,
) -> Result<Vec<Vec<E>>, OracleFailure> {
    let mut answers = Vec::with_capacity(count);
    for case in first..first + count {
        let bad = |line: String, error: String| OracleFailure::BadAnswer { case, line, error };
        let line = match lines.next() {
            Some(Ok(line)) => line,
            Some(Err(e)) => return Err(bad(String::new(), e.to_string())),
            None => {
                return Err(OracleFailure::Ended {
                    case,
                    status: String::new(),
                    stderr: String::new(),
                })
            }
        };
        let answer: Answer<E> = match serde_json::from_str(&line) {
            Ok(answer) => answer,
            Err(e) => return Err(bad(line, e.to_string())),
        };
        if answer.id != case {
            let error = format!("it answers case {} instead", answer.id);
            return Err(bad(line, error));
        }
        answers.push(answer.errors);
    }
    Ok(answers)
}

/// A running oracle for one schema that answers one batch after another (for shrinking a
/// failing case, where each batch depends on the answers to the last).
pub struct OracleSession {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Lines<BufReader<ChildStdout>>,
    next_case: usize,
}

impl Oracle {
    /// Starts an oracle for the schema file `schema`; its stderr goes to ours.
    pub fn session(&self, schema: &Path) -> Result<OracleSession, OracleFailure> {
        let mut child = Command::new("node")
            .arg(self.dir.join("validate.mjs"))
            .arg("--batch")
            .arg(schema)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(OracleFailure::Spawn)?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("stdout is piped");
        Ok(OracleSession {
            child,
            stdin,
            lines: BufReader::new(stdout).lines(),
            next_case: 0,
        })
    }
}

impl OracleSession {
    /// The error lists of `documents`, in order. Cases are numbered on from the last batch.
    pub fn validate(
        &mut self,
        documents: &[String],
    ) -> Result<Vec<Vec<OracleError>>, OracleFailure> {
        let first = self.next_case;
        self.next_case += documents.len();
        let OracleSession {
            child,
            stdin,
            lines,
            ..
        } = self;
        let answers = std::thread::scope(|scope| {
            if let Some(stdin) = stdin.as_mut() {
                scope.spawn(move || {
                    let mut stdin = BufWriter::new(stdin);
                    for (i, document) in documents.iter().enumerate() {
                        let line = serde_json::json!({ "id": first + i, "document": document });
                        if writeln!(stdin, "{line}").is_err() {
                            return;
                        }
                    }
                    let _ = stdin.flush();
                });
            }
            read_answers(lines, first, documents.len())
        });
        answers.map_err(|failure| match failure {
            OracleFailure::Ended { case, .. } => {
                let status = match child.try_wait() {
                    Ok(Some(s)) => s.to_string(),
                    _ => "its output ended".into(),
                };
                OracleFailure::Ended {
                    case,
                    status,
                    stderr: "(printed above)".into(),
                }
            }
            other => other,
        })
    }
}

impl Drop for OracleSession {
    fn drop(&mut self) {
        // Closing stdin ends the oracle's loop.
        self.stdin = None;
        let _ = self.child.wait();
    }
}
