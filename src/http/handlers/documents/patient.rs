//! 患者情報 as a versioned document: the person, their household, care level and contacts;
//! it starts from what the consent (form 7) recorded.

use super::*;

fn choice_label(lang: &str, group: &str, code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        t!(format!("{group}.{code}"), locale = lang).into()
    }
}

/// The person: name, birth date, sex, address, phone, care level, medical notes.
fn basic_lines(p: &PatientInfo, lang: &str) -> Vec<(String, String)> {
    let l = |k: &str| -> String { t!(k, locale = lang).into() };
    let address = if p.postcode.is_empty() {
        p.address.clone()
    } else {
        format!("〒{} {}", p.postcode, p.address)
    };
    let birth = p.birth_date.map(|d| date_label(lang, d));
    vec![
        line(l("patient.name"), p.name.clone()),
        line(l("patient.kana"), p.kana.clone()),
        line(l("patient.birth_date"), birth.unwrap_or_default()),
        line(l("patient.sex"), choice_label(lang, "form7.sexes", &p.sex)),
        line(l("patient.address"), address),
        line(l("patient.phone"), p.phone.clone()),
        line(
            l("patient.care_level"),
            choice_label(lang, "patient.care_levels", &p.care_level),
        ),
        line(l("patient.medical_notes"), p.medical_notes.clone()),
    ]
}

/// One line per family member or contact: name (relationship), phone, key person, lives with.
fn family_lines(p: &PatientInfo, lang: &str) -> Vec<(String, String)> {
    let l = |k: &str| -> String { t!(k, locale = lang).into() };
    p.family
        .iter()
        .map(|p| {
            let mut parts = Vec::new();
            if !p.phone.is_empty() {
                parts.push(format!("{} {}", l("patient.phone"), p.phone));
            }
            if p.key_person {
                parts.push(l("patient.key_person"));
            }
            if p.lives_with {
                parts.push(l("patient.lives_with"));
            }
            if !p.note.is_empty() {
                parts.push(p.note.clone());
            }
            line(
                format!("{}（{}）", p.name, p.relationship),
                parts.join(" ／ "),
            )
        })
        .collect()
}

/// One line per care service in use: name, provider ・ frequency.
fn service_lines(p: &PatientInfo) -> Vec<(String, String)> {
    p.services
        .iter()
        .map(|s| {
            let parts: Vec<&str> = [s.provider.as_str(), s.frequency.as_str()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect();
            line(s.name.clone(), parts.join(" ・ "))
        })
        .collect()
}

impl Doc for PatientInfo {
    const KIND: DocKind = DocKind::PatientInfo;
    const FEATURE: Feature = Feature::PatientInfo;
    const TAB: Tab = Tab::Patient;
    fn edit_path(room: i64) -> String {
        paths::patient_edit(room)
    }
    const TITLE: &'static str = "rooms.tab_patient";
    const LEAD: &'static str = "patient.lead";

    fn shown(&self, lang: &str, _: &[Member]) -> Shown {
        let l = |k: &str| -> String { t!(k, locale = lang).into() };
        Shown {
            sections: vec![
                (l("patient.basic"), basic_lines(self, lang)),
                (l("patient.family"), family_lines(self, lang)),
                (l("patient.services"), service_lines(self)),
            ],
        }
    }

    fn changed(&self, older: &Self, lang: &str) -> Vec<String> {
        [
            (self.name != older.name, "patient.name"),
            (self.kana != older.kana, "patient.kana"),
            (self.birth_date != older.birth_date, "patient.birth_date"),
            (self.sex != older.sex, "patient.sex"),
            (
                self.postcode != older.postcode || self.address != older.address,
                "patient.address",
            ),
            (self.phone != older.phone, "patient.phone"),
            (self.care_level != older.care_level, "patient.care_level"),
            (
                self.medical_notes != older.medical_notes,
                "patient.medical_notes",
            ),
            (self.family != older.family, "patient.family"),
            (self.services != older.services, "patient.services"),
        ]
        .iter()
        .filter(|(c, _)| *c)
        .map(|(_, k)| t!(*k, locale = lang).into())
        .collect()
    }

    fn values(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = [
            ("name", self.name.clone()),
            ("kana", self.kana.clone()),
            (
                "birth_date",
                self.birth_date
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ),
            ("sex", self.sex.clone()),
            ("postcode", self.postcode.clone()),
            ("address", self.address.clone()),
            ("phone", self.phone.clone()),
            ("care_level", self.care_level.clone()),
            ("medical_notes", self.medical_notes.clone()),
        ]
        .into_iter()
        .map(|(k, x)| (k.to_string(), x))
        .collect();
        for (i, p) in self.family.iter().enumerate() {
            let f = |n: &str| format!("family_{}_{n}", i + 1);
            v.push((f("name"), p.name.clone()));
            v.push((f("relationship"), p.relationship.clone()));
            v.push((f("phone"), p.phone.clone()));
            if p.key_person {
                v.push((f("key_person"), "yes".into()));
            }
            if p.lives_with {
                v.push((f("lives_with"), "yes".into()));
            }
            v.push((f("note"), p.note.clone()));
        }
        for (i, s) in self.services.iter().enumerate() {
            let f = |n: &str| format!("service_{}_{n}", i + 1);
            v.push((f("name"), s.name.clone()));
            v.push((f("provider"), s.provider.clone()));
            v.push((f("frequency"), s.frequency.clone()));
        }
        v
    }

    fn read(raw: &Raw, check: &mut Check, _: &[Member]) -> Option<Self> {
        clinical::read_patient_info(raw, check)
    }

    fn fields(lang: &str, raw: &Raw, errors: &Errors, _: &[Member]) -> Markup {
        let values = |name: &str| raw.get(name).to_string();
        let options = |group: &str, codes: &[&str]| {
            codes
                .iter()
                .map(|c| (c.to_string(), choice_label(lang, group, c)))
                .collect::<Vec<_>>()
        };
        let rows = |prefix: &str| crate::domain::forms::rows_in(raw, prefix) + SPARE_ROWS;
        renkei_views::clinical::patient_fields(
            lang,
            &values,
            errors,
            &renkei_views::clinical::PatientOptions {
                birth_help: t!("patient.birth_help", locale = lang).into(),
                sexes: options("form7.sexes", SEXES),
                care_levels: options("patient.care_levels", CARE_LEVELS),
                family_rows: rows("family_"),
                service_rows: rows("service_"),
            },
        )
    }

    /// A patient room starts from the consent form's record of the registrant (様式第7号).
    fn initial(conn: &mut DbConnection, room: &Room) -> diesel::QueryResult<Self> {
        let Some(r) = room
            .registrant_id
            .map(|id| Registrant::find(conn, id))
            .transpose()?
            .flatten()
        else {
            return Ok(PatientInfo::default());
        };
        Ok(PatientInfo {
            name: r.name,
            kana: r.kana,
            birth_date: Some(r.birth_date),
            sex: r.sex,
            postcode: r.postcode,
            address: r.address,
            phone: r.phone,
            ..PatientInfo::default()
        })
    }
}
