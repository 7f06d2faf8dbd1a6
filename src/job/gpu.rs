//! `gpuNotRequested`: the job definition asks for GPU memory or CUDA in `meta`, but no operation
//! requests a GPU. Spec §3.3: only `args.gpu || global.gpu` makes the NVIDIA device request; §5
//! (GPU / VRAM): the dashboard reads `meta.system_requirements.required_vram` (GB) to pick GPU
//! markets, templates use `vram_total_mb` and `required_cuda`, and Nosana's docs show
//! `meta.system_resources.required_vram`. Such a job runs on a GPU host without seeing the GPU.
//!
//! Image names are not judged (`nvidia/cuda`, `ollama/ollama`): the spec lists no GPU images, and
//! many run on a CPU as well.

use crate::json::{Kind, Object, Value};

use super::ctx::Ctx;
use super::rules::GPU_NOT_REQUESTED;

/// The `meta` members that state a GPU requirement, and the keys inside them that do.
const REQUIREMENTS: [(&str, &[&str]); 2] = [
    (
        "system_requirements",
        &["required_vram", "vram_total_mb", "required_cuda"],
    ),
    ("system_resources", &["required_vram"]),
];

#[inline(never)] // small wasm functions: see `job::validate`
pub(crate) fn check<'a>(c: &mut Ctx<'a>, top: Object<'a>) {
    if !c.wants(&GPU_NOT_REQUESTED) {
        return;
    }
    let Some(meta) = top.get("meta").and_then(Value::as_object) else {
        return;
    };
    let Some((group, key)) = first_requirement(meta) else {
        return;
    };
    let Some(ops) = top.get("ops").and_then(Value::as_array) else {
        return;
    };
    let is_true = |v: Option<Value<'_>>| v.is_some_and(|v| matches!(v.kind(), Kind::Bool(true)));
    let global_gpu = is_true(top.get("global").and_then(|g| g.get("gpu")));
    let op_gpu = ops
        .iter()
        .any(|op| is_true(op.get("args").and_then(|a| a.get("gpu"))));
    if ops.is_empty() || global_gpu || op_gpu {
        return;
    }
    c.key("meta", |c| {
        c.key(group, |c| {
            c.key(key, |c| {
                c.report_hint(
                    &GPU_NOT_REQUESTED,
                    format!(
                        "\"meta.{group}.{key}\" asks for a GPU, but no operation sets \"gpu\": true, so no container gets one"
                    ),
                    "Set \"gpu\": true in the args of the operations that use the GPU, or in \"global\".",
                );
            });
        });
    });
}

/// The first GPU requirement `meta` states: a positive VRAM size or a non-empty CUDA list.
fn first_requirement(meta: Object<'_>) -> Option<(&'static str, &'static str)> {
    for (group, keys) in REQUIREMENTS {
        let Some(members) = meta.get(group).and_then(Value::as_object) else {
            continue;
        };
        for key in keys {
            let states = match members.get(key).map(|v| v.kind()) {
                Some(Kind::Number(n)) => n > 0.0,
                Some(Kind::Array(items)) => !items.is_empty(),
                Some(Kind::String(s)) => !s.trim().is_empty() && s.trim() != "0",
                _ => false,
            };
            if states {
                return Some((group, key));
            }
        }
    }
    None
}
