//! Finding a date: the poll form (the candidate dates and times), and a poll's page with each
//! member's ○/△/× per candidate, the organiser's choice of one, and my answers.

use super::*;

pub struct PollForm<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub action: String,
    pub back: String,
    pub key: String,
    pub values: Values<'a>,
    pub errors: &'a Errors,
    pub kinds: Vec<(String, String)>,
    pub web_meeting: bool,
    pub rows: usize,
}

pub fn poll_form(f: &PollForm<'_>) -> Markup {
    let lang = f.lang;
    let v = f.values;
    html! {
        p.support { (t!("calendar.poll_lead", locale = lang)) }
        (with_summary(lang, f.errors, html! {
        form method="post" action=(f.action) novalidate {
            (csrf(f.csrf))
            input type="hidden" name="key" value=(f.key);
            (meeting_fields(lang, v, f.errors, &f.kinds, f.web_meeting))
            fieldset.fieldset {
                legend { (t!("calendar.candidates", locale = lang)) }
                @for i in 1..=f.rows {
                    @let n = |x: &str| format!("option_{i}_{x}");
                    div.row-group {
                        p.row-group__title { (t!("calendar.candidate_n", locale = lang, n = i)) }
                        @let row = t!("calendar.candidate_n", locale = lang, n = i).to_string();
                        div.field-row {
                            (f.errors.in_scope(&row, || html! {
                                (field(lang, &Field::text(&n("date"), t!("calendar.date", locale = lang).into(), &v(&n("date"))).kind("date").maxlength(20), f.errors))
                                (field(lang, &Field::text(&n("start"), t!("calendar.start", locale = lang).into(), &v(&n("start"))).kind("time").maxlength(5), f.errors))
                                (field(lang, &Field::text(&n("end"), t!("calendar.end", locale = lang).into(), &v(&n("end"))).kind("time").maxlength(5), f.errors))
                            }))
                        }
                    }
                }
            }
            div.actions {
                button.button.button--primary type="submit" { (t!("calendar.poll_save", locale = lang)) }
                " " a href=(f.back) { (t!("clinical.cancel", locale = lang)) }
            }
        }
        }))
    }
}

pub struct PollView<'a> {
    pub lang: &'a str,
    pub csrf: &'a str,
    pub kind: String,
    pub title: String,
    pub organiser: String,
    pub notes: String,
    /// (option id, "11/24（火）14:00–15:00", [answer mark per member], ○ count, △ count)
    pub options: Vec<(i64, String, Vec<&'static str>, usize, usize)>,
    pub members: Vec<String>,
    /// My answers per option ("yes" | "maybe" | "no" | "").
    pub mine: Vec<String>,
    pub answer_action: Option<String>,
    pub decide_action: Option<String>,
    pub fixed: Option<String>,
    pub back: String,
}

pub fn poll(v: &PollView<'_>) -> Markup {
    let lang = v.lang;
    let marks = [("yes", "○"), ("maybe", "△"), ("no", "×")];
    html! {
        dl.definition {
            dt { (t!("calendar.kind", locale = lang)) } dd { (v.kind) }
            @if !v.title.is_empty() { dt { (t!("calendar.title", locale = lang)) } dd { (v.title) } }
            dt { (t!("calendar.organiser", locale = lang)) } dd { (v.organiser) }
            @if !v.notes.is_empty() { dt { (t!("calendar.notes", locale = lang)) } dd.preserve-lines { (v.notes) } }
        }
        @if let Some(href) = &v.fixed {
            div.notice role="status" { p { (t!("calendar.poll_fixed", locale = lang)) " " a href=(href) { (t!("calendar.open_event", locale = lang)) } } }
        }
        // On a phone each candidate is a block of "name: ○" lines (data-label), not a table
        // whose member columns squeeze the names into one character a line.
        div.table-scroll {
            table.table.table--stack {
                caption { (t!("calendar.answers", locale = lang)) " " span.small { (t!("calendar.answer_legend", locale = lang)) } }
                thead { tr {
                    th scope="col" { (t!("calendar.candidates", locale = lang)) }
                    @for m in &v.members { th scope="col" { (m) } }
                    th scope="col" { (t!("calendar.yes_maybe", locale = lang)) }
                    @if v.decide_action.is_some() { th scope="col" { span.visually-hidden { (t!("calendar.decide", locale = lang)) } } }
                } }
                tbody { @for (id, label, answers, yes, maybe) in &v.options { tr {
                    th scope="row" { strong { (label) } }
                    @for (i, a) in answers.iter().enumerate() { td.answer-mark data-label=[v.members.get(i)] { (a) } }
                    td data-label=(t!("calendar.yes_maybe", locale = lang)) { (yes) " / " (maybe) }
                    @if let Some(action) = &v.decide_action {
                        td { form method="post" action=(action) {
                            (csrf(v.csrf))
                            input type="hidden" name="option" value=(id);
                            button.button.button--secondary.button--small type="submit" { (t!("calendar.decide", locale = lang)) span.visually-hidden { " " (label) } }
                        } }
                    }
                } } }
            }
        }
        @if let Some(action) = &v.answer_action {
            section.card aria-labelledby="my-answers" {
                h2 #my-answers { (t!("calendar.my_answers", locale = lang)) }
                form method="post" action=(action) novalidate {
                    (csrf(v.csrf))
                    @for (i, (id, label, ..)) in v.options.iter().enumerate() {
                        fieldset.fieldset.poll-answer {
                            legend { (label) }
                            div.radio-group--inline {
                                @for (value, mark) in marks {
                                    label.radio {
                                        input type="radio" name={ "option_" (id) } value=(value)
                                            checked[v.mine.get(i).is_some_and(|m| m == value)];
                                        span { (t!(format!("calendar.answer.{value}"), locale = lang)) "（" (mark) "）" }
                                    }
                                }
                            }
                        }
                    }
                    button.button.button--primary type="submit" { (t!("calendar.send_answers", locale = lang)) }
                }
            }
        }
        p { a href=(v.back) { (t!("calendar.back", locale = lang)) } }
    }
}
