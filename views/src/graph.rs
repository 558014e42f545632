//! Time-series graphs drawn on the server as SVG: no chart script, readable on a phone (drawn
//! 320 units wide, about the width it is shown at on a phone, so its 12-unit labels are never
//! smaller than 12 CSS px there and a little larger on a PC, three a row), printable in black and
//! white (a value outside its reference range is a triangle, not only a colour; a second series
//! is dashed, orange and has square points). Each point names its time and value (`<title>`,
//! shown on hover and read out); the table below holds them all. The reference range is shaded.
//!
//! However many values there are, the line has at most two points per pixel column: each column
//! keeps its lowest and highest value (min/max decimation), so 10,000 entries draw as fast and
//! as small as 300, and no peak disappears.

use std::fmt::Write;

use maud::{Markup, PreEscaped, html};

/// One line of a graph.
pub struct Series {
    pub label: String,
    /// (seconds since the epoch, value in stored units, outside its reference range)
    pub points: Vec<(i64, i32, bool)>,
    /// What each point says on hover ("12/1 09:30 36.8 ℃"), when there are few enough to mark.
    pub titles: Vec<String>,
    /// The reference range in stored units (either end open).
    pub band: Option<(Option<i32>, Option<i32>)>,
    pub dashed: bool,
}

pub struct Graph {
    pub id: String,
    pub title: String,
    pub unit: String,
    /// The newest value in words ("最新 36.8 ℃（12/2 09:30）").
    pub latest: String,
    /// Digits after the decimal point of the stored integers (体温: 1 → 365 is 36.5).
    pub decimals: u32,
    pub from: i64,
    pub to: i64,
    /// (seconds, label) for the vertical grid lines.
    pub x_ticks: Vec<(i64, String)>,
    pub series: Vec<Series>,
    /// What the graph says in words (for screen readers; the table holds every value).
    pub summary: String,
}

const W: f64 = 320.0;
const H: f64 = 168.0;
const LEFT: f64 = 36.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 22.0;
/// Pixel columns per bucket of the decimation.
const COLUMN: f64 = 2.0;
/// Above this many values a series draws its line only; out-of-range values stay marked.
pub const MARKER_LIMIT: usize = 120;

pub fn show(v: i32, decimals: u32) -> String {
    if decimals == 0 {
        return v.to_string();
    }
    let p = 10i32.pow(decimals);
    let sign = if v < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:0width$}",
        v.abs() / p,
        v.abs() % p,
        width = decimals as usize
    )
}

/// A "nice" step for about `n` intervals over `span` (1, 2 or 5 × 10^k).
pub(crate) fn nice_step(span: f64, n: f64) -> f64 {
    let raw = (span / n).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

struct Scale {
    from: i64,
    span_x: f64,
    low: f64,
    high: f64,
}

impl Scale {
    fn x(&self, t: i64) -> f64 {
        LEFT + (t - self.from) as f64 / self.span_x * (W - LEFT - RIGHT)
    }
    fn y(&self, v: f64) -> f64 {
        TOP + (self.high - v) / (self.high - self.low) * (H - TOP - BOTTOM)
    }
}

/// The points of a series' line after min/max decimation by pixel column, in time order.
fn decimated(points: &[(i64, i32, bool)], s: &Scale) -> Vec<(f64, i32)> {
    let mut out: Vec<(f64, i32)> = Vec::with_capacity(((W - LEFT) / COLUMN) as usize * 2);
    let mut i = 0;
    while i < points.len() {
        let col = ((s.x(points[i].0) - LEFT) / COLUMN).floor();
        let start = i;
        let (mut min_i, mut max_i) = (i, i);
        while i < points.len() && ((s.x(points[i].0) - LEFT) / COLUMN).floor() == col {
            if points[i].1 < points[min_i].1 {
                min_i = i;
            }
            if points[i].1 > points[max_i].1 {
                max_i = i;
            }
            i += 1;
        }
        let x = |j: usize| s.x(points[j].0);
        if i - start == 1 {
            out.push((x(start), points[start].1));
        } else {
            let (a, b) = if min_i <= max_i {
                (min_i, max_i)
            } else {
                (max_i, min_i)
            };
            out.push((x(a), points[a].1));
            if a != b {
                out.push((x(b), points[b].1));
            }
        }
    }
    out
}

pub fn graph(g: &Graph) -> Markup {
    let values = g.series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let bands = g
        .series
        .iter()
        .filter_map(|s| s.band)
        .flat_map(|(l, h)| [l, h])
        .flatten();
    let (mut low, mut high) = values
        .chain(bands)
        .fold((i32::MAX, i32::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if low > high {
        (low, high) = (0, 10i32.pow(g.decimals) * 10);
    }
    let step = nice_step(
        f64::from(high - low).max(f64::from(10i32.pow(g.decimals))),
        4.0,
    );
    let low = (f64::from(low) / step).floor() * step - step * 0.25;
    let high = (f64::from(high) / step).ceil() * step + step * 0.25;
    let s = Scale {
        from: g.from,
        span_x: (g.to - g.from).max(1) as f64,
        low,
        high,
    };
    let title_id = format!("{}-title", g.id);
    let desc_id = format!("{}-desc", g.id);
    let mut grid = String::new();
    let mut v = (low / step).ceil() * step;
    while v <= high {
        let y = s.y(v);
        let _ = write!(
            grid,
            r#"<line class="graph__grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="graph__label" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            LEFT - 4.0,
            y + 4.0,
            show(v.round() as i32, g.decimals)
        );
        v += step;
    }
    for (t, label) in &g.x_ticks {
        let x = s.x(*t);
        let _ = write!(
            grid,
            r#"<line class="graph__grid" x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{}"/><text class="graph__label" x="{x:.1}" y="{}" text-anchor="middle">{}</text>"#,
            H - BOTTOM,
            H - 6.0,
            maud::html! { (label) }.into_string()
        );
    }
    let mut shapes = String::new();
    for series in &g.series {
        if let Some((lo, hi)) = series.band {
            let top = hi.map(|h| s.y(f64::from(h))).unwrap_or(TOP);
            let bottom = lo.map(|l| s.y(f64::from(l))).unwrap_or(H - BOTTOM);
            let _ = write!(
                shapes,
                r#"<rect class="graph__band" x="{LEFT}" y="{:.1}" width="{}" height="{:.1}"/>"#,
                top.max(TOP),
                W - LEFT - RIGHT,
                (bottom.min(H - BOTTOM) - top.max(TOP)).max(0.0)
            );
        }
    }
    for series in &g.series {
        let line = decimated(&series.points, &s);
        let mut pts = String::with_capacity(line.len() * 12);
        for (x, v) in &line {
            let _ = write!(pts, "{x:.1},{:.1} ", s.y(f64::from(*v)));
        }
        let class = if series.dashed {
            "graph__line graph__line--second"
        } else {
            "graph__line"
        };
        let _ = write!(
            shapes,
            r#"<polyline class="{class}" points="{}"/>"#,
            pts.trim_end()
        );
        let few = series.points.len() <= MARKER_LIMIT;
        let mut last_col = f64::NEG_INFINITY;
        for (i, (t, v, out)) in series.points.iter().enumerate() {
            let x = s.x(*t);
            let y = s.y(f64::from(*v));
            let title = series
                .titles
                .get(i)
                .filter(|_| few)
                .map(|t| format!("<title>{}</title>", maud::html! { (t) }.into_string()))
                .unwrap_or_default();
            if *out {
                // One triangle per pixel column is enough to be seen.
                if x - last_col >= COLUMN {
                    last_col = x;
                    let _ = write!(
                        shapes,
                        r#"<path class="graph__out" d="M{x:.1} {:.1}l4.5 8h-9z">{title}</path>"#,
                        y - 5.0
                    );
                }
            } else if few && series.dashed {
                let _ = write!(
                    shapes,
                    r#"<rect class="graph__dot graph__dot--second" x="{:.1}" y="{:.1}" width="5" height="5">{title}</rect>"#,
                    x - 2.5,
                    y - 2.5
                );
            } else if few {
                let _ = write!(
                    shapes,
                    r#"<circle class="graph__dot" cx="{x:.1}" cy="{y:.1}" r="2.5">{title}</circle>"#
                );
            }
        }
    }
    html! {
        figure.graph {
            svg.graph__svg viewBox={ "0 0 " (W) " " (H) } role="img"
                aria-labelledby={ (title_id) " " (desc_id) } {
                title id=(title_id) { (g.title) " (" (g.unit) ")" }
                desc id=(desc_id) { (g.summary) }
                (PreEscaped(grid))
                (PreEscaped(shapes))
            }
            figcaption.graph__caption {
                strong { (g.title) " (" (g.unit) ")" }
                @for series in &g.series {
                    @if g.series.len() > 1 {
                        span class={ "graph__key" @if series.dashed { " graph__key--second" } } { (series.label) }
                    }
                }
                @if !g.latest.is_empty() { span.graph__latest { (g.latest) } }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph_of(n: i64) -> Graph {
        Graph {
            id: "g".into(),
            title: "体温".into(),
            unit: "℃".into(),
            latest: String::new(),
            decimals: 1,
            from: 0,
            to: n * 600,
            x_ticks: vec![(0, "11/1".into())],
            series: vec![Series {
                label: "体温".into(),
                points: (0..n)
                    .map(|i| (i * 600, 360 + (i % 17) as i32, i % 1000 == 7))
                    .collect(),
                band: Some((None, Some(375))),
                dashed: false,
                titles: Vec::new(),
            }],
            summary: String::new(),
        }
    }

    #[test]
    fn many_values_draw_at_most_two_points_per_column_and_keep_every_peak() {
        let big = graph(&graph_of(10_000)).into_string();
        let small = graph(&graph_of(300)).into_string();
        let line = |svg: &str| {
            let start = svg.find("points=\"").unwrap() + 8;
            svg.get(start..)
                .unwrap_or_default()
                .split('"')
                .next()
                .unwrap()
                .split(' ')
                .count()
        };
        assert!(line(&big) <= 2 * (320 - 36) / 2 + 2, "{}", line(&big));
        assert!(big.len() < 20_000, "{}", big.len());
        assert!(big.contains("graph__out"));
        assert!(big.contains("graph__band"));
        assert!(line(&small) <= 300);
        assert!(small.contains("<title"));
    }

    #[test]
    fn values_show_in_their_unit() {
        assert_eq!(show(365, 1), "36.5");
        assert_eq!(show(370, 1), "37.0");
        assert_eq!(show(72, 0), "72");
    }
}
