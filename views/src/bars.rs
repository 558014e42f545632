//! Bar charts drawn on the server as SVG, for counts per month (the usage statistics): no chart
//! script, drawn 320 units wide like the vitals graphs (`graph.rs`) so its 12-unit labels stay
//! readable on a phone, printable in black and white (bars are filled, the grid is grey). Each
//! bar names its month and count (`<title>`, shown on hover and read out); the table beside the
//! chart holds every figure.

use std::fmt::Write;

use maud::{Markup, PreEscaped, html};

/// One chart: a bar per label.
pub struct Bars {
    pub id: String,
    pub title: String,
    /// (label under the bar, e.g. "4月"; the bar's hover text; the value)
    pub bars: Vec<(String, String, i64)>,
    /// What the chart says in words (for screen readers).
    pub summary: String,
    /// How axis values of 10,000 and more are written: (divisor, unit) — (10000, "万") in
    /// Japanese, (1000, "k") in English — so a label fits the 36 units left of the axis.
    pub big: (i64, String),
}

const W: f64 = 320.0;
const H: f64 = 168.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 22.0;

/// A "nice" step for about 4 intervals up to `max`: the vitals graphs' rule, at least 1.
fn step_for(max: i64) -> i64 {
    (crate::graph::nice_step(max as f64, 4.0) as i64).max(1)
}

/// An axis label that fits in 36 units: 9500 → "9500"; 15,000 → "1.5万" (or "15k").
fn short(v: i64, (divisor, unit): (i64, &str)) -> String {
    if v < 10_000 || divisor <= 0 {
        return v.to_string();
    }
    let tenths = v * 10 / divisor;
    if tenths % 10 == 0 || tenths >= 1000 {
        format!("{}{unit}", tenths / 10)
    } else {
        format!("{}.{}{unit}", tenths / 10, tenths % 10)
    }
}

pub fn bars(c: &Bars) -> Markup {
    let max = c.bars.iter().map(|b| b.2).max().unwrap_or(0).max(1);
    let step = step_for(max);
    let top = (max + step - 1) / step * step;
    let plot_h = H - TOP - BOTTOM;
    let y = |v: i64| TOP + plot_h - (v as f64 / top as f64) * plot_h;
    let mut svg = String::new();
    let mut v = 0;
    while v <= top {
        let _ = write!(
            svg,
            r#"<line class="graph__grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="graph__label" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            LEFT - 4.0,
            y(v) + 4.0,
            short(v, (c.big.0, &c.big.1)),
            y = y(v)
        );
        v += step;
    }
    let slot = (W - LEFT - RIGHT) / c.bars.len().max(1) as f64;
    let width = (slot * 0.7).max(1.0);
    let escape = |s: &str| html! { (s) }.into_string();
    for (i, (label, title, value)) in c.bars.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - width) / 2.0;
        let _ = write!(
            svg,
            r#"<rect class="bars__bar" x="{x:.1}" y="{:.1}" width="{width:.1}" height="{:.1}"><title>{}</title></rect><text class="graph__label" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            y(*value),
            (TOP + plot_h - y(*value)).max(0.0),
            escape(title),
            x + width / 2.0,
            H - 6.0,
            escape(label)
        );
    }
    let title_id = format!("{}-title", c.id);
    let desc_id = format!("{}-desc", c.id);
    html! {
        figure.graph {
            svg.graph__svg viewBox={ "0 0 " (W) " " (H) } role="img"
                aria-labelledby={ (title_id) " " (desc_id) } {
                title id=(title_id) { (c.title) }
                desc id=(desc_id) { (c.summary) }
                (PreEscaped(svg))
            }
            figcaption.graph__caption { strong { (c.title) } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_reaches_past_the_largest_bar_in_round_steps() {
        assert_eq!(step_for(0), 1);
        assert_eq!(step_for(7), 2);
        assert_eq!(step_for(1_000_000), 500_000);
        assert_eq!(short(15_000, (10_000, "万")), "1.5万");
        assert_eq!(short(20_000, (10_000, "万")), "2万");
        assert_eq!(short(1_000_000, (1_000, "k")), "1000k");
        assert_eq!(short(9_500, (10_000, "万")), "9500");
        let svg = bars(&Bars {
            id: "posts".into(),
            title: "投稿数".into(),
            bars: vec![
                ("4月".into(), "4月 3件".into(), 3),
                ("5月".into(), "5月 <0>件".into(), 0),
            ],
            summary: String::new(),
            big: (10_000, "万".into()),
        })
        .into_string();
        assert_eq!(svg.matches("bars__bar").count(), 2);
        assert!(svg.contains("5月 &lt;0&gt;件"));
    }
}
