//! listAll: cursors, page size, the end of the walk.

use nosana_deployments::api::options::CallOptions;
use nosana_deployments::api::pagination::Pages;
use nosana_deployments::api::request::{self, DeploymentFilters};
use serde_json::{json, Value};

use crate::fakes::*;

fn page(items: &[i32], next: Option<&str>) -> Reply {
    let items: Vec<Value> = items.iter().map(|n| json!({"n": n})).collect();
    json(
        200,
        json!({"deployments": items, "pagination": {"cursor_next": next}}),
    )
}

fn all(s: &Setup, pages: &Pages<DeploymentFilters>) -> Vec<i64> {
    s.run(async {
        let mut out = Vec::new();
        while let Some(item) = pages.next().await.unwrap() {
            out.push(item["n"].as_i64().unwrap());
        }
        out
    })
}

#[test]
fn follows_cursors_with_a_default_page_size() {
    let s = Setup::new(vec![
        page(&[1, 2], Some("c1")),
        page(&[3], Some("c2")),
        page(&[], None),
    ]);
    let f = DeploymentFilters::default();
    let pages = Pages::new(
        s.client(json!({})),
        f,
        request::list,
        "deployments",
        CallOptions::default(),
    )
    .unwrap();
    assert_eq!(all(&s, &pages), vec![1, 2, 3]);
    assert_eq!(s.fake.request(0).url, format!("{BASE}?limit=100"));
    assert!(
        s.fake.request(1).url.ends_with("cursor=c1"),
        "{}",
        s.fake.request(1).url
    );
    assert!(s.fake.request(2).url.ends_with("cursor=c2"));
    assert_eq!(s.run(pages.next()).unwrap(), None);
    assert_eq!(s.fake.count(), 3);
}

#[test]
fn a_repeated_cursor_ends_the_walk_and_close_stops_it() {
    let s = Setup::new(vec![
        page(&[1], Some("c")),
        page(&[2], Some("c")),
        page(&[3], None),
    ]);
    let client = s.client(json!({}));
    let f = DeploymentFilters::default();
    let pages = Pages::new(
        client.clone(),
        f.clone(),
        request::list,
        "deployments",
        CallOptions::default(),
    )
    .unwrap();
    assert_eq!(all(&s, &pages), vec![1, 2]);
    let pages = Pages::new(
        client,
        f,
        request::list,
        "deployments",
        CallOptions::default(),
    )
    .unwrap();
    pages.close();
    assert_eq!(s.run(pages.next()).unwrap(), None);
    assert_eq!(s.fake.count(), 2);
}

#[test]
fn bad_filters_are_refused_before_any_request() {
    let s = Setup::new(vec![]);
    let f = DeploymentFilters::from_value(&json!({"limit": 0}));
    let refused = f.and_then(|f| {
        Pages::new(
            s.client(json!({})),
            f,
            request::list,
            "deployments",
            CallOptions::default(),
        )
    });
    assert!(refused.is_err());
    assert_eq!(s.fake.count(), 0);
}
