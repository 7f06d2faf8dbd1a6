//! The SSE parser: arbitrary bytes fed in arbitrary chunks. The events must not depend on how the
//! stream was chunked, and no field may contain a line break.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use nosana_deployments::api::sse::{parse_frame, SseParser};

fuzz_target!(|data: &[u8]| {
    // Layout: [n][n bytes of split points][stream bytes].
    let Some((&n, rest)) = data.split_first() else { return };
    let (head, stream) = rest.split_at(usize::from(n).min(rest.len()));
    let Ok(cuts) = Vec::<u16>::arbitrary_take_rest(Unstructured::new(head)) else { return };

    let mut whole = SseParser::new();
    let expected = whole.push(stream);

    let mut cuts: Vec<usize> = cuts.iter().map(|&c| usize::from(c) % (stream.len() + 1)).collect();
    cuts.sort_unstable();
    let mut chunked = SseParser::new();
    let mut got = Vec::new();
    let mut at = 0;
    for cut in cuts.into_iter().chain([stream.len()]) {
        got.extend(chunked.push(&stream[at..cut]));
        at = cut;
    }
    assert_eq!(got, expected, "chunking changed the events");
    assert_eq!(chunked.comments, whole.comments, "chunking changed the comment count");
    // Byte by byte too.
    let mut bytewise = SseParser::new();
    let mut one = Vec::new();
    for b in stream {
        one.extend(bytewise.push(std::slice::from_ref(b)));
    }
    assert_eq!(one, expected, "byte-by-byte feeding changed the events");

    for e in &expected {
        assert!(!e.data.contains('\r'), "CR inside data: {e:?}");
        for f in [&e.event, &e.id].into_iter().flatten() {
            assert!(!f.contains(['\n', '\r']), "line break inside a field: {e:?}");
        }
        if let Some(v) = parse_frame(e) {
            assert!(v.is_object());
        }
    }
});
