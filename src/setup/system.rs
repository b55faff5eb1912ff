//! Running programs, and facts about the process and the machine.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use super::SetupError;

/// Whether this process runs with effective uid 0.
pub(crate) fn is_root() -> bool {
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(uid) = parse_effective_uid(&status) {
            return uid == 0;
        }
    }
    match Command::new("id").arg("-u").output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim() == "0",
        _ => false,
    }
}

/// The effective uid from the `Uid:` line of `/proc/self/status` (real, effective, saved, fs).
pub(crate) fn parse_effective_uid(status: &str) -> Option<u32> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|uid| uid.parse().ok())
}

/// Whether systemd is the init process (then `pg_ctlcluster` should go through systemctl).
pub(crate) fn systemd_is_init() -> bool {
    std::fs::read_to_string("/proc/1/comm")
        .map(|comm| comm.trim() == "systemd")
        .unwrap_or(false)
}

/// Find a program on PATH, or in the sbin folders that a non-login root shell may lack.
pub(crate) fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(
            [
                "/usr/local/sbin",
                "/usr/local/bin",
                "/usr/sbin",
                "/usr/bin",
                "/sbin",
                "/bin",
            ]
            .map(PathBuf::from),
        )
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// A command line as a person would type it, for messages.
pub(crate) fn display_command(program: &str, args: &[&str]) -> String {
    std::iter::once(program)
        .chain(args.iter().copied())
        .map(shell_quote)
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn status_text(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit status {code}"),
        None => "killed by a signal".to_string(),
    }
}

fn spawn_error(program: &str, args: &[&str], source: std::io::Error) -> SetupError {
    SetupError::Spawn {
        command: display_command(program, args),
        fix: format!("Check that `{program}` is installed and on PATH."),
        source,
    }
}

/// What a finished program printed.
#[derive(Debug)]
pub(crate) struct Captured {
    pub(crate) success: bool,
    pub(crate) status: String,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Run a program to the end, feeding `stdin` and capturing what it prints. A non-zero
/// exit is not an error here: look at `success`.
pub(crate) fn capture(
    program: &str,
    args: &[&str],
    stdin: Option<&str>,
) -> Result<Captured, SetupError> {
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|e| spawn_error(program, args, e))?;
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(input.as_bytes())
            .map_err(|e| spawn_error(program, args, e))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| spawn_error(program, args, e))?;
    Ok(Captured {
        success: out.status.success(),
        status: status_text(out.status),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// Like [`capture`], but a non-zero exit is an error that shows what the program said.
pub(crate) fn capture_ok(
    program: &str,
    args: &[&str],
    stdin: Option<&str>,
) -> Result<Captured, SetupError> {
    let out = capture(program, args, stdin)?;
    if out.success {
        Ok(out)
    } else {
        Err(SetupError::CommandFailed {
            command: display_command(program, args),
            status: out.status,
            output: format_output(&out.stdout, &out.stderr),
        })
    }
}

/// Run a program with its output going straight to ours, so that the user sees progress.
pub(crate) fn stream(
    program: &str,
    args: &[&str],
    envs: &[(&str, &str)],
) -> Result<(), SetupError> {
    tracing::info!("running {}", display_command(program, args));
    let status = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .status()
        .map_err(|e| spawn_error(program, args, e))?;
    if status.success() {
        Ok(())
    } else {
        Err(SetupError::CommandFailed {
            command: display_command(program, args),
            status: status_text(status),
            output: String::from("; its output is above"),
        })
    }
}

fn format_output(stdout: &str, stderr: &str) -> String {
    let text = [stdout.trim(), stderr.trim()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if text.is_empty() {
        String::new()
    } else {
        format!(":\n{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effective_uid_is_the_second_field() {
        let status =
            "Name:\tkoe\nUmask:\t0022\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n";
        assert_eq!(parse_effective_uid(status), Some(0));
        assert_eq!(
            parse_effective_uid("Uid:\t1000\t1000\t1000\t1000\n"),
            Some(1000)
        );
        assert_eq!(parse_effective_uid("Name:\tx\n"), None);
    }

    #[test]
    fn commands_are_quoted_for_the_shell() {
        assert_eq!(
            display_command("apt-get", &["install", "-y", "mecab-ipadic"]),
            "apt-get install -y mecab-ipadic"
        );
        assert_eq!(
            display_command("psql", &["-c", "SELECT 'a'"]),
            r"psql -c 'SELECT '\''a'\'''"
        );
        assert_eq!(shell_quote(""), "''");
    }
}
