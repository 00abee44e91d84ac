//! The documentation cannot rot silently: every relative link and image in
//! README.md, programs/learn/README.md, plots/README.md and docs/**/*.md
//! resolves (a `#fragment` to a heading of its target, with GitHub's
//! slugs); every page in docs/ is listed in docs/SUMMARY.md; and
//! docs/reference/cli.md names every command and long flag the binary's
//! `--help` prints. The tutorial's shell blocks are run by `docs_commands`.

#[path = "docs_commands.rs"]
mod docs_commands;

use crate::common::{gilsim_within, repo_path};
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// A Markdown page split into what the checks need.
#[derive(Debug, Default)]
pub struct Page {
    /// The GitHub-style anchors of its headings (duplicates numbered).
    pub anchors: BTreeSet<String>,
    /// Every link and image target outside code, with its 1-based line.
    pub links: Vec<(usize, String)>,
}

/// Whether `line` opens or closes a fenced code block; returns the fence.
fn fence_of(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["```", "~~~"].into_iter().find(|f| t.starts_with(f))
}

/// `line` with its inline code spans (`` `...` ``) removed, so a `#` or a
/// `](` inside code is neither a heading nor a link.
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let ticks = rest[start..].chars().take_while(|&c| c == '`').count();
        let after = &rest[start + ticks..];
        match after.find(&"`".repeat(ticks)) {
            Some(end) => rest = &after[end + ticks..],
            None => {
                // An unclosed run of backticks is literal text.
                out.push_str(&rest[start..start + ticks]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// GitHub's anchor for a heading's text: lower case, links reduced to their
/// text, every character but letters, digits, spaces, `-` and `_` dropped,
/// spaces turned into `-`.
pub fn slug(heading: &str) -> String {
    let text = link_texts(heading);
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// `[text](target)` replaced by `text` (for slugs of headings with links).
fn link_texts(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](") else {
            break;
        };
        let Some(close) = rest[open + mid..].find(')') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..open + mid]);
        rest = &rest[open + mid + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The targets of `[..](target)` and `![..](target)` in one line of text.
fn link_targets(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let end = after.find(')').unwrap_or(after.len());
        // `[text](target "title")`: the target is the first word.
        let target = after[..end].split_whitespace().next().unwrap_or("");
        found.push(target.trim_matches(|c| c == '<' || c == '>').to_string());
        rest = &after[end..];
    }
    found
}

/// Parses a page's headings and links, skipping fenced blocks and code
/// spans.
pub fn parse(text: &str) -> Page {
    let mut page = Page::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut fence: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(f) = fence_of(line) {
            match &fence {
                Some(open) if line.trim_start().starts_with(open.as_str()) => fence = None,
                Some(_) => {}
                None => fence = Some(f.to_string()),
            }
            continue;
        }
        if fence.is_some() {
            continue;
        }
        let plain = without_code_spans(line);
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            // The slug is made from the heading as written (code included).
            let base = slug(&line[hashes..].replace('`', ""));
            let n = seen.entry(base.clone()).or_insert(0);
            let anchor = if *n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            *n += 1;
            page.anchors.insert(anchor);
        }
        for target in link_targets(&plain) {
            page.links.push((i + 1, target));
        }
    }
    page
}

/// `path` with `.` and `..` components folded away (no file system access).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `p` (relative to `root`) parsed, from `cache` or read now; `None` if it
/// cannot be read.
fn load<'a>(cache: &'a mut HashMap<PathBuf, Page>, root: &Path, p: &Path) -> Option<&'a Page> {
    if !cache.contains_key(p) {
        let text = std::fs::read_to_string(root.join(p)).ok()?;
        cache.insert(p.to_path_buf(), parse(&text));
    }
    cache.get(p)
}

/// Every problem with the links of `pages` (paths relative to `root`):
/// a target that is not a file or directory, or a fragment that is not a
/// heading of its Markdown target. Each problem names the page and line.
pub fn link_problems(root: &Path, pages: &[PathBuf]) -> Vec<String> {
    let mut parsed: HashMap<PathBuf, Page> = HashMap::new();
    let mut problems = Vec::new();
    for page in pages {
        let links = match load(&mut parsed, root, page) {
            Some(pg) => pg.links.clone(),
            None => {
                problems.push(format!("{}: cannot be read", page.display()));
                continue;
            }
        };
        for (line, target) in links {
            if target.is_empty()
                || target.contains("://")
                || target.starts_with("mailto:")
                || target.starts_with('/')
            {
                continue;
            }
            let (path, fragment) = match target.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (target.as_str(), None),
            };
            let dest = if path.is_empty() {
                page.clone()
            } else {
                normalize(&page.parent().unwrap_or(Path::new("")).join(path))
            };
            let at = format!("{}:{line}: link `{target}`", page.display());
            if !root.join(&dest).exists() {
                problems.push(format!("{at}: {} does not exist", dest.display()));
                continue;
            }
            let Some(fragment) = fragment else { continue };
            if dest.extension().is_some_and(|e| e == "md") {
                match load(&mut parsed, root, &dest) {
                    Some(pg) if pg.anchors.contains(fragment) => {}
                    Some(_) => problems.push(format!(
                        "{at}: no heading of {} has the anchor #{fragment}",
                        dest.display()
                    )),
                    None => problems.push(format!("{at}: {} cannot be read", dest.display())),
                }
            }
        }
    }
    problems
}

/// Every `.md` file under `dir` (relative to `root`), sorted.
pub fn markdown_under(root: &Path, dir: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![PathBuf::from(dir)];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&d)) else {
            continue;
        };
        for e in entries.flatten() {
            let rel = d.join(e.file_name());
            if e.path().is_dir() {
                todo.push(rel);
            } else if rel.extension().is_some_and(|x| x == "md") {
                found.push(rel);
            }
        }
    }
    found.sort();
    found
}

/// The pages whose links are checked.
fn checked_pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = ["README.md", "programs/learn/README.md", "plots/README.md"]
        .iter()
        .map(PathBuf::from)
        .collect();
    pages.extend(markdown_under(root, "docs"));
    pages
}

/// Pages of `docs_dir` missing from its SUMMARY.md (which must exist).
pub fn unlisted_pages(root: &Path, docs_dir: &str) -> Vec<String> {
    let summary = Path::new(docs_dir).join("SUMMARY.md");
    let text = std::fs::read_to_string(root.join(&summary)).unwrap_or_default();
    let listed: BTreeSet<PathBuf> = parse(&text)
        .links
        .into_iter()
        .map(|(_, t)| normalize(&Path::new(docs_dir).join(t)))
        .collect();
    markdown_under(root, docs_dir)
        .into_iter()
        .filter(|p| *p != summary && !listed.contains(p))
        .map(|p| format!("{} is not listed in {}", p.display(), summary.display()))
        .collect()
}

#[test]
fn every_relative_link_and_image_resolves() {
    let root = repo_path("");
    let problems = link_problems(&root, &checked_pages(&root));
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_docs_page_is_in_the_summary() {
    let root = repo_path("");
    assert!(
        root.join("docs/SUMMARY.md").exists(),
        "docs/SUMMARY.md is missing"
    );
    // Every SUMMARY entry existing is part of the link check above.
    let problems = unlisted_pages(&root, "docs");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_link_checker_finds_what_is_broken() {
    let dir = crate::common::TempDir::new("docs-links");
    std::fs::create_dir_all(dir.join("docs/sub")).unwrap();
    dir.write(
        "a.md",
        "# Top\n\n## The `gil` mode (`--mode gil`)\n\n## Top\n",
    );
    dir.write("docs/SUMMARY.md", "[A](../a.md)\n[Sub](sub/b.md)\n");
    dir.write(
        "docs/sub/b.md",
        "# B\n[ok](../../a.md#the-gil-mode---mode-gil)\n",
    );
    dir.write("docs/orphan.md", "# Orphan\n");
    let page = "[fine](a.md#top-1) [gone](missing.md) ![img](x.png)\n\
                [bad](a.md#nowhere) `[code](missing2.md)`\n\
                ```sh\n[in a block](missing3.md)\n# not a heading\n```\n";
    dir.write("page.md", page);
    let problems = link_problems(&dir, &[PathBuf::from("page.md"), "docs/sub/b.md".into()]);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems[0].contains("page.md:1: link `missing.md`"),
        "{problems:#?}"
    );
    assert!(
        problems[1].contains("x.png does not exist"),
        "{problems:#?}"
    );
    assert!(problems[2].contains("#nowhere"), "{problems:#?}");
    let unlisted = unlisted_pages(&dir, "docs");
    assert_eq!(
        unlisted,
        vec!["docs/orphan.md is not listed in docs/SUMMARY.md"]
    );
    assert!(!parse(page).anchors.contains("not-a-heading"));
}

#[test]
fn slugs_are_githubs() {
    assert_eq!(
        slug(" Virtual time (`--engine virtual`)"),
        "virtual-time---engine-virtual"
    );
    assert_eq!(slug("A runtime's own costs"), "a-runtimes-own-costs");
    assert_eq!(slug("Results: what, when_where"), "results-what-when_where");
    assert_eq!(slug("See [the book](x.md)"), "see-the-book");
}

// ---------------------------------------------------------------------------
// The CLI reference against the binary's help.

/// Commands listed in the `Commands:` section of a help text (`help` left
/// out).
pub fn help_commands(help: &str) -> Vec<String> {
    let mut in_commands = false;
    let mut found = Vec::new();
    for line in help.lines() {
        if line.starts_with("Commands:") {
            in_commands = true;
            continue;
        }
        if in_commands {
            if !line.starts_with("  ") {
                break;
            }
            if let Some(name) = line.split_whitespace().next() {
                if line.starts_with("  ") && !line.starts_with("   ") && name != "help" {
                    found.push(name.to_string());
                }
            }
        }
    }
    found
}

/// Long flags a help text defines: each option line's `--flag`, and the
/// aliases clap prints as `[alias: --x]` or `[aliases: --x, --y]`.
pub fn help_flags(help: &str) -> BTreeSet<String> {
    let mut flags = BTreeSet::new();
    let mut take = |s: &str| {
        let name: String = s
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if !name.is_empty() {
            flags.insert(format!("--{name}"));
        }
    };
    for line in help.lines() {
        let t = line.trim_start();
        let t = match t.strip_prefix('-') {
            // `-o, --out <OUT>`
            Some(short) if short.len() > 2 && short.as_bytes()[1] == b',' => {
                short[2..].trim_start()
            }
            _ => t,
        };
        if line.starts_with("  ") {
            if let Some(rest) = t.strip_prefix("--") {
                take(rest);
            }
        }
        for marker in ["[alias: ", "[aliases: "] {
            if let Some(i) = line.find(marker) {
                for alias in line[i + marker.len()..].split([',', ']']) {
                    if let Some(rest) = alias.trim().strip_prefix("--") {
                        take(rest);
                    }
                }
            }
        }
    }
    flags
}

/// Whether `text` names `flag` as a whole word (`--seed` is not found in
/// `--seeds`).
fn names_flag(text: &str, flag: &str) -> bool {
    text.match_indices(flag).any(|(i, _)| {
        let next = text[i + flag.len()..].chars().next();
        !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// The part of cli.md about `gilsim CMD`: from its `### gilsim CMD`
/// heading to the next heading of level 2 or 3.
fn section<'a>(doc: &'a str, cmd: &str) -> Option<&'a str> {
    let heading = format!("### gilsim {cmd}\n");
    let start = doc.find(&heading)?;
    let body = &doc[start + heading.len()..];
    let end = body
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .find(|&i| body[i..].starts_with("## ") || body[i..].starts_with("### "))
        .unwrap_or(body.len());
    Some(&body[..end])
}

/// What cli.md leaves out of the help texts given as (command path, help):
/// a command not named as `gilsim CMD` (or `PARENT SUB`), or a long flag
/// found neither in its command's section nor in the "Chart options"
/// section where that section names the command.
pub fn cli_doc_problems(doc: &str, helps: &[(Vec<String>, String)]) -> Vec<String> {
    let chart = doc
        .find("## Chart options\n")
        .map(|i| {
            let body = &doc[i + 17..];
            &body[..body.find("\n## ").unwrap_or(body.len())]
        })
        .unwrap_or("");
    let mut problems = Vec::new();
    for (path, help) in helps {
        if path.is_empty() {
            continue;
        }
        let name = path.join(" ");
        let named = if path.len() == 1 {
            doc.contains(&format!("gilsim {name}"))
        } else {
            doc.contains(&name)
        };
        if !named {
            problems.push(format!("cli.md does not name the command `gilsim {name}`"));
        }
        let Some(sec) = section(doc, &path[0]) else {
            problems.push(format!("cli.md has no section `### gilsim {}`", path[0]));
            continue;
        };
        // `--help` and `--version` are documented once, for every command.
        for flag in help_flags(help)
            .into_iter()
            .filter(|f| f != "--help" && f != "--version")
        {
            let in_chart = chart.contains(&format!("`{name}`")) && names_flag(chart, &flag);
            if !names_flag(sec, &flag) && !in_chart {
                problems.push(format!("cli.md does not document `gilsim {name} {flag}`"));
            }
        }
    }
    problems
}

/// `gilsim ARGS --help`, which must succeed.
fn help_of(path: &[String]) -> String {
    let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
    args.push("--help");
    let out = gilsim_within(&args, Duration::from_secs(60));
    assert_eq!(out.code, Some(0), "gilsim {args:?}: {}", out.show());
    out.stdout
}

#[test]
fn the_cli_reference_names_every_command_and_flag() {
    let mut helps: Vec<(Vec<String>, String)> = Vec::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let help = help_of(&path);
        for cmd in help_commands(&help) {
            let mut sub = path.clone();
            sub.push(cmd);
            todo.push(sub);
        }
        helps.push((path, help));
    }
    assert!(
        helps.len() > 12,
        "too few commands found in --help: {helps:?}"
    );
    let doc = std::fs::read_to_string(repo_path("docs/reference/cli.md")).unwrap();
    let problems = cli_doc_problems(&doc, &helps);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_cli_check_finds_what_is_missing() {
    let help = "Usage: gilsim demo [OPTIONS]\n\nOptions:\n      --seeds <LIST>\n          \
                Seeds\n          [alias: --seed]\n  -o, --out <OUT>  Output\n      --title <T>  x\n";
    assert_eq!(
        help_flags(help).into_iter().collect::<Vec<_>>(),
        ["--out", "--seed", "--seeds", "--title"]
    );
    let top = "Commands:\n  demo  A demo\n  help  Help\n\nOptions:\n  -h, --help  Print help\n";
    assert_eq!(help_commands(top), ["demo"]);
    let doc = "### gilsim demo\n\n`--seeds`, `-o`, `--out`\n\n## Chart options\n\n\
               For `demo`: `--title`.\n";
    let helps = vec![(vec!["demo".to_string()], help.to_string())];
    let problems = cli_doc_problems(doc, &helps);
    assert_eq!(problems, ["cli.md does not document `gilsim demo --seed`"]);
    let problems = cli_doc_problems(doc, &[(vec!["other".to_string()], String::new())]);
    assert_eq!(problems.len(), 2, "{problems:?}");
}
