//! Rust names for GraphQL names: case conversion, keywords, and deterministic uniqueness.
//!
//! Generated code must compile whatever the schema and the operations are called: a field
//! named `type` becomes `r#type`, one named `self` becomes `self_`, two selections that would
//! both be called `Nodes` become `Nodes` and `IssuesNodes`, and a GraphQL enum called `Option`
//! does not shadow the prelude's `Option`. Every choice depends only on the input, in the order
//! it is met, so the output is the same on every run.

use crate::fast_hash::FastSet;

/// Keywords of every edition (strict, reserved and 2024's `gen`): usable only as raw identifiers.
/// Sorted (searched by bisection).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names generated code refers to without a path (the prelude, serde's derives, the
/// names every operation module defines): a generated type never takes one of them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Vec",
    "String",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "AsRef",
    "AsMut",
    "Serialize",
    "Deserialize",
    "Self",
    "Data",
    "Variables",
    "QUERY",
];

/// Calls `word` with each word of `name`, in order: words end at `_` and where the case
/// turns (`viewerCanAdminister`, `HTMLUrl` → `HTML`, `Url`). Slices of `name`, no allocation
/// (this runs for every field and type name generated).
fn split_words(name: &str, mut word: impl FnMut(&str)) {
    let mut start: Option<usize> = None;
    let mut prev = '_';
    let mut chars = name.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '_' {
            if let Some(s) = start.take() {
                word(&name[s..i]);
            }
            prev = c;
            continue;
        }
        if let (Some(s), true) = (start, c.is_ascii_uppercase()) {
            let next_lower = chars.peek().is_some_and(|(_, n)| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                word(&name[s..i]);
                start = Some(i);
            }
        }
        start.get_or_insert(i);
        prev = c;
    }
    if let Some(s) = start {
        word(&name[s..]);
    }
}

/// `viewerCanAdminister` → `viewer_can_administer`, `__typename` → `typename`, `URL` → `url`.
pub fn snake_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    split_words(name, |word| {
        if !snake.is_empty() {
            snake.push('_');
        }
        let from = snake.len();
        snake.push_str(word);
        snake[from..].make_ascii_lowercase();
    });
    if snake.is_empty() {
        return "field".to_owned();
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{snake}");
    }
    snake
}

/// `IN_PROGRESS` → `InProgress`, `repo_view` → `RepoView`, `URL` → `Url`.
pub fn pascal_case(name: &str) -> String {
    let mut pascal = String::with_capacity(name.len());
    split_words(name, |word| {
        let from = pascal.len();
        pascal.push_str(word);
        pascal[from..].make_ascii_lowercase();
        if pascal.as_bytes()[from].is_ascii() {
            pascal[from..from + 1].make_ascii_uppercase();
        }
    });
    if pascal.is_empty() {
        return "Value".to_owned();
    }
    if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{pascal}");
    }
    pascal
}

/// A GraphQL type or operation name as a Rust type name: kept as written when it already
/// reads as one (`URI`, `CreateIssueInput`), else converted (`repo_view` → `RepoView`).
pub fn type_name(name: &str) -> String {
    let kept = name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains('_');
    if kept {
        name.to_owned()
    } else {
        pascal_case(name)
    }
}

/// The identifier as written in Rust source: keywords raw (`r#type`), the few that cannot be
/// raw suffixed (`self_`).
pub fn ident_text(name: &str) -> String {
    // Keywords are 2 to 8 lowercase letters, `_` or `Self`: most names are none of these,
    // and are known without searching the lists (this runs for every name generated).
    let maybe_keyword = (name.len() <= 8
        && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        || name == "Self";
    if !maybe_keyword {
        name.to_owned()
    } else if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.binary_search(&name).is_ok() {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// The name serde sees for a field declared with [`ident_text`]: a raw identifier's name without
/// `r#`. When it differs from the JSON key, the field needs `#[serde(rename)]`.
pub fn serde_name(name: &str) -> String {
    let text = ident_text(name);
    match text.strip_prefix("r#") {
        Some(raw) => raw.to_owned(),
        None => text,
    }
}

/// Names already taken in one Rust namespace (a module's types, a struct's fields).
#[derive(Clone, Debug, Default)]
pub struct Namespace {
    taken: FastSet<String>,
}

impl Namespace {
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Takes `name` exactly; `false` when it is already taken.
    pub fn try_claim(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_owned())
    }

    /// Takes the first free name among `candidates`, then `<last candidate>2`, `3`, ...
    pub fn claim(&mut self, candidates: &[&str]) -> String {
        for candidate in candidates {
            if self.try_claim(candidate) {
                return candidate.to_string();
            }
        }
        let base = candidates.last().copied().unwrap_or("Type");
        let separator = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|name| self.try_claim(name))
            .expect("an unbounded range has a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake_case("viewerCanAdminister"), "viewer_can_administer");
        assert_eq!(snake_case("__typename"), "typename");
        assert_eq!(snake_case("URL"), "url");
        assert_eq!(snake_case("isHTTPSEnabled"), "is_https_enabled");
        assert_eq!(snake_case("node2Id"), "node2_id");
        assert_eq!(snake_case("_1"), "_1");
        assert_eq!(pascal_case("IN_PROGRESS"), "InProgress");
        assert_eq!(pascal_case("repo_view"), "RepoView");
        assert_eq!(pascal_case("URL"), "Url");
        assert_eq!(pascal_case("_1080P"), "_1080P");
        assert_eq!(snake_case("HTMLUrl__a__"), "html_url_a");
        // File stems name anonymous operations: any characters.
        assert_eq!(pascal_case("élan_vital"), "élanVital");
        assert_eq!(snake_case("Élan-Ü"), "Élan-Ü");
        assert_eq!(type_name("URI"), "URI");
        assert_eq!(type_name("issue"), "Issue");
        assert_eq!(type_name("__TypeKind"), "TypeKind");
    }

    #[test]
    fn keywords() {
        assert_eq!(ident_text("type"), "r#type");
        assert_eq!(ident_text("self"), "self_");
        assert_eq!(ident_text("union"), "union");
        assert_eq!(ident_text("move"), "r#move");
    }

    #[test]
    fn claims_are_unique_and_deterministic() {
        let mut ns = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        assert_eq!(ns.claim(&["Nodes"]), "Nodes");
        assert_eq!(ns.claim(&["Nodes", "IssuesNodes"]), "IssuesNodes");
        assert_eq!(ns.claim(&["Nodes", "IssuesNodes"]), "IssuesNodes2");
        assert_eq!(ns.claim(&["Option"]), "Option2");
        assert_eq!(ns.claim(&["V1"]), "V1");
        assert_eq!(ns.claim(&["V1"]), "V1_2");
    }

    #[test]
    fn every_keyword_is_raw_and_the_list_is_sorted() {
        assert!(KEYWORDS.windows(2).all(|w| w[0] < w[1]));
        for keyword in KEYWORDS {
            assert_eq!(ident_text(keyword), format!("r#{keyword}"));
        }
        for name in NOT_RAW {
            assert_eq!(ident_text(name), format!("{name}_"));
        }
        for plain in ["types", "Type", "moved", "abstracts", "user_id", "x2"] {
            assert_eq!(ident_text(plain), plain);
        }
    }
}
