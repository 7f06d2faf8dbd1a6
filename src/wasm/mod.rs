//! The JavaScript surface: argument conversion, JS errors and the `.d.ts`. No rule lives here.

use wasm_bindgen::prelude::*;

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}
