//! Keyset paging for the clerks' lists (no hard cap: a list of 10,000 accounts pages like one of
//! ten): a page is loaded with one row more than it shows; if that row exists there is a next
//! page, continuing after the last row shown (`?after=<id>`, the list's own order). The link
//! keeps the list's filters; with htmx it appends the rows in place (`ui::paged_table`).

/// Rows a page shows.
pub const PAGE: i64 = 100;

/// How many rows to load for one page: one more, to know whether another follows.
pub fn fetch() -> i64 {
    PAGE + 1
}

/// The page's rows, and the id the next page continues after (if there is one).
pub fn split<T>(mut rows: Vec<T>, id: impl Fn(&T) -> i64) -> (Vec<T>, Option<i64>) {
    if rows.len() as i64 > PAGE {
        rows.truncate(PAGE as usize);
        let last = rows.last().map(id);
        (rows, last)
    } else {
        (rows, None)
    }
}

/// The next page's link: `path` with the list's filters and `after`.
pub fn next_href(path: &str, filters: &[(&str, &str)], after: i64) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in filters.iter().filter(|(_, v)| !v.is_empty()) {
        q.append_pair(k, v);
    }
    q.append_pair("after", &after.to_string());
    format!("{path}?{}", q.finish())
}

/// The same list as CSV: `path` with the list's filters.
pub fn with_filters(path: &str, filters: &[(&str, &str)]) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in filters.iter().filter(|(_, v)| !v.is_empty()) {
        q.append_pair(k, v);
    }
    let q = q.finish();
    if q.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{q}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_continues_after_its_last_row() {
        let (rows, next) = split((1..=101).collect::<Vec<i64>>(), |r| *r);
        assert_eq!((rows.len(), next), (100, Some(100)));
        let (rows, next) = split((1..=100).collect::<Vec<i64>>(), |r| *r);
        assert_eq!((rows.len(), next), (100, None));
        assert_eq!(
            next_href("/admin/users", &[("q", "看護 師"), ("x", "")], 7),
            "/admin/users?q=%E7%9C%8B%E8%AD%B7+%E5%B8%AB&after=7"
        );
    }
}
