use super::{View, pane_block};
use crate::app::{Pane, State};
use crate::domain::LegalEventKind;
use crate::domain::time::{age_on, london_day, show_date, show_day, show_instant};
use crate::law::{When, eligibility, law, status};
use crate::text::{sanitize, truncate};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Pane 2: the selected patient's sections in plain English, newest first; the highlighted
/// one in detail with its key dates, rights and where the information came from.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, view: &View) -> Option<Position> {
    let t = view.theme;
    let block = pane_block(Pane::Sections, state, view, "");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(sel) = &state.selected else {
        frame.render_widget(Paragraph::new("Choose a patient in pane 1."), inner);
        return Some(Position::new(inner.x, inner.y));
    };
    let r = &sel.record;
    let p = &r.patient;
    let today = london_day(state.now);
    let w = inner.width as usize;
    let head = vec![
        Line::from(vec![
            Span::styled(truncate(&sanitize(&p.name), w), t.style("title")),
            Span::raw(truncate(
                &format!(
                    " · born {} (age {})",
                    show_date(p.date_of_birth),
                    age_on(p.date_of_birth, today)
                ),
                w.saturating_sub(sanitize(&p.name).chars().count()),
            )),
        ]),
        Line::raw(truncate(
            &format!(
                "NHS {} · {}{}",
                p.nhs_number
                    .as_ref()
                    .map(|n| n.spaced())
                    .unwrap_or_else(|| "not recorded".into()),
                sanitize(&p.ward),
                p.interpreter
                    .as_deref()
                    .map(|i| format!(" · interpreter: {}", sanitize(i)))
                    .unwrap_or_default()
            ),
            w,
        )),
    ];
    let mut eps: Vec<&crate::domain::Episode> = r.episodes.iter().collect();
    eps.sort_by_key(|e| std::cmp::Reverse(e.started_at));
    let mut lines = head;
    if eps.is_empty() {
        lines.push(Line::raw(
            "No section recorded. Press n here to record one.",
        ));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return Some(Position::new(inner.x, inner.y + 2));
    }
    let cursor = state.cursor(Pane::Sections).min(eps.len() - 1);
    let list_top = inner.y + 2;
    let shown = eps.len().min(4);
    let first = cursor.saturating_sub(shown - 1);
    for (i, e) in eps.iter().enumerate().skip(first).take(shown) {
        let name = status(&e.section)
            .map(|s| s.short())
            .unwrap_or_else(|_| sanitize(&e.section));
        let when = match (e.ended_at, e.end_reason) {
            (None, _) => format!("NOW, since {}", show_instant(e.started_at)),
            (Some(end), reason) => format!(
                "{} to {} ({})",
                show_date(london_day(e.started_at)),
                show_date(london_day(end)),
                reason.map(|x| x.label()).unwrap_or("ended")
            ),
        };
        let (marker, style) = super::row_look(view, i == cursor);
        lines.push(Line::styled(
            truncate(&format!("{marker}{name}: {when}"), w),
            style,
        ));
    }
    let head_height = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), inner);
    let mut lines: Vec<Line> = Vec::new();
    let e = eps[cursor];
    if let Ok(st) = status(&e.section) {
        lines.push(Line::styled(st.name.clone(), t.style("heading")));
        lines.push(Line::raw(st.purpose.clone()));
        lines.push(Line::raw(if e.verified_source == e.source {
            format!(
                "Source: {} · last checked {}",
                e.source.label(),
                show_instant(e.verified_at)
            )
        } else {
            format!(
                "Source: {} · last checked {} with {}",
                e.source.label(),
                show_instant(e.verified_at),
                e.verified_source.label()
            )
        }));
        if e.is_current() {
            lines.push(Line::styled("Key dates", t.style("title")));
            for k in &sel.key_dates {
                let when = match k.when {
                    When::Day(d) => show_day(d),
                    When::At(at) => show_instant(at),
                };
                let passed = k.day() < today;
                let (role, label) = match &k.check {
                    Some(_) if passed => ("check", format!("passed, {} CHECK", t.symbol("check"))),
                    Some(_) => ("check", format!("{} CHECK", t.symbol("check"))),
                    None if passed => ("muted", "passed".into()),
                    None => ("text", "".into()),
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {when} {label} "), t.style(role)),
                    Span::raw(format!("{} — {}", k.label, k.provision)),
                ]));
                if let Some(reason) = &k.check {
                    lines.push(Line::styled(
                        format!("      check: {reason}"),
                        t.style("check"),
                    ));
                }
            }
            let leave: Vec<_> = r
                .events
                .iter()
                .filter(|x| {
                    matches!(
                        x.kind,
                        LegalEventKind::LeaveGranted | LegalEventKind::LeaveEnded
                    ) && x.at >= e.started_at
                })
                .collect();
            if let Some(l) = leave.last() {
                lines.push(Line::raw(format!(
                    "Leave (s.17): {} {}",
                    l.kind.label(),
                    show_instant(l.at)
                )));
            }
        }
        let events: Vec<_> = r
            .events
            .iter()
            .filter(|x| x.at >= e.started_at && e.ended_at.is_none_or(|end| x.at <= end))
            .collect();
        if !events.is_empty() {
            lines.push(Line::styled(
                "Legal events (r records one)",
                t.style("title"),
            ));
            for x in events {
                let note = if x.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", sanitize(&x.note))
                };
                lines.push(Line::raw(format!(
                    "  {} {}{note}",
                    show_instant(x.at),
                    x.kind.label()
                )));
            }
        }
        lines.push(Line::styled("Rights", t.style("title")));
        for right in &st.rights {
            lines.push(Line::raw(format!("  • {right}")));
        }
        lines.push(Line::raw(format!(
            "Nearest relative: {}",
            st.nearest_relative
        )));
        let age = age_on(p.date_of_birth, today);
        let el = eligibility(st, None, Some(age), today);
        lines.push(Line::raw(format!(
            "IMHA: {} — {} ({})",
            if el.eligible {
                "eligible"
            } else {
                "NOT eligible"
            },
            el.reason,
            el.provision
        )));
    }
    let m = &law().meta;
    lines.push(Line::styled(
        format!(
            "Computed from the Act as data, verified {} ({}). Not legal advice: check dates with the MHA office.",
            show_date(m.verified),
            m.regime
        ),
        t.style("muted"),
    ));
    let detail = Rect {
        y: inner.y + head_height,
        height: inner.height.saturating_sub(head_height),
        ..inner
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((state.detail_scroll, 0)),
        detail,
    );
    Some(Position::new(inner.x, list_top + (cursor - first) as u16))
}
