//! The view state (filter, language, theme, table sorts) and its URL-hash form,
//! so a copied link reopens the same view. Pure Rust: tested natively and in wasm.

use plansight_charts::{ChartId, Lang};
use plansight_core::engine::filter::Filter;
use plansight_core::BuilderKind;

/// How a table is sorted: a column key and the direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub key: String,
    pub desc: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ViewState {
    pub filter: Filter,
    pub lang: Lang,
    pub dark: bool,
    /// Sorts of the projects, tasks and indicators tables (None = document order).
    pub sorts: [Option<Sort>; 3],
    /// `embed=CHART`: the page shows that one chart, filling its frame.
    pub embed: Option<Embed>,
    /// `theme=auto`: the theme follows the system (an embed's host may ask for it).
    pub auto_theme: bool,
    /// How many rows each table shows (more on request): a plan of thousands of
    /// projects builds no DOM row nobody scrolls to. Not part of the hash.
    pub row_limits: [usize; 3],
    /// `src=URL,…`: the documents to open instead of the seed (an embed or a
    /// link to plans published beside the page; same origin, the CSP allows no
    /// other); several open as a set (two editions compared, for the bridge).
    pub src: Vec<String>,
    /// `p=NAME`: with several plans open, the one shown (by its file name).
    pub plan: Option<String>,
    /// `cmp=A~B`: the two editions compared (by file name), A the earlier.
    pub compare: Option<(String, String)>,
    /// `pm=A.B,…`: projects matched by hand (rows of A and of B, 1-based).
    pub matched: Vec<(usize, usize)>,
    /// `pu=A.B,…`: matched projects the reader kept apart.
    pub unmatched: Vec<(usize, usize)>,
    /// Sort of the plans table (several plans open).
    pub plans_sort: Option<Sort>,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            filter: Filter::default(),
            lang: Lang::Zh,
            dark: false,
            sorts: [None, None, None],
            embed: None,
            auto_theme: false,
            row_limits: [ROWS_SHOWN; 3],
            src: Vec::new(),
            plan: None,
            compare: None,
            matched: Vec::new(),
            unmatched: Vec::new(),
            plans_sort: None,
        }
    }
}

/// What an embed shows: one of a plan's charts, or the bridge of two editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Embed {
    Chart(ChartId),
    Bridge,
}

impl Embed {
    pub fn id(self) -> &'static str {
        match self {
            Embed::Chart(c) => c.id(),
            Embed::Bridge => "bridge",
        }
    }

    pub fn from_id(id: &str) -> Option<Embed> {
        if id == "bridge" {
            Some(Embed::Bridge)
        } else {
            ChartId::from_id(id).map(Embed::Chart)
        }
    }
}

/// Rows a table shows at first, and how many more each "show more" adds.
pub const ROWS_SHOWN: usize = 200;

/// The three sortable tables, in `ViewState::sorts` order.
pub const TABLES: [&str; 3] = ["projects", "tasks", "indicators"];

/// A table's place in `TABLES` (and so in `sorts` and `row_limits`).
pub fn table_index(table: &str) -> Option<usize> {
    TABLES.iter().position(|t| *t == table)
}

/// Percent-encodes everything outside the URL-safe unreserved set (UTF-8 bytes).
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes %XX escapes (and '+' as space); invalid escapes are kept as written.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn list(values: &[String]) -> String {
    values.iter().map(|v| encode(v)).collect::<Vec<_>>().join(",")
}

/// Row pairs as `A.B,A.B`.
fn pairs(values: &[(usize, usize)]) -> String {
    values.iter().map(|(a, b)| format!("{a}.{b}")).collect::<Vec<_>>().join(",")
}

fn parse_pairs(value: &str) -> Vec<(usize, usize)> {
    value
        .split(',')
        .filter_map(|p| p.split_once('.'))
        .filter_map(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .filter(|&(a, b)| a > 0 && b > 0)
        .collect()
}

impl ViewState {
    /// The hash for the address bar, without '#'; empty for the default view.
    pub fn to_hash(&self) -> String {
        let f = &self.filter;
        let mut parts: Vec<String> = Vec::new();
        if let Some(embed) = self.embed {
            parts.push(format!("embed={}", embed.id()));
        }
        if !self.src.is_empty() {
            parts.push(format!("src={}", list(&self.src)));
        }
        if let Some(plan) = &self.plan {
            // Every plan at once reads as itself in the link.
            parts.push(format!("p={}", if plan == "*" { "*".to_string() } else { encode(plan) }));
        }
        if let Some((a, b)) = &self.compare {
            parts.push(format!("cmp={}~{}", encode(a).replace('~', "%7E"), encode(b).replace('~', "%7E")));
        }
        if !self.matched.is_empty() {
            parts.push(format!("pm={}", pairs(&self.matched)));
        }
        if !self.unmatched.is_empty() {
            parts.push(format!("pu={}", pairs(&self.unmatched)));
        }
        if !f.types.is_empty() {
            parts.push(format!("t={}", list(&f.types)));
        }
        if !f.units.is_empty() {
            parts.push(format!("u={}", list(&f.units)));
        }
        if !f.builder_kinds.is_empty() {
            parts.push(format!("b={}", f.builder_kinds.iter().map(|k| k.id()).collect::<Vec<_>>().join(",")));
        }
        if let Some((a, b)) = f.years {
            parts.push(format!("y={a}-{b}"));
        }
        if !f.search.trim().is_empty() {
            parts.push(format!("q={}", encode(f.search.trim())));
        }
        let plans = [("plans", &self.plans_sort)];
        for (table, sort) in TABLES.iter().zip(&self.sorts).chain(plans.iter().map(|(t, s)| (t, *s))) {
            if let Some(s) = sort {
                parts.push(format!("s.{table}={}.{}", encode(&s.key), if s.desc { "desc" } else { "asc" }));
            }
        }
        if self.lang == Lang::En {
            parts.push("lang=en".into());
        }
        if self.auto_theme {
            parts.push("theme=auto".into());
        } else if self.dark {
            parts.push("theme=dark".into());
        }
        parts.join("&")
    }

    /// Reads a hash (with or without '#'). Unknown keys and bad values are ignored,
    /// so an edited or old link still opens; `dark` is the default when the hash
    /// does not say (the system's preference).
    pub fn from_hash(hash: &str, dark_default: bool) -> ViewState {
        let mut v = ViewState { dark: dark_default, ..ViewState::default() };
        for pair in hash.trim_start_matches('#').split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let values = || value.split(',').map(decode).filter(|s| !s.is_empty()).collect::<Vec<_>>();
            match key {
                // An empty type is a real category (未分类: rows with no type), so "t=" keeps it.
                "t" => v.filter.types = value.split(',').map(decode).collect(),
                "u" => v.filter.units = values(),
                "b" => v.filter.builder_kinds = value.split(',').filter_map(BuilderKind::parse_id).collect(),
                "y" => {
                    let years: Vec<i32> = value.split('-').filter_map(|y| y.parse().ok()).collect();
                    if let [a, b] = years[..] {
                        v.filter.years = Some((a.min(b), a.max(b)));
                    }
                }
                "q" => v.filter.search = decode(value),
                "lang" => v.lang = if value == "en" { Lang::En } else { Lang::Zh },
                "theme" => match value {
                    "dark" | "light" => v.dark = value == "dark",
                    "auto" => v.auto_theme = true,
                    _ => {}
                },
                "embed" => v.embed = Embed::from_id(value),
                "src" => v.src = values(),
                "p" => v.plan = Some(decode(value)).filter(|s| !s.is_empty()),
                "cmp" => v.compare = value.split_once('~').map(|(a, b)| (decode(a), decode(b))),
                "pm" => v.matched = parse_pairs(value),
                "pu" => v.unmatched = parse_pairs(value),
                _ => {
                    if let (Some(table), Some((k, dir))) = (key.strip_prefix("s."), value.rsplit_once('.')) {
                        let sort = Some(Sort { key: decode(k), desc: dir == "desc" });
                        match table_index(table) {
                            Some(i) => v.sorts[i] = sort,
                            None if table == "plans" => v.plans_sort = sort,
                            None => {}
                        }
                    }
                }
            }
        }
        v
    }

    /// Adds a value to a selection, or removes it when already there (click again to clear).
    pub fn toggle(list: &mut Vec<String>, value: &str) {
        match list.iter().position(|v| v == value) {
            Some(i) => {
                list.remove(i);
            }
            None => list.push(value.to_string()),
        }
    }

    /// Sorts a table by a column; the same column again flips the direction,
    /// a third time returns to document order.
    pub fn sort_by(&mut self, table: &str, key: &str) {
        let sort = match table_index(table) {
            Some(i) => &mut self.sorts[i],
            None if table == "plans" => &mut self.plans_sort,
            None => return,
        };
        *sort = match sort.take() {
            Some(s) if s.key == key && !s.desc => Some(Sort { key: key.into(), desc: true }),
            Some(s) if s.key == key => None,
            _ => Some(Sort { key: key.into(), desc: false }),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_roundtrip() {
        let mut v = ViewState::default();
        v.filter.types = vec!["交通互通共网".into(), "a,b".into()];
        v.filter.units = vec!["市科技局".into()];
        v.filter.builder_kinds = vec![BuilderKind::StatePlatform];
        v.filter.years = Some((2023, 2025));
        v.filter.search = "医院 二期".into();
        v.lang = Lang::En;
        v.dark = true;
        v.embed = Some(Embed::Chart(ChartId::Annual));
        v.src = vec!["plans/2024 计划.docx".into(), "a,b.csv".into()];
        v.plan = Some("诸暨 2025.docx".into());
        v.compare = Some(("2024.csv".into(), "2025~new.xlsx".into()));
        v.matched = vec![(3, 4), (12, 1)];
        v.unmatched = vec![(5, 5)];
        v.sort_by("plans", "total");
        v.sort_by("projects", "investment");
        v.sort_by("projects", "investment");
        let hash = v.to_hash();
        assert!(hash.is_ascii(), "{hash}");
        assert_eq!(ViewState::from_hash(&format!("#{hash}"), false), v);
        assert_eq!(ViewState::default().to_hash(), "");
    }

    #[test]
    fn embeds_and_themes() {
        // An embed asks for light, dark or the system's theme (auto), whatever the host's OS says.
        assert!(!ViewState::from_hash("#embed=annual&theme=light", true).dark);
        assert!(ViewState::from_hash("#embed=annual&theme=dark", false).dark);
        let auto = ViewState::from_hash("#embed=timeline&theme=auto", true);
        assert!(auto.dark && auto.auto_theme);
        assert_eq!(auto.embed, Some(Embed::Chart(ChartId::Timeline)));
        assert_eq!(ViewState::from_hash("#embed=bridge", false).embed, Some(Embed::Bridge));
        assert_eq!(auto.to_hash(), "embed=timeline&theme=auto");
        assert_eq!(ViewState::from_hash("#embed=nonsense", false).embed, None);
    }

    #[test]
    fn bad_hashes_do_not_break() {
        let v = ViewState::from_hash("#y=abc&t=%E4%&zzz&s.nope=x.desc&q=%", true);
        assert_eq!(v.filter.years, None);
        assert!(v.dark);
        assert_eq!(v.filter.search, "%");
    }

    #[test]
    fn toggles_and_sorts() {
        let mut l = vec![];
        ViewState::toggle(&mut l, "x");
        assert_eq!(l, ["x"]);
        ViewState::toggle(&mut l, "x");
        assert!(l.is_empty());
        let mut v = ViewState::default();
        v.sort_by("tasks", "no");
        assert_eq!(v.sorts[1], Some(Sort { key: "no".into(), desc: false }));
        v.sort_by("tasks", "no");
        v.sort_by("tasks", "no");
        assert_eq!(v.sorts[1], None);
    }
}
