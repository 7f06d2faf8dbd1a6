//! The JSON Schemas shipped in `schema/` are the generator's output (`src/lang/schema.rs`): this
//! fails when they differ. `scripts/build.mjs` rewrites them from the built module; natively,
//! `NOSANA_WRITE_SCHEMA=1 cargo test --test lang_schema` does the same.

// Helpers outside #[test] fns are not covered by clippy.toml's test allowances.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

use std::path::PathBuf;

use nosana_deployments::lang::{deployment_schema, job_definition_schema};

fn check(file: &str, generated: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(file);
    if std::env::var_os("NOSANA_WRITE_SCHEMA").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run the build or NOSANA_WRITE_SCHEMA=1",
            path.display()
        )
    });
    assert!(
        checked_in == generated,
        "schema/{file} differs from the generator: run `node scripts/build.mjs` (or NOSANA_WRITE_SCHEMA=1 cargo test --test lang_schema) and commit it"
    );
}

#[test]
fn job_definition_schema_file_is_the_generators() {
    check("job-definition.schema.json", &job_definition_schema());
}

#[test]
fn deployment_schema_file_is_the_generators() {
    check("deployment.schema.json", &deployment_schema());
}

#[test]
fn schemas_are_draft_2020_12_json_with_the_model_fields() {
    let job: serde_json::Value = serde_json::from_str(&job_definition_schema()).unwrap();
    assert_eq!(
        job["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        job["required"],
        serde_json::json!(["version", "type", "ops"])
    );
    assert_eq!(job["additionalProperties"], false);
    let op = &job["properties"]["ops"]["items"];
    assert_eq!(
        op["properties"]["type"]["enum"],
        serde_json::json!(["container/run", "container/create-volume"])
    );
    let deployment: serde_json::Value = serde_json::from_str(&deployment_schema()).unwrap();
    // The job definition is the same schema, nested.
    let mut nested = deployment["properties"]["job_definition"].clone();
    let mut top = job.clone();
    for key in ["$schema", "$id"] {
        top.as_object_mut().unwrap().remove(key);
        nested.as_object_mut().unwrap().remove(key);
    }
    assert_eq!(nested, top);
}
