//! `gilsim merge`: joins the shards of one sweep (`sweep --shard K/N`,
//! run anywhere — a Slurm job array, GNU parallel over ssh) into the
//! results an unsharded run would have written, byte for byte.

use super::results::{Cell, SweepResults};
use crate::error::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Merges shard files: every shard `0..N` of one sweep exactly once, with
/// headers equal but for the shard (same grid, engine, version and — on
/// the real engine — machine). Their runs are joined per cell, then
/// summarised and ordered as a whole sweep is.
pub fn merge(paths: &[PathBuf]) -> Result<SweepResults, Error> {
    if paths.is_empty() {
        return Err(Error::Usage("merge needs the shard files".into()));
    }
    let shards = paths
        .iter()
        .map(|p| SweepResults::read_json(p).map(|r| (p.as_path(), r)))
        .collect::<Result<Vec<_>, _>>()?;
    let refuse = |path: &Path, message: String| Error::Results {
        path: path.to_path_buf(),
        message,
    };
    let (first_path, first) = &shards[0];
    let Some(count) = first.header.shard.map(|s| s.count) else {
        return Err(refuse(
            first_path,
            "not a shard (made without --shard): nothing to merge".into(),
        ));
    };
    let mut seen: BTreeMap<u32, &Path> = BTreeMap::new();
    let mut header = first.header.clone();
    header.shard = None;
    for (path, r) in &shards {
        let Some(s) = r.header.shard else {
            return Err(refuse(path, "not a shard (made without --shard)".into()));
        };
        if s.count != count {
            return Err(refuse(
                path,
                format!(
                    "shard {}/{} of a sweep cut into {}, not {count} like {}",
                    s.index,
                    s.count,
                    s.count,
                    first_path.display()
                ),
            ));
        }
        let mut h = r.header.clone();
        h.shard = None;
        if h != header {
            return Err(refuse(
                path,
                format!(
                    "a shard of another sweep than {} ({})",
                    first_path.display(),
                    header_difference(&header, &h)
                ),
            ));
        }
        if let Some(other) = seen.insert(s.index, path) {
            return Err(refuse(
                path,
                format!(
                    "shard {}/{count} given twice (also {})",
                    s.index,
                    other.display()
                ),
            ));
        }
    }
    let missing: Vec<String> = (0..count)
        .filter(|k| !seen.contains_key(k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "missing shards: {} (every shard 0..{count} is needed)",
            missing.join(", ")
        )));
    }
    let mut cells: BTreeMap<super::results::CellKey, Cell> = BTreeMap::new();
    for (_, r) in shards {
        for c in r.cells {
            match cells.get_mut(&c.key()) {
                Some(have) => {
                    if have.work_per_thread != c.work_per_thread {
                        return Err(Error::Usage(format!(
                            "shards disagree on the work of cell {} {} {} {} threads",
                            c.workload, c.scaling, c.mode, c.threads
                        )));
                    }
                    have.runs.extend(c.runs);
                }
                None => {
                    cells.insert(c.key(), c);
                }
            }
        }
    }
    let merged = super::aggregate::finish(header, cells.into_values().collect());
    merged
        .validate()
        .map_err(|m| Error::Usage(format!("the merged shards are not one sweep: {m}")))?;
    Ok(merged)
}

/// The first header field that differs, for the message.
fn header_difference(a: &super::results::Header, b: &super::results::Header) -> String {
    let (ja, jb) = (
        serde_json::to_value(a).expect("headers serialise"),
        serde_json::to_value(b).expect("headers serialise"),
    );
    if let (Some(ma), Some(mb)) = (ja.as_object(), jb.as_object()) {
        for (k, v) in ma {
            if mb.get(k) != Some(v) {
                return format!("its {k} differs");
            }
        }
    }
    "its header differs".into()
}
