//! koe's config file (dotenv format): where it is, reading DATABASE_URL from it, and
//! writing DATABASE_URL into it (mode 0600).

use std::ffi::OsString;
use std::fs::{self, DirBuilder, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::{system, SetupError};

const KEY: &str = "DATABASE_URL";

/// koe's config file: `$KOE_CONFIG` if set, else `$XDG_CONFIG_HOME/koe/koe.env`, else
/// `$HOME/.config/koe/koe.env`. When root runs koe through sudo and KOE_CONFIG is not set,
/// the invoking user's `~/.config/koe/koe.env`, so that `sudo koe setup` prepares koe for
/// the person who typed it (the file is then given to that user).
pub fn config_file_path() -> Option<PathBuf> {
    let sudo_home = if system::is_root() {
        invoking_user().map(|(_, home, _, _)| home)
    } else {
        None
    };
    path_from_env(|key| std::env::var_os(key), sudo_home)
}

/// The path rule, on any environment.
pub(crate) fn path_from_env(
    get: impl Fn(&str) -> Option<OsString>,
    sudo_home: Option<PathBuf>,
) -> Option<PathBuf> {
    let get = |key: &str| get(key).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(path) = get("KOE_CONFIG") {
        return Some(path);
    }
    if let Some(home) = sudo_home {
        return Some(home.join(".config/koe/koe.env"));
    }
    if let Some(xdg) = get("XDG_CONFIG_HOME").filter(|p| p.is_absolute()) {
        return Some(xdg.join("koe/koe.env"));
    }
    get("HOME").map(|home| home.join(".config/koe/koe.env"))
}

/// `DATABASE_URL` from koe's config file, if the file exists and sets it.
pub fn saved_database_url() -> Option<String> {
    read_database_url(&config_file_path()?)
}

pub(crate) fn read_database_url(path: &Path) -> Option<String> {
    if !path.exists() {
        return None;
    }
    let entries = match dotenvy::from_path_iter(path) {
        Ok(entries) => entries,
        Err(err) => {
            tracing::warn!("could not read {}: {err}", path.display());
            return None;
        }
    };
    for entry in entries {
        match entry {
            Ok((key, value)) if key == KEY && !value.is_empty() => return Some(value),
            Ok(_) => {}
            Err(err) => {
                tracing::warn!("{} has a line koe cannot read: {err}", path.display());
                return None;
            }
        }
    }
    None
}

/// Set `DATABASE_URL` in the config file, keeping its other lines, readable only by its owner.
pub(crate) fn write_database_url(path: &Path, url: &str) -> Result<(), SetupError> {
    let fail = |source| SetupError::Config {
        path: path.to_path_buf(),
        source,
    };
    let existing = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(fail(e)),
    };
    let text = set_env_line(&existing, KEY, url);
    let owner = sudo_owner();

    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let created = create_dirs(&dir).map_err(fail)?;

    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "koe.env".to_string());
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let written = (|| {
        let _ = fs::remove_file(&tmp);
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::set_permissions(&tmp, fs::Permissions::from_mode(0o600))?;
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&tmp, Some(uid), Some(gid))?;
        }
        fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(fail(e));
    }
    if let Some((uid, gid)) = owner {
        for dir in &created {
            std::os::unix::fs::chown(dir, Some(uid), Some(gid)).map_err(fail)?;
        }
    }
    Ok(())
}

/// Create `dir` and its missing parents (mode 0700); return the ones created, outermost first.
fn create_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf)
        .collect();
    missing.reverse();
    for d in &missing {
        match DirBuilder::new().mode(0o700).create(d) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(missing)
}

/// Replace the `KEY=` line (also `export KEY=`) of a dotenv text, or append one; keep the rest.
pub(crate) fn set_env_line(existing: &str, key: &str, value: &str) -> String {
    let line = format!("{key}={}", dotenv_value(value));
    let mut out = Vec::new();
    let mut replaced = false;
    for current in existing.lines() {
        if sets_key(current, key) {
            if !replaced {
                out.push(line.clone());
                replaced = true;
            }
        } else {
            out.push(current.to_string());
        }
    }
    if !replaced {
        out.push(line);
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn sets_key(line: &str, key: &str) -> bool {
    let trimmed = line.trim_start();
    let trimmed = trimmed
        .strip_prefix("export")
        .filter(|rest| rest.starts_with(char::is_whitespace))
        .map(str::trim_start)
        .unwrap_or(trimmed);
    trimmed
        .strip_prefix(key)
        .is_some_and(|rest| rest.trim_start().starts_with('='))
}

fn dotenv_value(value: &str) -> String {
    let plain = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./:@%?&=+,~".contains(c));
    if plain {
        value.to_string()
    } else {
        let escaped = value
            .replace('\\', r"\\")
            .replace('"', "\\\"")
            .replace('$', r"\$");
        format!("\"{escaped}\"")
    }
}

/// The user who ran `sudo`: (name, home, uid, gid), when we are root through sudo.
fn invoking_user() -> Option<(String, PathBuf, u32, u32)> {
    let name = std::env::var("SUDO_USER")
        .ok()
        .filter(|n| !n.is_empty() && n != "root")?;
    let uid: u32 = std::env::var("SUDO_UID").ok()?.parse().ok()?;
    let gid: u32 = std::env::var("SUDO_GID").ok()?.parse().ok()?;
    if uid == 0 {
        return None;
    }
    let home = fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|passwd| home_from_passwd(&passwd, &name))
        .or_else(|| {
            let out = system::capture("getent", &["passwd", &name], None).ok()?;
            home_from_passwd(&out.stdout, &name)
        })?;
    Some((name, home, uid, gid))
}

/// Who should own files we write: the sudo user, when root runs through sudo.
fn sudo_owner() -> Option<(u32, u32)> {
    if !system::is_root() || std::env::var_os("KOE_CONFIG").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    invoking_user().map(|(_, _, uid, gid)| (uid, gid))
}

/// The home folder of `user` in passwd(5) text.
pub(crate) fn home_from_passwd(passwd: &str, user: &str) -> Option<PathBuf> {
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() >= 7 && fields[0] == user && !fields[5].is_empty())
            .then(|| PathBuf::from(fields[5]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let map: HashMap<String, OsString> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        move |key| map.get(key).cloned()
    }

    #[test]
    fn path_rule() {
        let all = env(&[
            ("KOE_CONFIG", "/etc/koe.env"),
            ("XDG_CONFIG_HOME", "/x"),
            ("HOME", "/home/a"),
        ]);
        assert_eq!(
            path_from_env(&all, None),
            Some(PathBuf::from("/etc/koe.env"))
        );
        let xdg = env(&[("XDG_CONFIG_HOME", "/x"), ("HOME", "/home/a")]);
        assert_eq!(
            path_from_env(&xdg, None),
            Some(PathBuf::from("/x/koe/koe.env"))
        );
        let home = env(&[("XDG_CONFIG_HOME", ""), ("HOME", "/home/a")]);
        assert_eq!(
            path_from_env(&home, None),
            Some(PathBuf::from("/home/a/.config/koe/koe.env"))
        );
        let relative_xdg = env(&[("XDG_CONFIG_HOME", "rel"), ("HOME", "/home/a")]);
        assert_eq!(
            path_from_env(&relative_xdg, None),
            Some(PathBuf::from("/home/a/.config/koe/koe.env"))
        );
        assert_eq!(path_from_env(env(&[("KOE_CONFIG", "")]), None), None);
        assert_eq!(path_from_env(env(&[]), None), None);
    }

    #[test]
    fn sudo_user_home_wins_over_roots_own() {
        let root_env = env(&[("HOME", "/root"), ("XDG_CONFIG_HOME", "/root/.config")]);
        assert_eq!(
            path_from_env(&root_env, Some(PathBuf::from("/home/alice"))),
            Some(PathBuf::from("/home/alice/.config/koe/koe.env"))
        );
        let explicit = env(&[("KOE_CONFIG", "/srv/koe.env"), ("HOME", "/root")]);
        assert_eq!(
            path_from_env(&explicit, Some(PathBuf::from("/home/alice"))),
            Some(PathBuf::from("/srv/koe.env"))
        );
    }

    #[test]
    fn passwd_lookup() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\nbad line\n";
        assert_eq!(
            home_from_passwd(passwd, "alice"),
            Some(PathBuf::from("/home/alice"))
        );
        assert_eq!(home_from_passwd(passwd, "bob"), None);
    }

    #[test]
    fn env_line_is_replaced_or_appended() {
        assert_eq!(
            set_env_line("", "DATABASE_URL", "postgres://a@b/c"),
            "DATABASE_URL=postgres://a@b/c\n"
        );
        let before = "# koe\nKOE_BIND=0.0.0.0:8080\nexport DATABASE_URL=old\nDATABASE_URL = older\nDATABASE_URLS=keep\n";
        assert_eq!(
            set_env_line(before, "DATABASE_URL", "postgres://koe:pw@127.0.0.1:5432/koe"),
            "# koe\nKOE_BIND=0.0.0.0:8080\nDATABASE_URL=postgres://koe:pw@127.0.0.1:5432/koe\nDATABASE_URLS=keep\n"
        );
        assert_eq!(set_env_line("A=1", "B", "2"), "A=1\nB=2\n");
        assert_eq!(dotenv_value("a b\"$"), "\"a b\\\"\\$\"");
    }

    #[test]
    fn written_file_is_private_and_read_back() {
        let dir = std::env::temp_dir().join(format!("koe-setup-config-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let path = dir.join("nested/koe.env");
        assert_eq!(read_database_url(&path), None);
        if let Err(e) = write_database_url(&path, "postgres://koe:abc@127.0.0.1:5432/koe") {
            panic!("{e}");
        }
        let mode = fs::metadata(&path)
            .map(|m| m.permissions().mode() & 0o777)
            .ok();
        assert_eq!(mode, Some(0o600));
        let dir_mode = fs::metadata(dir.join("nested"))
            .map(|m| m.permissions().mode() & 0o777)
            .ok();
        assert_eq!(dir_mode, Some(0o700));
        assert_eq!(
            read_database_url(&path).as_deref(),
            Some("postgres://koe:abc@127.0.0.1:5432/koe")
        );
        if let Err(e) = fs::write(&path, "# mine\nOTHER=1\nDATABASE_URL=old\n") {
            panic!("{e}");
        }
        if let Err(e) = write_database_url(&path, "postgres://koe:new@127.0.0.1:5432/koe") {
            panic!("{e}");
        }
        assert_eq!(
            fs::read_to_string(&path).ok().as_deref(),
            Some("# mine\nOTHER=1\nDATABASE_URL=postgres://koe:new@127.0.0.1:5432/koe\n")
        );
        let mode = fs::metadata(&path)
            .map(|m| m.permissions().mode() & 0o777)
            .ok();
        assert_eq!(mode, Some(0o600));
        if let Err(e) = write_database_url(&path, "postgres://x@h/db with \"odd\" $chars") {
            panic!("{e}");
        }
        assert_eq!(
            read_database_url(&path).as_deref(),
            Some("postgres://x@h/db with \"odd\" $chars")
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
