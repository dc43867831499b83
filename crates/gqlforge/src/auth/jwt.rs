//! The expiry of a JWT access token: its payload's `exp` claim, read without checking the
//! signature (the client only needs to know when to renew; the API checks the token).

use std::time::{Duration, SystemTime};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// How long `token` is still valid at `now`, from the `exp` claim (seconds since the Unix
/// epoch) of its payload; `None` when it is not a JWT with a numeric `exp`. An expired token
/// gives zero.
pub(crate) fn expires_in(token: &str, now: SystemTime) -> Option<Duration> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    // base64url without padding (RFC 7515); tolerate padding some issuers add.
    let payload = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&payload).ok()?;
    let exp = claims.get("exp")?.as_f64()?;
    if !exp.is_finite() {
        return None;
    }
    let now = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?
        .as_secs_f64();
    let left = exp - now;
    // Far-future values would overflow a Duration; a century is as good as forever here.
    Some(Duration::from_secs_f64(left.clamp(0.0, 3.2e9)))
}

#[cfg(test)]
pub(crate) fn encode_for_test(claims: &serde_json::Value) -> String {
    format!(
        "{}.{}.c2lnbmF0dXJl",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn exp_gives_the_time_left() {
        let token = encode_for_test(&json!({"sub": "me", "exp": 1_700_003_600}));
        assert_eq!(
            expires_in(&token, at(1_700_000_000)),
            Some(Duration::from_secs(3600))
        );
        // Past expiry: zero, not None (the token is known to be dead).
        assert_eq!(expires_in(&token, at(1_700_009_999)), Some(Duration::ZERO));
    }

    #[test]
    fn payload_bytes_that_need_base64url_characters_decode() {
        // "?>" and "~~" encode to '-' and '_' in base64url ('+' and '/' in standard base64).
        let token = encode_for_test(&json!({"n": "?>~~?", "exp": 1_000_000_100}));
        let payload = token.split('.').nth(1).unwrap();
        assert!(payload.contains('-') || payload.contains('_'), "{payload}");
        assert_eq!(
            expires_in(&token, at(1_000_000_000)),
            Some(Duration::from_secs(100))
        );
        let parts: Vec<&str> = token.split('.').collect();
        let padded = format!("{}.{}==.{}", parts[0], parts[1], parts[2]);
        assert_eq!(
            expires_in(&padded, at(1_000_000_000)),
            Some(Duration::from_secs(100))
        );
    }

    #[test]
    fn not_a_jwt_or_no_numeric_exp_is_none() {
        let now = at(1_000);
        assert_eq!(expires_in("opaque-token", now), None);
        assert_eq!(expires_in("a.b", now), None);
        assert_eq!(expires_in("a.b.c.d", now), None);
        assert_eq!(expires_in("a.!!!.c", now), None);
        assert_eq!(
            expires_in(&encode_for_test(&json!({"exp": "2000"})), now),
            None
        );
        assert_eq!(expires_in(&encode_for_test(&json!({"sub": 1})), now), None);
        assert_eq!(expires_in(&encode_for_test(&json!([1, 2])), now), None);
    }
}
