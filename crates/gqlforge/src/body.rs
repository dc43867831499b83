//! Reading a response body within a size limit, once, into one buffer.

/// The default of [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes):
/// 64 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a body could not be read.
pub(crate) enum BodyError {
    /// Longer than the limit: by its `Content-Length` (`declared`), or counted while reading
    /// (a server that sends more than it declared cannot: HTTP/1.1 framing stops at the
    /// length; a chunked body has no declared length).
    TooLarge {
        limit: u64,
        declared: Option<u64>,
    },
    Transport(reqwest::Error),
}

/// The body of `response`, at most `limit` bytes, in one `Vec` holding it once.
///
/// A `Content-Length` over the limit is refused before anything is read; otherwise the body
/// is counted as it arrives and refused as soon as it passes the limit. Either way the
/// response is dropped unread, which closes its connection (it cannot be reused with a body
/// left in it). With a `Content-Length` the buffer is allocated once at that size; without
/// one, the chunks are kept as they came and joined once at the end (at most twice the body
/// for that moment, never the doubling growth of a `Vec`).
///
/// Cancellation-safe: everything read lives in this future, so dropping it at any await
/// drops the response (closing the connection) and what was read, and leaves nothing behind.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, BodyError> {
    let declared = response.content_length();
    if let Some(length) = declared {
        if length > limit {
            return Err(BodyError::TooLarge { limit, declared });
        }
    }
    let capacity = declared.and_then(|length| usize::try_from(length).ok());
    let mut body = Vec::with_capacity(capacity.unwrap_or(0));
    let mut chunks = Vec::new();
    let mut received: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        received = received.saturating_add(chunk.len() as u64);
        if received > limit {
            return Err(BodyError::TooLarge { limit, declared });
        }
        if capacity.is_some() {
            body.extend_from_slice(&chunk);
        } else {
            chunks.push(chunk);
        }
    }
    if capacity.is_none() {
        body.reserve_exact(chunks.iter().map(|c| c.len()).sum());
        for chunk in chunks {
            body.extend_from_slice(&chunk);
        }
    }
    Ok(body)
}
