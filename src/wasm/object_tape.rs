//! The object crossing: a JS value (not a string) is walked in JS (`object_tape.js`) into a tape
//! that `json::Document::from_tape` turns into the document the rules walk, with no JSON text
//! written or parsed (measured against the other crossings: docs/benchmarks.md, "Object
//! crossing"). Values the walker does not write as `JSON.stringify` would take the JSON route
//! (`convert::Input::from_js`).

use std::cell::Cell;

use wasm_bindgen::{prelude::wasm_bindgen, JsValue};

use crate::diagnostics::{Issues, Report};
use crate::json::{Document, Value};
use crate::source::{self, Origin};

#[wasm_bindgen(module = "/src/wasm/object_tape.js")]
extern "C" {
    /// Walks `value` and copies its tape into the three buffers (capacities in elements):
    /// `tape + text_bytes * 2^22`; -1: take the JSON route; below -1: the buffers are too small,
    /// `-2 - (tape + text_bytes_at_most * 2^22)`.
    #[wasm_bindgen(js_name = writeTape)]
    #[allow(clippy::too_many_arguments)]
    fn write_tape(
        value: &JsValue,
        memory: &JsValue,
        tape: *mut i32,
        tape_cap: usize,
        numbers: *mut f64,
        numbers_cap: usize,
        text: *mut u8,
        text_cap: usize,
    ) -> f64;
    /// After `writeTape` asked for bigger buffers: copies the tape it kept; the text's bytes, or -1.
    #[wasm_bindgen(js_name = copyTape)]
    fn copy_tape(
        memory: &JsValue,
        tape: *mut i32,
        numbers: *mut f64,
        text: *mut u8,
        text_cap: usize,
    ) -> f64;
}

/// See `TEXT_SHIFT` in `object_tape.js`.
const TEXT_SHIFT: f64 = 4_194_304.0;

/// The buffers of one tape, reused from call to call (their lengths are all initialised).
#[derive(Default)]
struct Buffers {
    tags: Vec<i32>,
    numbers: Vec<f64>,
    text: Vec<u8>,
}

thread_local! {
    static MEMORY: JsValue = wasm_bindgen::memory();
    static SPARE: Cell<Option<Buffers>> = const { Cell::new(None) };
}

/// Buffers above this many elements each are freed after use instead of kept.
const KEEP: usize = 64 * 1024;

/// A JS value's tape, in wasm memory.
pub(crate) struct Tape {
    tags: Vec<i32>,
    numbers: Vec<f64>,
    text: String,
}

impl Tape {
    /// The tape of `value`; `None` when it takes the JSON route.
    pub(crate) fn of(value: &JsValue) -> Option<Self> {
        let mut buffers = SPARE.take().unwrap_or_default();
        let read = MEMORY.with(|memory| {
            write_tape(
                value,
                memory,
                buffers.tags.as_mut_ptr(),
                buffers.tags.len(),
                buffers.numbers.as_mut_ptr(),
                buffers.numbers.len(),
                buffers.text.as_mut_ptr(),
                buffers.text.len(),
            )
        });
        let (tape_len, text_len) = if read >= 0.0 {
            split(read)
        } else if read <= -2.0 {
            let (tape_len, text_at_most) = split(-2.0 - read);
            // Numbers are at most one per tag.
            grow(&mut buffers.tags, tape_len, 0);
            grow(&mut buffers.numbers, tape_len, 0.0);
            grow(&mut buffers.text, text_at_most, 0);
            let written = MEMORY.with(|memory| {
                copy_tape(
                    memory,
                    buffers.tags.as_mut_ptr(),
                    buffers.numbers.as_mut_ptr(),
                    buffers.text.as_mut_ptr(),
                    buffers.text.len(),
                )
            });
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let written = (written >= 0.0).then_some(written as usize)?;
            (tape_len, written)
        } else {
            SPARE.set(Some(buffers));
            return None;
        };
        let Buffers {
            mut tags,
            numbers,
            mut text,
        } = buffers;
        tags.truncate(tape_len);
        text.truncate(text_len);
        // encodeInto writes well-formed UTF-8; checking keeps this free of `unsafe`.
        let text = String::from_utf8(text).ok()?;
        Some(Self {
            tags,
            numbers,
            text,
        })
    }

    /// Runs `rules` on the value, as `source::validate` does on its JSON text.
    pub(crate) fn validate<R: Into<Issues>>(&self, rules: impl FnOnce(Value<'_>) -> R) -> Report {
        let doc = Document::from_tape(&self.text, &self.tags, &self.numbers);
        source::validate_document(&doc, Origin::Value, rules)
    }
}

impl Drop for Tape {
    fn drop(&mut self) {
        let mut tags = std::mem::take(&mut self.tags);
        let numbers = std::mem::take(&mut self.numbers);
        let mut text = std::mem::take(&mut self.text).into_bytes();
        if tags.capacity().max(numbers.len()).max(text.capacity()) > KEEP {
            return;
        }
        // Back to their initialised lengths (zeroes only where they were cut).
        tags.resize(tags.capacity(), 0);
        text.resize(text.capacity(), 0);
        SPARE.set(Some(Buffers {
            tags,
            numbers,
            text,
        }));
    }
}

/// `tape + bytes * 2^22` apart.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn split(packed: f64) -> (usize, usize) {
    let bytes = (packed / TEXT_SHIFT).floor();
    ((packed - bytes * TEXT_SHIFT) as usize, bytes as usize)
}

fn grow<T: Copy>(buffer: &mut Vec<T>, len: usize, zero: T) {
    if buffer.len() < len {
        buffer.resize(len.next_power_of_two(), zero);
    }
}
