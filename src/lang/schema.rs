//! JSON Schema (draft 2020-12) generated from the model ([`super::model`]), for editors that take a
//! schema (VS Code, Monaco, IntelliJ, yaml-language-server) and for ajv.
//!
//! What a schema cannot say is left to our validator (docs/language-service.md, "Schema gaps"):
//! unique op ids, unique exposed ports, the semantic rules (dependencies, literals, volumes, image
//! references), and the cross-field rules of deployment bodies (strategy vs schedule/rotation_time,
//! vault vs new_vault).

use super::json_out::Out;
use super::model::{Node, Ty, DEPLOYMENT, JOB_DEFINITION};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The job definition schema, as JSON text (indented; what `schema/job-definition.schema.json` holds).
pub fn job_definition_schema() -> String {
    document(
        &JOB_DEFINITION,
        "https://unpkg.com/nosana-deployments/schema/job-definition.schema.json",
    )
    .to_pretty_json()
}

/// The create-deployment body schema, as JSON text (`schema/deployment.schema.json`).
pub fn deployment_schema() -> String {
    document(
        &DEPLOYMENT,
        "https://unpkg.com/nosana-deployments/schema/deployment.schema.json",
    )
    .to_pretty_json()
}

fn document(root: &'static Node, id: &str) -> Out {
    let mut out = Out::Object(vec![
        ("$schema".to_owned(), Out::str(DRAFT)),
        ("$id".to_owned(), Out::str(id)),
    ]);
    if let (Out::Object(head), Out::Object(body)) = (&mut out, schema(root)) {
        head.extend(body);
    }
    out
}

/// The schema of one node: its title, description and type constraints.
fn schema(node: &'static Node) -> Out {
    let mut out = Out::Object(vec![
        ("title".to_owned(), Out::str(node.title)),
        ("description".to_owned(), Out::str(node.description)),
    ]);
    match &node.ty {
        Ty::String { values, literal } => {
            out.push("type", Out::str("string"));
            match values {
                [] => {}
                [one] => out.push("const", Out::str(*one)),
                many => out.push(
                    "enum",
                    Out::Array(many.iter().map(|v| Out::str(*v)).collect()),
                ),
            }
            if *literal {
                out.push("pattern", Out::str(super::model::LITERAL_PATTERN));
            } else if let Some(pattern) = node.pattern {
                out.push("pattern", Out::str(pattern));
            }
            if let Some(min) = node.length.0 {
                out.push("minLength", Out::number(f64::from(min)));
            }
            if let Some(max) = node.length.1 {
                out.push("maxLength", Out::number(f64::from(max)));
            }
        }
        Ty::Number { integer, min, max } => {
            out.push(
                "type",
                Out::str(if *integer { "integer" } else { "number" }),
            );
            if let Some(min) = min {
                out.push("minimum", Out::number(*min));
            }
            if let Some(max) = max {
                out.push("maximum", Out::number(*max));
            }
        }
        Ty::Boolean => out.push("type", Out::str("boolean")),
        Ty::Object { fields, rest } => {
            out.push("type", Out::str("object"));
            if !fields.is_empty() {
                let properties = fields
                    .iter()
                    .map(|f| (f.name.to_owned(), schema(f.node)))
                    .collect();
                out.push("properties", Out::Object(properties));
                let required: Vec<Out> = fields
                    .iter()
                    .filter(|f| f.required)
                    .map(|f| Out::str(f.name))
                    .collect();
                if !required.is_empty() {
                    out.push("required", Out::Array(required));
                }
            }
            out.push(
                "additionalProperties",
                match rest {
                    Some(rest) => schema(rest),
                    None => Out::Bool(false),
                },
            );
            if let Some(min) = node.min_members {
                out.push("minProperties", Out::number(f64::from(min)));
            }
            if let Some(pattern) = node.key_pattern {
                out.push(
                    "propertyNames",
                    Out::Object(vec![("pattern".to_owned(), Out::str(pattern))]),
                );
            }
        }
        Ty::Array {
            items,
            min_items,
            max_items,
            unique,
        } => {
            out.push("type", Out::str("array"));
            out.push("items", schema(items));
            if let Some(min) = min_items {
                out.push("minItems", Out::number(f64::from(*min)));
            }
            if let Some(max) = max_items {
                out.push("maxItems", Out::number(f64::from(*max)));
            }
            if *unique {
                out.push("uniqueItems", Out::Bool(true));
            }
        }
        Ty::AnyOf(branches) => {
            out.push(
                "anyOf",
                Out::Array(branches.iter().map(|b| schema(b)).collect()),
            );
        }
        Ty::Any => {}
    }
    out
}
