//! 療養のポイント as a versioned document: what to watch, the ranges, when to report and to whom.

use super::*;

impl Doc for CarePoints {
    const KIND: DocKind = DocKind::CarePoints;
    const FEATURE: Feature = Feature::CarePoints;
    const TAB: Tab = Tab::CarePoints;
    fn edit_path(room: i64) -> String {
        paths::care_points_edit(room)
    }
    const TITLE: &'static str = "rooms.tab_care_points";
    const LEAD: &'static str = "care_points.lead";

    fn shown(&self, lang: &str, members: &[Member]) -> Shown {
        let l = |k: &str| -> String { t!(k, locale = lang).into() };
        let ranges = self
            .ranges
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    measure_label(lang, r.measure),
                    range_label(lang, r)
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let recipients = self
            .recipients
            .iter()
            .map(|id| {
                members
                    .iter()
                    .find(|m| m.user_id == *id)
                    .map(|m| m.display_name.clone())
                    .unwrap_or_else(|| t!("care_points.former_member", locale = lang).into())
            })
            .collect::<Vec<_>>()
            .join("、");
        Shown {
            sections: vec![(
                String::new(),
                vec![
                    line(l("care_points.observation"), self.observation.clone()),
                    line(l("care_points.report_when"), self.report_when.clone()),
                    line(l("care_points.ranges"), ranges),
                    line(l("care_points.recipients"), recipients),
                ],
            )],
        }
    }

    fn changed(&self, older: &Self, lang: &str) -> Vec<String> {
        [
            (
                self.observation != older.observation,
                "care_points.observation",
            ),
            (
                self.report_when != older.report_when,
                "care_points.report_when",
            ),
            (self.ranges != older.ranges, "care_points.ranges"),
            (
                self.recipients != older.recipients,
                "care_points.recipients",
            ),
        ]
        .iter()
        .filter(|(c, _)| *c)
        .map(|(_, k)| t!(*k, locale = lang).into())
        .collect()
    }

    fn values(&self) -> Vec<(String, String)> {
        let mut v = vec![
            ("observation".to_string(), self.observation.clone()),
            ("report_when".to_string(), self.report_when.clone()),
        ];
        for r in &self.ranges {
            let m = r.measure;
            if let Some(x) = r.low {
                v.push((format!("{}_low", m.code()), m.show(x)));
            }
            if let Some(x) = r.high {
                v.push((format!("{}_high", m.code()), m.show(x)));
            }
        }
        for id in &self.recipients {
            v.push(("recipient".to_string(), id.to_string()));
        }
        v
    }

    fn read(raw: &Raw, check: &mut Check, members: &[Member]) -> Option<Self> {
        clinical::read_care_points(raw, check, members)
    }

    fn fields(lang: &str, raw: &Raw, errors: &Errors, members: &[Member]) -> Markup {
        let values = |name: &str| raw.get(name).to_string();
        let ranges: Vec<_> = Measure::ALL
            .into_iter()
            .map(|m| renkei_views::clinical::RangeRow {
                code: m.code(),
                label: measure_label(lang, m),
                unit: crate::http::present::labels::unit_label(lang, m),
                inputmode: if m.decimals() > 0 {
                    "decimal"
                } else {
                    "numeric"
                },
            })
            .collect();
        let people: Vec<(i64, String)> = members
            .iter()
            .map(|m| {
                let role = team_role_label(lang, &m.team_role);
                let name = if role.is_empty() {
                    m.display_name.clone()
                } else {
                    format!("{}（{role}）", m.display_name)
                };
                (m.user_id, name)
            })
            .collect();
        let chosen: Vec<i64> = raw
            .0
            .iter()
            .filter(|(k, _)| k == "recipient")
            .filter_map(|(_, v)| v.parse().ok())
            .collect();
        renkei_views::clinical::care_points_fields(lang, &values, errors, &ranges, &people, &chosen)
    }

    fn initial(_: &mut DbConnection, _: &Room) -> diesel::QueryResult<Self> {
        Ok(CarePoints::default())
    }
}
