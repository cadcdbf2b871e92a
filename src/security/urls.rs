//! URLs in settings (`quick_exit.url`, `base_url`, `--base-url`): only web addresses pass, read
//! as a browser reads them, so that `javascript:`, `data:` or `vbscript:` in any case, with
//! spaces, tabs or control characters inside, never becomes a link of every page.

use url::Url;

/// True for an address that runs code or brings a document of its own when a reader follows or
/// loads it (`javascript:`, `vbscript:`, `data:`), however its scheme is written, as browsers
/// read it (the URL Standard): in any case, after spaces and control characters, with tabs and
/// line breaks inside. Links and images in content with such an address are removed (the
/// sanitiser removes them from raw HTML too).
pub(crate) fn is_script_url(url: &str) -> bool {
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let scheme: String = scheme
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

/// Checks a setting that must be an absolute `https://` or `http://` address (the quick exit
/// leads away from the site). The error says why it is refused.
pub(crate) fn check_web_address(value: &str) -> Result<(), String> {
    web_address(value).map(drop)
}

/// The `tel:` link of a phone number written for readers (`116 111`, `+46 8-123 45`): digits,
/// spaces, `-` and a leading `+`; the link keeps the digits and the `+`.
pub(crate) fn tel_url(number: &str) -> Result<String, String> {
    let number = number.trim();
    let mut digits = String::from("tel:");
    for (at, c) in number.char_indices() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if at == 0 => digits.push(c),
            ' ' | '-' => {}
            _ => {
                return Err(format!(
                    "a number may only have digits, spaces, `-` and a leading `+`, not `{}`",
                    c.escape_debug()
                ))
            }
        }
    }
    if !digits.chars().any(|c| c.is_ascii_digit()) {
        return Err("it has no digits".into());
    }
    Ok(digits)
}

/// Checks a page's path below the content folder given in a setting (`safety`, `help/safety`):
/// letters, digits, `-`, `_` and `/` between segments, or empty for none.
pub(crate) fn check_site_path(value: &str) -> Result<(), String> {
    let trimmed = value.trim_matches('/');
    if let Some(c) = trimmed
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '/')))
    {
        return Err(format!(
            "a path may only have letters, digits, `-`, `_` and `/`, not `{}`",
            c.escape_debug()
        ));
    }
    if trimmed.split('/').any(str::is_empty) && !trimmed.is_empty() {
        return Err("a path may not have empty segments (`//`)".into());
    }
    Ok(())
}

/// Checks `base_url`: an absolute `https://` or `http://` address without query or fragment
/// (empty for none). A path alone (`/network`) is refused: the sitemap, robots.txt and the feeds
/// need the host, and a crawler reads a relative address in them as nothing.
pub(crate) fn check_base_url(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    if value.starts_with('/') {
        return Err("it is a path, not an absolute address starting with `https://`".into());
    }
    let url = web_address(value)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err("it may not have a `?query` or `#fragment`".into());
    }
    Ok(())
}

fn web_address(value: &str) -> Result<Url, String> {
    if let Some(c) = value.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(if c == ' ' {
            "it contains a space".to_string()
        } else {
            format!(
                "it contains a space or control character (`{}`)",
                c.escape_unicode()
            )
        });
    }
    if value.contains('\\') {
        return Err("it contains a backslash".into());
    }
    let url = match Url::parse(value) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return Err("it is not an absolute address starting with `https://`".into())
        }
        Err(error) => return Err(format!("it is not a valid address ({error})")),
    };
    if !matches!(url.scheme(), "https" | "http") {
        return Err(format!(
            "its scheme is `{}:`; only `https:` and `http:` are allowed",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it names no host".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("it carries a user name or password".into());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_addresses_are_known_as_browsers_read_them() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            " \u{1}javascript:x",
            "java\tscr\nipt:x",
            "vbscript:x",
            "data:text/html,x",
        ] {
            assert!(is_script_url(url), "{url:?}");
        }
        for url in [
            "https://e.org/javascript:x",
            "/javascript:x",
            "java\u{a0}script:x",
            "java script:x",
            "javascript",
            "#javascript:x",
        ] {
            assert!(!is_script_url(url), "{url:?}");
        }
    }

    #[test]
    fn only_web_addresses_are_accepted() {
        for good in [
            "https://www.bbc.com/weather",
            "http://example.org",
            "HTTPS://Example.org/a?b=c#d",
        ] {
            assert_eq!(check_web_address(good), Ok(()), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{0}javascript:alert(1)",
            "jav\u{7f}ascript:x",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "//evil.example/",
            "/exit",
            "www.example.org",
            "https://",
            "https://user:pw@example.org/",
            "https:\\\\evil.example",
            "",
        ] {
            assert!(check_web_address(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn phone_numbers_become_tel_links_and_nothing_else() {
        assert_eq!(tel_url("116 111").unwrap(), "tel:116111");
        assert_eq!(tel_url(" +46 8-123 45 ").unwrap(), "tel:+46812345");
        for bad in [
            "",
            " - ",
            "javascript:alert(1)",
            "112\"><b>",
            "1+1",
            "１１２",
        ] {
            assert!(tel_url(bad).is_err(), "{bad}");
        }
        assert!(check_site_path("help/safety").is_ok());
        for bad in ["../x", "a//b", "a b", "a\"b"] {
            assert!(check_site_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn base_url_is_an_absolute_web_address() {
        for good in [
            "",
            "https://example.org/network",
            "http://127.0.0.1:8000/",
            "https://example.org/réseau/2024",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/a\"onmouseover=x",
            "/a b",
            "javascript:alert(1)",
            "https://example.org/?q=1",
            "example.org",
            "/",
            "/network",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad:?}");
        }
    }
}
