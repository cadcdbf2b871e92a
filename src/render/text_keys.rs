//! Front matter for templates: YAML mappings serialised with every key as text, so that a
//! template can read a finding's `2020: 45` as `"2020"`.

use serde::Serialize;

/// Serialises front matter with every mapping key as text (`2020: 45` as `"2020": 45`): YAML
/// takes numbers, booleans, `~` and even lists as keys, and a template's values do not.
pub(super) fn text_keys<S: serde::Serializer>(
    mapping: &&serde_yaml::Mapping,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    TextKeys::Mapping(mapping).serialize(serializer)
}

/// A YAML value whose mappings are serialised with text keys (see [`text_keys`]).
enum TextKeys<'v> {
    Mapping(&'v serde_yaml::Mapping),
    Value(&'v serde_yaml::Value),
}

impl Serialize for TextKeys<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        use serde_yaml::Value;
        match self {
            TextKeys::Mapping(mapping) => {
                let mut map = serializer.serialize_map(Some(mapping.len()))?;
                for (key, value) in mapping.iter() {
                    let key = match key {
                        Value::String(text) => text.clone(),
                        Value::Number(number) => number.to_string(),
                        Value::Bool(flag) => flag.to_string(),
                        Value::Null => "null".to_string(),
                        other => serde_yaml::to_string(other)
                            .unwrap_or_default()
                            .trim_end()
                            .to_string(),
                    };
                    map.serialize_entry(&key, &TextKeys::Value(value))?;
                }
                map.end()
            }
            TextKeys::Value(Value::Mapping(mapping)) => {
                TextKeys::Mapping(mapping).serialize(serializer)
            }
            TextKeys::Value(Value::Sequence(items)) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&TextKeys::Value(item))?;
                }
                seq.end()
            }
            TextKeys::Value(Value::Tagged(tagged)) => {
                TextKeys::Value(&tagged.value).serialize(serializer)
            }
            TextKeys::Value(value) => value.serialize(serializer),
        }
    }
}
