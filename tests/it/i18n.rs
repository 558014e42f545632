//! Every user-facing string goes through `locales/`: both languages have the same keys, and
//! every key the code asks for exists.

use std::collections::BTreeSet;
use std::path::Path;

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let k = k.clone();
                if k == "_version" {
                    continue;
                }
                let key = if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}

fn keys(file: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(file),
    )
    .unwrap();
    let v: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let mut out = BTreeSet::new();
    flatten("", &v, &mut out);
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn japanese_and_english_have_the_same_keys() {
    let ja = keys("ja.yml");
    let en = keys("en.yml");
    let only_ja: Vec<_> = ja.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&ja).collect();
    assert!(
        only_ja.is_empty() && only_en.is_empty(),
        "missing in en.yml: {only_ja:?}\nmissing in ja.yml: {only_en:?}"
    );
}

#[test]
fn every_key_the_code_uses_exists() {
    let ja = keys("ja.yml");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("views/src"), &mut files);
    rust_files(&root.join("jobs/src"), &mut files);
    // Literal keys in t!("…") and keys returned as strings for t! (message_key functions).
    let direct = regex::Regex::new(r#"t!\(\s*"([a-z0-9_.]+)""#).unwrap();
    let keyish = regex::Regex::new(
        r#""([a-z_]+\.error\.[a-z_]+|error\.[a-z0-9_.]+|notice\.[a-z_]+|login\.ended\.[a-z_]+)""#,
    )
    .unwrap();
    let mut missing = Vec::new();
    let mut seen = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for c in direct
            .captures_iter(&text)
            .chain(keyish.captures_iter(&text))
        {
            seen += 1;
            let k = &c[1];
            if !ja.contains(k) {
                missing.push(format!("{}: {k}", f.strip_prefix(root).unwrap().display()));
            }
        }
    }
    assert!(
        seen > 100,
        "the scan found only {seen} keys; is the pattern right?"
    );
    // Keys built at run time: every profession code has a label.
    for p in renkei::models::users::PROFESSIONS {
        if !ja.contains(&format!("profession.{p}")) {
            missing.push(format!("profession.{p}"));
        }
    }
    assert!(
        missing.is_empty(),
        "keys without an entry in locales/:\n{}",
        missing.join("\n")
    );
}
