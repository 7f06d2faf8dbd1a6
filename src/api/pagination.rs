//! Keyset pagination (spec §3.1): `{ <items>: [...], pagination: { cursor_next, cursor_prev,
//! total_items } }`. The iterator follows `cursor_next` until it is null, and stops (instead of
//! looping forever) if the server ever hands back a cursor it already gave. [`Pages`] walks a
//! list through the client, item by item.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use serde_json::Value;

use super::client::Client;
use super::error::{self, ApiError};
use super::options::CallOptions;
use super::request::{Filters, RequestSpec};

/// Page size of a walk whose filters set none.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// Where an all-pages walk stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageWalk {
    /// The cursor of the next request (`None` before the first page).
    pub cursor: Option<String>,
    pub done: bool,
    seen: Vec<String>,
    /// Pages fetched so far.
    pub pages: u32,
}

/// The items and next cursor of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<Value>,
    pub next: Option<String>,
    pub total: Option<u64>,
}

/// Reads a page. `key` is the items key (`deployments`, `jobs`, …).
pub fn read_page(body: &Value, key: &str) -> Result<Page, String> {
    let items = body
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("the page has no `{key}` array"))?
        .clone();
    let pagination = body.get("pagination");
    let next = pagination
        .and_then(|p| p.get("cursor_next"))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let total = pagination
        .and_then(|p| p.get("total_items"))
        .and_then(Value::as_u64);
    Ok(Page { items, next, total })
}

impl PageWalk {
    pub fn new(start: Option<String>) -> Self {
        Self {
            cursor: start,
            ..Self::default()
        }
    }

    /// Records a fetched page; returns its items.
    pub fn advance(&mut self, page: Page) -> Vec<Value> {
        self.pages += 1;
        match page.next {
            Some(next) if !page.items.is_empty() && !self.seen.contains(&next) => {
                self.seen.push(next.clone());
                self.cursor = Some(next);
            }
            _ => {
                self.done = true;
                self.cursor = None;
            }
        }
        page.items
    }
}

/// Every item of a paged list, page after page (`listAll`).
pub struct Pages<F: Filters> {
    client: Rc<Client>,
    filters: F,
    build: fn(&F) -> Result<RequestSpec, ApiError>,
    /// The items key (`deployments`, …).
    key: &'static str,
    call: CallOptions,
    walk: RefCell<PageWalk>,
    buffer: RefCell<VecDeque<Value>>,
    closed: Cell<bool>,
}

impl<F: Filters> Pages<F> {
    /// Refuses bad filters now, not at the first [`Pages::next`].
    pub fn new(
        client: Rc<Client>,
        mut filters: F,
        build: fn(&F) -> Result<RequestSpec, ApiError>,
        key: &'static str,
        call: CallOptions,
    ) -> Result<Self, ApiError> {
        if !filters.has_limit() {
            filters.set_limit(DEFAULT_PAGE_SIZE);
        }
        build(&filters)?;
        let start = filters.cursor();
        Ok(Self {
            client,
            filters,
            build,
            key,
            call,
            walk: RefCell::new(PageWalk::new(start)),
            buffer: RefCell::new(VecDeque::new()),
            closed: Cell::new(false),
        })
    }

    /// The next item; `None` after the last one, or once closed.
    pub async fn next(&self) -> Result<Option<Value>, ApiError> {
        loop {
            if self.closed.get() {
                return Ok(None);
            }
            let item = self.buffer.borrow_mut().pop_front();
            if item.is_some() {
                return Ok(item);
            }
            let cursor = {
                let walk = self.walk.borrow();
                if walk.done {
                    return Ok(None);
                }
                walk.cursor.clone()
            };
            let mut f = self.filters.clone();
            f.set_cursor(cursor);
            let spec = (self.build)(&f)?;
            let answer = self.client.send(&spec, &self.call).await?;
            let page = read_page(answer.value(), self.key)
                .map_err(|e| error::invalid_response(&self.client.label(&spec), 200, &e))?;
            let items = self.walk.borrow_mut().advance(page);
            self.buffer.borrow_mut().extend(items);
        }
    }

    /// Stops the walk (a `break` in `for await`).
    pub fn close(&self) {
        self.closed.set(true);
        self.buffer.borrow_mut().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(items: &[i32], next: Option<&str>) -> Value {
        json!({"deployments": items, "pagination": {"cursor_next": next, "cursor_prev": null, "total_items": 25}})
    }

    #[test]
    fn follows_cursor_next_until_null() {
        let mut walk = PageWalk::new(None);
        let p1 = read_page(&page(&[1, 2], Some("c1")), "deployments").unwrap();
        assert_eq!(p1.total, Some(25));
        assert_eq!(walk.advance(p1), vec![json!(1), json!(2)]);
        assert_eq!((walk.cursor.as_deref(), walk.done), (Some("c1"), false));
        let p2 = read_page(&page(&[3], None), "deployments").unwrap();
        assert_eq!(walk.advance(p2).len(), 1);
        assert!(walk.done);
        assert_eq!(walk.pages, 2);
    }

    #[test]
    fn a_repeated_cursor_or_an_empty_page_ends_the_walk() {
        let mut walk = PageWalk::new(None);
        walk.advance(read_page(&page(&[1], Some("c")), "deployments").unwrap());
        walk.advance(read_page(&page(&[2], Some("c")), "deployments").unwrap());
        assert!(walk.done);
        let mut walk = PageWalk::new(Some("start".into()));
        assert_eq!(walk.cursor.as_deref(), Some("start"));
        walk.advance(read_page(&page(&[], Some("d")), "deployments").unwrap());
        assert!(walk.done);
    }

    #[test]
    fn malformed_pages_are_errors() {
        assert!(read_page(&json!({"jobs": []}), "deployments").is_err());
        let p = read_page(&json!({"jobs": [1]}), "jobs").unwrap();
        assert_eq!((p.next, p.total), (None, None));
        let p = read_page(
            &json!({"jobs": [1], "pagination": {"cursor_next": ""}}),
            "jobs",
        )
        .unwrap();
        assert_eq!(p.next, None);
    }
}
