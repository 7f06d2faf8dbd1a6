//! An incremental Server-Sent Events parser (the WHATWG event-stream format), fed raw chunks as
//! they arrive: lines may be split anywhere, even inside a CRLF pair or a UTF-8 sequence.
//! Handles LF, CR and CRLF line ends, comments (`: keep-alive`), multi-line `data`, `event`, `id`,
//! a leading BOM, and fields without a colon. `retry` is ignored (the client has its own backoff).
//!
//! The Deployments stream (spec §4.6) sends only `data: <json>` frames and keep-alive comments.

use serde_json::Value;

/// Longest line kept, in bytes. Real frames are under 10 KB.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Longest `data` an event may gather over its lines, in bytes.
pub const MAX_EVENT_BYTES: usize = 1 << 20;

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// `event:` field, when one was sent (the default type is "message").
    pub event: Option<String>,
    /// `data:` lines joined with `\n`.
    pub data: String,
    /// `id:` field, when one was sent.
    pub id: Option<String>,
}

#[derive(Debug, Default)]
pub struct SseParser {
    /// Bytes of the current, unfinished line.
    line: Vec<u8>,
    /// The previous chunk ended in CR: a LF at the start of the next one belongs to it.
    skip_lf: bool,
    /// Past the (optional) BOM at the start of the stream.
    started: bool,
    data: Option<String>,
    event: Option<String>,
    id: Option<String>,
    data_lines: u32,
    /// A line overflowed: its bytes are dropped until its line end.
    skip_line: bool,
    /// The current event overflowed: its lines are dropped until the blank line that ends it.
    skip_event: bool,
    /// Lines or events dropped for exceeding [`MAX_LINE_BYTES`] / [`MAX_EVENT_BYTES`]. The event
    /// they belong to is never dispatched; parsing resumes after its blank line.
    pub overflows: u64,
    /// Comment lines seen (keep-alives), for liveness tracking.
    pub comments: u64,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds a chunk; returns the events it completed.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        let mut out = Vec::new();
        for &byte in chunk {
            if self.skip_lf {
                self.skip_lf = false;
                if byte == b'\n' {
                    continue;
                }
            }
            match byte {
                b'\n' => self.end_line(&mut out),
                b'\r' => {
                    self.end_line(&mut out);
                    self.skip_lf = true;
                }
                _ if self.skip_line => {}
                _ if self.line.len() >= MAX_LINE_BYTES => {
                    self.line = Vec::new();
                    self.skip_line = true;
                    self.overflow();
                }
                _ => self.line.push(byte),
            }
        }
        out
    }

    /// Drops the current event (see [`SseParser::overflows`]).
    fn overflow(&mut self) {
        self.overflows += 1;
        self.skip_event = true;
        self.data = None;
        self.event = None;
        self.data_lines = 0;
    }

    fn end_line(&mut self, out: &mut Vec<SseEvent>) {
        let mut raw = std::mem::take(&mut self.line);
        if std::mem::take(&mut self.skip_line) {
            return;
        }
        if self.skip_event {
            if raw.is_empty() {
                self.skip_event = false;
            }
            return;
        }
        if !self.started {
            self.started = true;
            if raw.starts_with(&[0xEF, 0xBB, 0xBF]) {
                raw.drain(..3);
            }
        }
        // Lines end at ASCII bytes, so a complete line is complete UTF-8 (or lossy if the server
        // sent garbage).
        let line = String::from_utf8_lossy(&raw);
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.starts_with(':') {
            self.comments += 1;
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line.as_ref(), ""),
        };
        match field {
            "data" => {
                let first = self.data_lines == 0;
                let len = self.data.as_ref().map_or(0, String::len);
                if len + value.len() + 1 > MAX_EVENT_BYTES {
                    self.overflow();
                    return;
                }
                let data = self.data.get_or_insert_with(String::new);
                if !first {
                    data.push('\n');
                }
                data.push_str(value);
                self.data_lines += 1;
            }
            "event" => self.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.id = Some(value.to_owned()),
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut Vec<SseEvent>) {
        let data = self.data.take();
        let event = self.event.take();
        self.data_lines = 0;
        // No data: nothing is dispatched (the id still sticks, per the spec).
        if let Some(data) = data {
            out.push(SseEvent {
                event,
                data,
                id: self.id.clone(),
            });
        }
    }
}

/// Parses one Deployments stream frame (`{"type": "deployment" | "job" | "event" | "task", …}`).
/// Frames that are not JSON objects are skipped by the caller.
/// The frame types of the deployment stream (addendum §8 added `jobs` and `endpoint`). A
/// client skips any other type, as the official one does, so newer servers do not break it.
pub const FRAME_TYPES: [&str; 6] = ["deployment", "jobs", "job", "task", "event", "endpoint"];

/// Whether `frame` has one of the [`FRAME_TYPES`].
pub fn is_known_frame(frame: &Value) -> bool {
    frame
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| FRAME_TYPES.contains(&t))
}

/// Whether `frame` is a frame the client yields: a known type, and for the two types the client
/// and its callers act on, their key field (a `deployment` frame's `status` feeds the guards; a
/// `jobs` frame's list makes a consumer forget every job not in it).
pub fn is_valid_frame(frame: &Value) -> bool {
    let strings = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
    is_known_frame(frame)
        && match frame.get("type").and_then(Value::as_str) {
            Some("deployment") => frame.get("status").is_some_and(Value::is_string),
            Some("jobs") => frame.get("jobs").is_some_and(strings),
            _ => true,
        }
}

pub fn parse_frame(event: &SseEvent) -> Option<Value> {
    match serde_json::from_str::<Value>(&event.data) {
        Ok(v @ Value::Object(_)) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\u{feff}data: {\"type\":\"deployment\",\"status\":\"RUNNING\"}\n\n\
        : keep-alive\r\n\r\n\
        data: {\"type\":\"job\",\r\ndata: \"state\":\"QUEUED\"}\r\n\r\n\
        event: custom\rid: 7\rdata: é✓\r\r\
        data\n\n\
        data:\ndata: x\n\n\
        id: 8\n\n\
        retry: 100\ndata: last\n\n\
        data: unterminated";

    fn expected() -> Vec<SseEvent> {
        let ev = |event: Option<&str>, data: &str, id: Option<&str>| SseEvent {
            event: event.map(str::to_owned),
            data: data.to_owned(),
            id: id.map(str::to_owned),
        };
        vec![
            ev(
                None,
                "{\"type\":\"deployment\",\"status\":\"RUNNING\"}",
                None,
            ),
            ev(None, "{\"type\":\"job\",\n\"state\":\"QUEUED\"}", None),
            ev(Some("custom"), "é✓", Some("7")),
            ev(None, "", Some("7")),
            ev(None, "\nx", Some("7")),
            ev(None, "last", Some("8")),
        ]
    }

    #[test]
    fn whole_stream() {
        let mut p = SseParser::new();
        assert_eq!(p.push(SAMPLE.as_bytes()), expected());
        assert_eq!(p.comments, 1);
    }

    #[test]
    fn split_at_every_byte_offset() {
        let bytes = SAMPLE.as_bytes();
        for cut in 0..=bytes.len() {
            let mut p = SseParser::new();
            let mut got = p.push(&bytes[..cut]);
            got.extend(p.push(&bytes[cut..]));
            assert_eq!(got, expected(), "split at {cut}");
        }
    }

    #[test]
    fn split_into_single_bytes_and_pairs() {
        let bytes = SAMPLE.as_bytes();
        let mut p = SseParser::new();
        let got: Vec<_> = bytes.iter().flat_map(|b| p.push(&[*b])).collect();
        assert_eq!(got, expected());
        for cut in 0..bytes.len() {
            for cut2 in cut..=bytes.len().min(cut + 7) {
                let mut p = SseParser::new();
                let mut got = p.push(&bytes[..cut]);
                got.extend(p.push(&bytes[cut..cut2]));
                got.extend(p.push(&bytes[cut2..]));
                assert_eq!(got, expected(), "{cut}/{cut2}");
            }
        }
    }

    #[test]
    fn crlf_split_between_chunks_is_one_line_end() {
        let mut p = SseParser::new();
        assert!(p.push(b"data: a\r").is_empty());
        assert!(p.push(b"\n").is_empty());
        assert!(p.push(b"\r").len() == 1);
        assert!(p.push(b"\ndata: b\n\n").len() == 1);
    }

    #[test]
    fn long_lines_and_events_are_dropped_and_parsing_resumes() {
        let mut p = SseParser::new();
        let mut long = b"data: ".to_vec();
        long.extend(std::iter::repeat_n(b'x', MAX_LINE_BYTES + 10));
        assert!(p.push(&long).is_empty());
        assert!(p.push(b"\ndata: rest of it\n\ndata: ok\n\n").len() == 1);
        assert_eq!(p.overflows, 1);
        // Many lines that are short but together too long.
        let line = format!("data: {}\n", "y".repeat(1000));
        let mut p = SseParser::new();
        let mut got = Vec::new();
        for _ in 0..(MAX_EVENT_BYTES / 1000 + 10) {
            got.extend(p.push(line.as_bytes()));
        }
        got.extend(p.push(b"\ndata: ok\n\n"));
        assert_eq!(got.len(), 1);
        assert_eq!(got.first().map(|e| e.data.as_str()), Some("ok"));
        assert_eq!(p.overflows, 1);
    }

    #[test]
    fn frames_are_json_objects() {
        let e = |d: &str| SseEvent {
            event: None,
            data: d.to_owned(),
            id: None,
        };
        assert_eq!(
            parse_frame(&e(r#"{"type":"job"}"#)),
            Some(serde_json::json!({"type":"job"}))
        );
        assert_eq!(parse_frame(&e("not json")), None);
        use serde_json::json;
        for good in [
            json!({"type": "deployment", "status": "RUNNING"}),
            json!({"type": "jobs", "jobs": ["a", "b"]}),
            json!({"type": "event", "message": "m"}),
        ] {
            assert!(is_valid_frame(&good), "{good}");
        }
        for bad in [
            json!({"type": "deployment"}),
            json!({"type": "deployment", "status": 5}),
            json!({"type": "jobs", "jobs": "a"}),
            json!({"type": "jobs", "jobs": [1]}),
            json!({"type": "telemetry"}),
            json!({"status": "RUNNING"}),
        ] {
            assert!(!is_valid_frame(&bad), "{bad}");
        }
        assert_eq!(parse_frame(&e("[1]")), None);
    }
}
