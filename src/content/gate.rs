//! The publication gate: the one rule that must never break.
//!
//! An entry is published only when its classification is public, its approval status is
//! approved and its date is not after the build date. Everything else is withheld. In preview
//! (`--drafts`, and `serve`), pending and scheduled public entries are shown with a banner;
//! classified, rejected and withdrawn entries stay withheld in every mode.

use std::fmt;

use jiff::civil::Date;

use super::model::ApprovalStatus;
use super::parse::GateFields;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Published,
    /// Shown only in preview, with a draft banner.
    Preview(Reason),
    Withheld(Reason),
}

impl Verdict {
    pub fn is_visible(&self) -> bool {
        !matches!(self, Verdict::Withheld(_))
    }
}

/// Why an entry is not published. Printed in build logs: never carries content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Classification missing or not `public`/`公开`/`主动公开`.
    NotPublic,
    /// 公开属性 `依申请公开` or `不予公开`: not classified, but not published either.
    Disclosure(&'static str),
    Status(ApprovalStatus),
    Scheduled(Date),
    /// The gate fields could not be read (the error is reported separately).
    Unreadable,
    /// The journal an issue belongs to is withheld.
    JournalWithheld,
}

impl Reason {
    /// Why the entry is not published, in both languages.
    pub fn text(&self) -> crate::messages::Text {
        use crate::messages::content as msg;
        match self {
            Reason::NotPublic => msg::withheld_not_public(),
            Reason::Disclosure(v) => msg::withheld_disclosure(v),
            Reason::Status(ApprovalStatus::Pending) => msg::withheld_pending(),
            Reason::Status(ApprovalStatus::Rejected) => msg::withheld_rejected(),
            Reason::Status(ApprovalStatus::Withdrawn) => msg::withheld_withdrawn(),
            Reason::Status(ApprovalStatus::Approved) => msg::withheld_approved(),
            Reason::Scheduled(d) => msg::withheld_scheduled(&d.to_string()),
            Reason::Unreadable => msg::withheld_unreadable(),
            Reason::JournalWithheld => msg::withheld_journal(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text().shown())
    }
}

/// Decide one entry. The order matters: classification first, so a classified entry is
/// never previewed whatever its other fields say.
pub fn judge(g: &GateFields, now: Date, drafts: bool) -> Verdict {
    if !g.readable {
        return Verdict::Withheld(Reason::Unreadable);
    }
    if let Some(v) = g.disclosure {
        return Verdict::Withheld(Reason::Disclosure(v));
    }
    if !g.public {
        return Verdict::Withheld(Reason::NotPublic);
    }
    let (Some(status), Some(date)) = (g.status, g.date.as_ref()) else {
        return Verdict::Withheld(Reason::Unreadable);
    };
    let reason = match status {
        ApprovalStatus::Approved if date.value <= now => return Verdict::Published,
        ApprovalStatus::Approved => Reason::Scheduled(date.value),
        ApprovalStatus::Pending if date.value <= now => Reason::Status(status),
        ApprovalStatus::Pending => Reason::Scheduled(date.value),
        other => return Verdict::Withheld(Reason::Status(other)),
    };
    if drafts {
        Verdict::Preview(reason)
    } else {
        Verdict::Withheld(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::fields::Located;

    fn g(public: bool, status: Option<ApprovalStatus>, date: &str) -> GateFields {
        GateFields {
            readable: true,
            public,
            disclosure: None,
            status,
            date: Some(Located::new(date.parse().unwrap(), (1, 1))),
        }
    }

    #[test]
    fn only_public_approved_past_is_published() {
        let now: Date = "2025-06-01".parse().unwrap();
        use ApprovalStatus::*;
        assert_eq!(judge(&g(true, Some(Approved), "2025-06-01"), now, false), Verdict::Published);
        assert!(matches!(
            judge(&g(true, Some(Approved), "2025-06-02"), now, false),
            Verdict::Withheld(Reason::Scheduled(_))
        ));
        for s in [Pending, Rejected, Withdrawn] {
            assert!(matches!(judge(&g(true, Some(s), "2025-01-01"), now, false), Verdict::Withheld(_)));
        }
        assert_eq!(judge(&g(false, Some(Approved), "2025-01-01"), now, true), Verdict::Withheld(Reason::NotPublic));
        assert_eq!(
            judge(
                &GateFields { readable: true, public: true, disclosure: None, status: Some(Approved), date: None },
                now,
                true
            ),
            Verdict::Withheld(Reason::Unreadable)
        );
    }

    #[test]
    fn unreadable_front_matter_is_withheld_as_unreadable_not_classified() {
        let now: Date = "2025-06-01".parse().unwrap();
        let g = GateFields { readable: false, public: false, disclosure: None, status: None, date: None };
        assert_eq!(judge(&g, now, true), Verdict::Withheld(Reason::Unreadable));
    }

    #[test]
    fn drafts_preview_pending_and_scheduled_only() {
        let now: Date = "2025-06-01".parse().unwrap();
        use ApprovalStatus::*;
        assert!(matches!(judge(&g(true, Some(Pending), "2025-01-01"), now, true), Verdict::Preview(_)));
        assert!(matches!(judge(&g(true, Some(Approved), "2099-01-01"), now, true), Verdict::Preview(_)));
        assert!(matches!(judge(&g(true, Some(Rejected), "2025-01-01"), now, true), Verdict::Withheld(_)));
        assert!(matches!(judge(&g(true, Some(Withdrawn), "2025-01-01"), now, true), Verdict::Withheld(_)));
    }
}
