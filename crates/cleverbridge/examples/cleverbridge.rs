//! The Cleverbridge SDK end to end: a token by client credentials, queries, the public `cart`
//! query, a typed error, a mutation (when allowed) and a burst of requests paced by the
//! client's limits, with the limiter's counts.
//!
//! ```sh
//! CLEVERBRIDGE_CLIENT_ID=... CLEVERBRIDGE_CLIENT_SECRET=... cargo run -p cleverbridge --example cleverbridge
//! ```
//!
//! Environment (only the credentials are required):
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `CLEVERBRIDGE_CLIENT_ID`, `CLEVERBRIDGE_CLIENT_SECRET` | a technical user's client credentials | — |
//! | `CLEVERBRIDGE_TOKEN` | instead of the credentials: a token obtained elsewhere | — |
//! | `CLEVERBRIDGE_BASIC_AUTH` | `1`: send the credentials in a Basic header | form body |
//! | `CLEVERBRIDGE_ENDPOINT`, `CLEVERBRIDGE_TOKEN_URL` | other URLs (a test server) | Cleverbridge's |
//! | `CLEVERBRIDGE_SUBSCRIPTION_ID`, `CLEVERBRIDGE_PRODUCT_ID`, `CLEVERBRIDGE_CART_CLIENT_ID` | what to look up | the documentation's examples |
//! | `CLEVERBRIDGE_RATE` | the client's rate, requests per second | 150 |
//! | `CLEVERBRIDGE_BURST` | how many `ProductById` requests the burst sends at once | 20 |
//! | `CLEVERBRIDGE_ALLOW_WRITES` | `1`: run the `CreateCustomer` mutation (it creates a customer!) | skipped |
//!
//! `cargo xtask demo` runs it against local servers. Exit status: 0 when every step worked,
//! 1 when one failed, 2 when the environment is incomplete.

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cleverbridge::gqlforge::auth::CredentialPlacement;
use cleverbridge::gqlforge::limit::{BoxFuture, Permit};
use cleverbridge::gqlforge::{Error, LimitError, Limiter, Limits, Nullable, Rate};
use cleverbridge::*;

type Failure = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> ExitCode {
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match run(settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// What the environment asks for.
struct Settings {
    endpoint: String,
    token_url: String,
    auth: Auth,
    basic_auth: bool,
    subscription_id: i32,
    product_id: i32,
    cart_client_id: i32,
    rate: u32,
    burst: i32,
    allow_writes: bool,
}

enum Auth {
    ClientCredentials { id: String, secret: String },
    Token(String),
}

impl Settings {
    fn from_env() -> Result<Settings, String> {
        let auth = match (
            var("CLEVERBRIDGE_CLIENT_ID"),
            var("CLEVERBRIDGE_CLIENT_SECRET"),
            var("CLEVERBRIDGE_TOKEN"),
        ) {
            (Some(id), Some(secret), _) => Auth::ClientCredentials { id, secret },
            (None, None, Some(token)) => Auth::Token(token),
            (Some(_), None, _) => return Err("CLEVERBRIDGE_CLIENT_SECRET is not set (CLEVERBRIDGE_CLIENT_ID is)\n  hint: set both to a technical user's client credentials".into()),
            (None, Some(_), _) => return Err("CLEVERBRIDGE_CLIENT_ID is not set (CLEVERBRIDGE_CLIENT_SECRET is)\n  hint: set both to a technical user's client credentials".into()),
            (None, None, None) => return Err("no credentials: CLEVERBRIDGE_CLIENT_ID and CLEVERBRIDGE_CLIENT_SECRET are not set\n  hint: set them to a technical user's client credentials, or set CLEVERBRIDGE_TOKEN to a token obtained elsewhere; `cargo xtask demo` runs this example against local servers".into()),
        };
        Ok(Settings {
            endpoint: var("CLEVERBRIDGE_ENDPOINT").unwrap_or_else(|| ENDPOINT.into()),
            token_url: var("CLEVERBRIDGE_TOKEN_URL").unwrap_or_else(|| TOKEN_URL.into()),
            auth,
            basic_auth: flag("CLEVERBRIDGE_BASIC_AUTH")?,
            subscription_id: number("CLEVERBRIDGE_SUBSCRIPTION_ID", 23431030)?,
            product_id: number("CLEVERBRIDGE_PRODUCT_ID", 72708)?,
            cart_client_id: number("CLEVERBRIDGE_CART_CLIENT_ID", 635)?,
            rate: number("CLEVERBRIDGE_RATE", RATE.count())?,
            burst: number("CLEVERBRIDGE_BURST", 20)?,
            allow_writes: flag("CLEVERBRIDGE_ALLOW_WRITES")?,
        })
    }
}

/// A variable's value; unset and empty are the same.
fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn number<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    match var(name) {
        None => Ok(default),
        Some(text) => text
            .parse()
            .map_err(|_| format!("{name} is {text:?}, not a number of the right size")),
    }
}

fn flag(name: &str) -> Result<bool, String> {
    match var(name).as_deref() {
        None | Some("0") => Ok(false),
        Some("1") => Ok(true),
        Some(other) => Err(format!("{name} is {other:?}: use 1 or 0")),
    }
}

async fn run(settings: Settings) -> Result<(), Failure> {
    let counts = Arc::new(LimiterCounts::default());
    let limits = Limits::builder()
        .rate(Rate::per_second(settings.rate))
        .max_in_flight(MAX_IN_FLIGHT)
        .build()?;
    let mut builder = cleverbridge::builder()
        .endpoint(&settings.endpoint)
        .token_url(&settings.token_url)
        .limits(Counted {
            inner: limits,
            counts: Arc::clone(&counts),
        });
    builder = match &settings.auth {
        Auth::ClientCredentials { id, secret } => builder.client_credentials(id, secret.clone()),
        Auth::Token(token) => builder.bearer_token(token.clone()),
    };
    if settings.basic_auth {
        builder = builder.placement(CredentialPlacement::BasicAuth);
    }
    let client = builder.build()?;
    println!("Cleverbridge at {}", settings.endpoint);
    println!(
        "  client: {} requests/s, at most {MAX_IN_FLIGHT} in flight, tokens from {}",
        settings.rate, settings.token_url
    );

    // The first request fetches the token.
    let started = Instant::now();
    let data = client
        .execute::<SubscriptionParams>(subscription_params::Variables {
            id: settings.subscription_id,
        })
        .await?;
    println!(
        "\nSubscriptionParams (token fetched, then the query: {} ms)",
        started.elapsed().as_millis()
    );
    let parameters = data
        .subscription
        .and_then(|s| s.extra_parameters)
        .unwrap_or_default();
    for parameter in parameters.into_iter().flatten() {
        println!(
            "  {} = {}",
            or_dash(parameter.key),
            or_dash(parameter.value)
        );
    }

    let data = client
        .execute::<SubscriptionDetails>(subscription_details::Variables {
            id: settings.subscription_id,
            include_old_versions: Nullable::Absent,
            hide_inactive_items: Nullable::Absent,
        })
        .await?;
    if let Some(subscription) = data.subscription {
        println!("\nSubscriptionDetails");
        println!("  id            {}", subscription.id);
        println!(
            "  status        {}",
            or_dash(subscription.status.as_ref().map(|s| s.as_str()))
        );
        println!(
            "  renewal       {}",
            or_dash(subscription.renewal_type.as_ref().map(|r| r.as_str()))
        );
        println!(
            "  next renewal  {}",
            or_dash(subscription.next_renewal_date.map(|d| d.0))
        );
        let billing = subscription.customer.and_then(|c| c.billing_contact);
        println!(
            "  billed to     {}",
            or_dash(billing.as_ref().map(contact_line))
        );
        for item in subscription.items.unwrap_or_default().into_iter().flatten() {
            let product = item.product_information.and_then(|p| p.product_name);
            println!(
                "  item          {} x {}",
                or_dash(item.quantity),
                or_dash(product)
            );
        }
    }

    // `cart` is public: no token is sent.
    let data = client
        .execute_unauthenticated::<CartCountry>(cart_country::Variables {
            client_id: settings.cart_client_id,
            product_id: settings.product_id,
            remote_ip_address: Nullable::Absent,
        })
        .await?;
    let country = data.cart.and_then(|c| c.country).and_then(|c| c.iso_code);
    println!("\nCartCountry (no token): country {}", or_dash(country));

    // A typed error: an invalid id is a 402, never retried.
    match client
        .execute::<PurchaseById>(purchase_by_id::Variables { id: -1 })
        .await
    {
        Err(Error::InvalidParameters(response)) => {
            let message = response.errors.first().map(|e| e.message.as_str());
            println!(
                "\nPurchaseById(-1) -> Error::InvalidParameters ({}): {}",
                response.status,
                or_dash(message)
            );
        }
        Ok(_) => return Err("PurchaseById(-1) succeeded; expected a 402".into()),
        Err(other) => return Err(format!("PurchaseById(-1): expected a 402, got {other}").into()),
    }

    if settings.allow_writes {
        let data = client
            .execute::<CreateCustomer>(create_customer::Variables {
                input: CreateCustomerInput {
                    client_reference_id: "gqlforge-demo".to_string().into(),
                    billing_contact: CreateContactInput {
                        first_name: "Ada".to_string().into(),
                        last_name: "Lovelace".to_string().into(),
                        email: "ada@example.com".to_string().into(),
                        country_iso_code: "GB".to_string().into(),
                        ..CreateContactInput::default()
                    }
                    .into(),
                    currency_id: CurrencyEnum::Eur.into(),
                    ..CreateCustomerInput::default()
                },
            })
            .await?;
        let created = data.create_customer.and_then(|p| p.created_customer);
        println!(
            "\nCreateCustomer (mutation): customer {}, reference {}",
            or_dash(created.as_ref().and_then(|c| c.id)),
            or_dash(created.and_then(|c| c.client_reference_id))
        );
    } else {
        println!("\nCreateCustomer (mutation): skipped; set CLEVERBRIDGE_ALLOW_WRITES=1 to run it");
    }

    burst(&client, &settings, &counts).await
}

/// `settings.burst` `ProductById` requests at once: the limiter paces them, and a `429` from
/// the server pauses all of them for its `Retry-After`.
async fn burst(
    client: &cleverbridge::gqlforge::Client,
    settings: &Settings,
    counts: &LimiterCounts,
) -> Result<(), Failure> {
    let before = counts.snapshot();
    counts.longest_wait_micros.store(0, Ordering::Relaxed);
    let started = Instant::now();
    let calls: Vec<_> = (0..settings.burst)
        .map(|i| {
            let client = client.clone();
            let id = settings.product_id + i;
            tokio::spawn(async move {
                client
                    .execute::<ProductById>(product_by_id::Variables { id })
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    let mut failures = Vec::new();
    for call in calls {
        match call.await? {
            Ok(data) if data.product.is_some() => ok += 1,
            Ok(_) => failures.push("no product".to_string()),
            Err(error) => failures.push(error.to_string()),
        }
    }
    let elapsed = started.elapsed();
    let after = counts.snapshot();
    println!(
        "\nBurst: {} ProductById requests at once: {ok} ok in {:.1} s",
        settings.burst,
        elapsed.as_secs_f64()
    );
    println!("Limiter counts (this burst):");
    println!(
        "  permits granted     {} ({} requests + {} sent again)",
        after.granted - before.granted,
        settings.burst,
        (after.granted - before.granted).saturating_sub(settings.burst.unsigned_abs().into())
    );
    println!(
        "  429 cool-downs      {} (each paused every caller for the server's Retry-After)",
        after.cool_downs - before.cool_downs
    );
    let longest = counts.longest_wait_micros.load(Ordering::Relaxed);
    println!(
        "  longest wait        {:.2} s for one permit (pacing and cool-downs)",
        Duration::from_micros(longest).as_secs_f64()
    );
    println!(
        "Limiter counts (whole run): {} permits granted",
        after.granted
    );
    if let Some(first) = failures.first() {
        return Err(format!(
            "{} of {} burst requests failed, the first: {first}",
            failures.len(),
            settings.burst
        )
        .into());
    }
    Ok(())
}

/// A value, or `-` when the API sent none.
/// A contact as one line. `ContactFields` is the shared fragment: a purchase's, a customer's
/// and a subscription's contacts are all of this type.
fn contact_line(contact: &ContactFields) -> String {
    let name: Vec<&str> = [&contact.first_name, &contact.last_name]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    match &contact.email {
        Some(email) => format!("{} <{email}>", name.join(" ")),
        None => name.join(" "),
    }
}

fn or_dash<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// What the limiter did, counted by [`Counted`].
#[derive(Default)]
struct LimiterCounts {
    granted: AtomicU64,
    cool_downs: AtomicU64,
    /// The longest a caller waited for a permit.
    longest_wait_micros: AtomicU64,
}

#[derive(Clone, Copy)]
struct Snapshot {
    granted: u64,
    cool_downs: u64,
}

impl LimiterCounts {
    fn snapshot(&self) -> Snapshot {
        Snapshot {
            granted: self.granted.load(Ordering::Relaxed),
            cool_downs: self.cool_downs.load(Ordering::Relaxed),
        }
    }
}

/// A [`Limiter`] that counts what the one it wraps does.
struct Counted {
    inner: Limits,
    counts: Arc<LimiterCounts>,
}

impl Limiter for Counted {
    fn acquire<'a>(&'a self, operation: &'a str) -> BoxFuture<'a, Result<Permit, LimitError>> {
        Box::pin(async move {
            let started = Instant::now();
            let permit = self.inner.acquire(operation).await?;
            let waited = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
            self.counts.granted.fetch_add(1, Ordering::Relaxed);
            self.counts
                .longest_wait_micros
                .fetch_max(waited, Ordering::Relaxed);
            Ok(permit)
        })
    }

    fn cool_down(&self, retry_after: Duration) -> BoxFuture<'_, ()> {
        self.counts.cool_downs.fetch_add(1, Ordering::Relaxed);
        Limiter::cool_down(&self.inner, retry_after)
    }

    fn cool_down_remaining(&self) -> BoxFuture<'_, Option<Duration>> {
        Limiter::cool_down_remaining(&self.inner)
    }
}
