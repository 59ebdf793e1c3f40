//! Entries as template values: the list value every list shows (an entry's *card*: its view as
//! serde writes it, without the [`DETAIL`] fields) and the full value of its own page.
//!
//! The preview keeps every card ([`super::bodies::Model::values`]: its fingerprints and in-place
//! updates compare them). A build keeps none: the views are the one form of an entry it holds,
//! and a card is made when a page that lists the entry renders, and dropped with it (a tera map
//! costs about 4.7 KB per entry, twice its view). The paginated lists, which show every entry
//! several times (documents, catalogue, 有效性, departments, topics, years), are all in the same
//! order, newest first: a build renders their pages in that order (`sweep.rs`), so each card is
//! made once and dropped after the last page that shows it ([`Cards`]).

use std::sync::Mutex;

use serde::ser::{Serialize, SerializeStruct, Serializer};
use tera::Value;

use super::views::{BulletinView, EntryView, ItemView};

/// A template value. Views are plain data, so conversion cannot fail; if it ever did, the
/// template would see an undefined value and report it.
pub fn to_value<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::try_from_serializable(v).unwrap_or_else(|_| Value::undefined())
}

/// An entry as its own page shows it: its card, then its body and table of contents, and the
/// fields lists leave out ([`DETAIL`]) at the end of `item` and `bulletin`.
pub struct Full<'a>(pub &'a EntryView);

/// The value of an entry's own page ([`Full`]).
pub fn full(v: &EntryView) -> Value {
    to_value(&Full(v))
}

impl Serialize for Full<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Every field named: a field added to the view is a compile error here until it is
        // written (the derived card writes them in this order, see the test).
        let EntryView {
            idx: _,
            key,
            kind,
            kind_label,
            title,
            url,
            date,
            year,
            department,
            department_url,
            topics,
            summary,
            updated,
            draft,
            body,
            toc,
            doc,
            bulletin,
            item,
            journal,
            issue,
            task,
        } = self.0;
        let mut m = s.serialize_struct("EntryView", 21)?;
        m.serialize_field("key", key)?;
        m.serialize_field("kind", kind)?;
        m.serialize_field("kind_label", kind_label)?;
        m.serialize_field("title", title)?;
        m.serialize_field("url", url)?;
        m.serialize_field("date", date)?;
        m.serialize_field("year", year)?;
        m.serialize_field("department", department)?;
        m.serialize_field("department_url", department_url)?;
        m.serialize_field("topics", topics)?;
        m.serialize_field("summary", summary)?;
        m.serialize_field("updated", updated)?;
        m.serialize_field("draft", draft)?;
        m.serialize_field("doc", doc)?;
        m.serialize_field("bulletin", &bulletin.as_deref().map(FullBulletin))?;
        m.serialize_field("item", &item.as_deref().map(FullItem))?;
        m.serialize_field("journal", journal)?;
        m.serialize_field("issue", issue)?;
        m.serialize_field("task", task)?;
        m.serialize_field("body", body)?;
        m.serialize_field("toc", toc)?;
        m.end()
    }
}

/// A bulletin with its table.
struct FullBulletin<'a>(&'a BulletinView);

impl Serialize for FullBulletin<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let BulletinView { series, series_label, period, period_label, table } = self.0;
        let mut m = s.serialize_struct("BulletinView", 5)?;
        m.serialize_field("series", series)?;
        m.serialize_field("series_label", series_label)?;
        m.serialize_field("period", period)?;
        m.serialize_field("period_label", period_label)?;
        m.serialize_field("table", table)?;
        m.end()
    }
}

/// An approval item with its legal basis, steps, timeline, materials and history.
struct FullItem<'a>(&'a ItemView);

impl Serialize for FullItem<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ItemView {
            code,
            category,
            level,
            level_label,
            legal_basis,
            statutory_days,
            promised_days,
            reduction,
            steps,
            steps_total,
            timeline,
            fee,
            free,
            online,
            visits,
            materials,
            status,
            status_label,
            history,
            merged_into,
            delegated_to,
        } = self.0;
        let mut m = s.serialize_struct("ItemView", 21)?;
        m.serialize_field("code", code)?;
        m.serialize_field("category", category)?;
        m.serialize_field("level", level)?;
        m.serialize_field("level_label", level_label)?;
        m.serialize_field("statutory_days", statutory_days)?;
        m.serialize_field("promised_days", promised_days)?;
        m.serialize_field("reduction", reduction)?;
        m.serialize_field("steps_total", steps_total)?;
        m.serialize_field("fee", fee)?;
        m.serialize_field("free", free)?;
        m.serialize_field("online", online)?;
        m.serialize_field("visits", visits)?;
        m.serialize_field("status", status)?;
        m.serialize_field("status_label", status_label)?;
        m.serialize_field("merged_into", merged_into)?;
        m.serialize_field("delegated_to", delegated_to)?;
        m.serialize_field("legal_basis", legal_basis)?;
        m.serialize_field("steps", steps)?;
        m.serialize_field("timeline", timeline)?;
        m.serialize_field("materials", materials)?;
        m.serialize_field("history", history)?;
        m.end()
    }
}

/// The names of the fields [`Full`] adds to the item and bulletin maps, in its order: what
/// [`super::views::DETAIL`] lists (the test holds them equal).
#[cfg(test)]
const FULL_ONLY: &[&str] = &["legal_basis", "steps", "timeline", "materials", "history", "table"];

/// The cards of a build's paginated lists, made when the first page that shows an entry renders
/// and dropped after the last one: each slot holds the card and how many pages still show it.
pub struct Cards {
    slots: Vec<Mutex<(Option<Value>, u32)>>,
}

impl Cards {
    /// Slots for `n` entries, with how often each is shown: `uses` yields an entry index once per
    /// page that shows it.
    pub fn new(n: usize, uses: impl Iterator<Item = u32>) -> Cards {
        let mut counts = vec![0u32; n];
        for i in uses {
            counts[i as usize] += 1;
        }
        Cards { slots: counts.into_iter().map(|c| Mutex::new((None, c))).collect() }
    }

    /// The card of entry `i` for one page that shows it (made from `v` when no page did yet);
    /// the last page takes it out.
    pub fn take(&self, i: usize, v: &EntryView) -> Value {
        let mut slot = self.slots[i].lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (card, left) = &mut *slot;
        *left = left.saturating_sub(1);
        if *left == 0 {
            return card.take().unwrap_or_else(|| to_value(v));
        }
        card.get_or_insert_with(|| to_value(v)).clone()
    }

    /// How many cards are held now.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.slots.iter().filter(|s| s.lock().is_ok_and(|s| s.0.is_some())).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::{ChangeView, Heading, Link, StepView, TableView, DETAIL};

    /// The full value as it was made before: the card, with the body, the table of contents and
    /// the details added to it.
    fn reference(v: &EntryView) -> Value {
        let mut map = to_value(v).as_map().cloned().unwrap_or_default();
        map.insert("body".into(), Value::from(v.body.as_str()));
        map.insert("toc".into(), to_value(&v.toc));
        let mut nested = |key: &'static str, add: &dyn Fn(&mut tera::Map)| {
            if let Some(mut inner) = map.get(&tera::value::Key::Str(key)).and_then(|x| x.as_map()).cloned() {
                add(&mut inner);
                map.insert(key.into(), Value::from(inner));
            }
        };
        if let Some(it) = &v.item {
            nested("item", &|m| {
                m.insert("legal_basis".into(), to_value(&it.legal_basis));
                m.insert("steps".into(), to_value(&it.steps));
                m.insert("timeline".into(), Value::from(it.timeline.as_str()));
                m.insert("materials".into(), to_value(&it.materials));
                m.insert("history".into(), to_value(&it.history));
            });
        }
        if let Some(b) = &v.bulletin {
            nested("bulletin", &|m| {
                m.insert("table".into(), to_value(&b.table));
            });
        }
        Value::from(map)
    }

    /// Keys and values in order: tera's map equality ignores the order.
    fn ordered(v: &Value) -> String {
        format!("{v:?}")
    }

    fn view() -> EntryView {
        let link = |t: &str| Link { title: t.into(), url: format!("/{t}/") };
        EntryView {
            idx: 3,
            key: "approvals/x.md".into(),
            kind: crate::content::Kind::Approval,
            kind_label: "审批事项",
            title: "企业投资项目核准（一个超过二十一字节的标题）".into(),
            url: "/approvals/x/".into(),
            date: "2025-05-06".into(),
            year: 2025,
            department: "云州市发展和改革委员会".into(),
            department_url: "/departments/fgw/".into(),
            topics: vec![link("综合政务"), link("a")],
            summary: "摘要".into(),
            updated: String::new(),
            draft: String::new(),
            body: "<p>正文</p>".into(),
            toc: vec![Heading { level: 2, id: "h".into(), text: "一、适用范围".into() }],
            doc: None,
            bulletin: None,
            item: None,
            journal: None,
            issue: None,
            task: None,
        }
    }

    fn item() -> ItemView {
        ItemView {
            code: "530100-01-02-0001".into(),
            category: "行政许可".into(),
            level: crate::content::Level::City,
            level_label: "市级",
            legal_basis: vec!["《条例》第三条".into()],
            statutory_days: 20,
            promised_days: 10,
            reduction: 50,
            steps: vec![StepView { name: "受理".into(), days: 1, start: 0, end: 1, left_pct: 0.0, width_pct: 5.0 }],
            steps_total: 1,
            timeline: "<svg></svg>".into(),
            fee: "0".into(),
            free: true,
            online: true,
            visits: Some(0),
            materials: vec!["申请书".into()],
            status: crate::content::ItemStatus::Active,
            status_label: "在办",
            history: vec![ChangeView {
                anchor: "change-1".into(),
                date: "2020-04-18".into(),
                change: crate::content::ChangeKind::Fee,
                change_label: "收费",
                decision: "云审改办〔2020〕8号".into(),
                decision_url: String::new(),
                from: "10".into(),
                to: "0".into(),
                note: String::new(),
                item_title: String::new(),
                item_url: String::new(),
                item_code: String::new(),
            }],
            merged_into: Some(Link { title: "b".into(), url: "/b/".into() }),
            delegated_to: String::new(),
        }
    }

    #[test]
    fn the_full_value_is_the_card_with_the_details_added_in_order() {
        let mut v = view();
        assert_eq!(ordered(&full(&v)), ordered(&reference(&v)));
        v.item = Some(Box::new(item()));
        assert_eq!(ordered(&full(&v)), ordered(&reference(&v)));
        let table = TableView {
            columns: vec!["地区".into(), "得分".into()],
            rows: vec![vec!["甲".into(), "9".into()]],
            ranks: vec![crate::render::views::Rank { rank: 1, tied: false }],
            rank_by: "得分".into(),
            rank_column: 1,
            chart: "<svg/>".into(),
            csv_url: "/bulletins/x/table.csv".into(),
        };
        let bulletin = |table| BulletinView {
            series: crate::content::Series::Supervision,
            series_label: "督查通报",
            period: "2024-01".into(),
            period_label: "2024年1月".into(),
            table,
        };
        v.item = None;
        v.bulletin = Some(Box::new(bulletin(Some(table))));
        assert_eq!(ordered(&full(&v)), ordered(&reference(&v)));
        v.bulletin = Some(Box::new(bulletin(None)));
        assert_eq!(ordered(&full(&v)), ordered(&reference(&v)));
        assert_eq!(FULL_ONLY, DETAIL);
    }

    #[test]
    fn a_card_is_made_once_and_dropped_after_its_last_page() {
        let v = view();
        let cards = Cards::new(5, [3, 3, 3, 1].into_iter());
        let first = cards.take(3, &v);
        assert_eq!(cards.held(), 1);
        let second = cards.take(3, &v);
        // The same card, shared: not made again.
        assert_eq!(first.as_map().map(|m| m as *const _), second.as_map().map(|m| m as *const _));
        let last = cards.take(3, &v);
        assert_eq!(first.as_map().map(|m| m as *const _), last.as_map().map(|m| m as *const _));
        assert_eq!(cards.held(), 0);
        // Shown once: never held.
        assert_eq!(ordered(&cards.take(1, &v)), ordered(&to_value(&v)));
        assert_eq!(cards.held(), 0);
    }
}
