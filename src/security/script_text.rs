//! Text embedded in scripts: JSON that stays inside its `<script>` element whatever the strings
//! say. `</script>`, `<!--` and `]]>` cannot be written with `<`, `>` and `&` escaped, and
//! U+2028/U+2029 (line breaks to older JavaScript) are escaped too; the result is still the
//! same JSON value.

use std::collections::HashMap;

use serde::Serialize;

/// `value` as JSON that is safe inside a `<script>` element (and in HTML text).
pub(crate) fn json<T: Serialize + ?Sized>(value: &T, pretty: bool) -> serde_json::Result<String> {
    let json = if pretty {
        serde_json::to_string_pretty(value)?
    } else {
        serde_json::to_string(value)?
    };
    Ok(escape(&json))
}

/// Escapes JSON text for a script: `<`, `>` and `&` can only occur inside its strings, where
/// `\u003c`, `\u003e` and `\u0026` mean the same.
fn escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// Tera's `json_encode` filter as Soteria registers it (in place of Tera's own): the same JSON,
/// safe inside `<script type="application/json">` with `| safe`. Takes `pretty=true` as Tera's.
pub(crate) fn json_encode_filter(
    value: &tera::Value,
    args: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let pretty = args
        .get("pretty")
        .and_then(tera::Value::as_bool)
        .unwrap_or(false);
    json(value, pretty)
        .map(tera::Value::String)
        .map_err(tera::Error::json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_close_the_script_and_mean_the_same() {
        let text = "</script><script>alert(1)</script> <!-- ]]> & \u{2028}\u{2029}";
        let encoded = json(text, false).unwrap();
        for dangerous in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!encoded.contains(dangerous), "{encoded}");
        }
        assert_eq!(serde_json::from_str::<String>(&encoded).unwrap(), text);
    }
}
