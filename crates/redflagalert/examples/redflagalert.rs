//! The Red Flag Alert SDK end to end: sign in (`signIn` with `useManagementflow: true`), the
//! account's balance and report limits, and auditors page by page (offset paging).
//!
//! ```sh
//! REDFLAGALERT_USER=... REDFLAGALERT_PASSWORD=... cargo run -p redflagalert --example redflagalert
//! ```
//!
//! Environment (only the credentials are required):
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `REDFLAGALERT_USER`, `REDFLAGALERT_PASSWORD` | the account's user name and password | — |
//! | `REDFLAGALERT_TOKEN` | instead of them: an access token obtained elsewhere | — |
//! | `REDFLAGALERT_ENDPOINT` | another URL (a test server) | Red Flag Alert's |
//! | `REDFLAGALERT_AUDITOR_PAGES` | how many pages of auditors to read | 2 |
//! | `REDFLAGALERT_PAGE_SIZE` | auditors per page | 10 |
//!
//! Exit status: 0 when every step worked, 1 when one failed, 2 when the environment is
//! incomplete.

use std::process::ExitCode;

use redflagalert::gqlforge::Nullable;
use redflagalert::*;

#[tokio::main]
async fn main() -> ExitCode {
    let builder = match builder_from_env() {
        Ok(builder) => builder,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let (pages, page_size) = match (
        number("REDFLAGALERT_AUDITOR_PAGES", 2),
        number("REDFLAGALERT_PAGE_SIZE", 10),
    ) {
        (Ok(pages), Ok(page_size)) => (pages, page_size),
        (Err(message), _) | (_, Err(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match run(builder, pages, page_size).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn number(name: &str, default: i32) -> Result<i32, String> {
    match var(name) {
        None => Ok(default),
        Some(text) => text
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{name} is {text:?}, not a positive number")),
    }
}

fn builder_from_env() -> Result<ClientBuilder, String> {
    let builder = redflagalert::builder();
    let builder = match var("REDFLAGALERT_ENDPOINT") {
        Some(endpoint) => builder.endpoint(endpoint),
        None => builder,
    };
    match (
        var("REDFLAGALERT_USER"),
        var("REDFLAGALERT_PASSWORD"),
        var("REDFLAGALERT_TOKEN"),
    ) {
        (Some(user), Some(password), _) => Ok(builder.sign_in(user, password)),
        (None, None, Some(token)) => Ok(builder.bearer_token(token)),
        (Some(_), None, _) => Err("REDFLAGALERT_PASSWORD is not set (REDFLAGALERT_USER is)".into()),
        (None, Some(_), _) => Err("REDFLAGALERT_USER is not set (REDFLAGALERT_PASSWORD is)".into()),
        (None, None, None) => Err("no credentials: REDFLAGALERT_USER and REDFLAGALERT_PASSWORD are not set\n  hint: set them to the account's user name and password, or set REDFLAGALERT_TOKEN to an access token obtained elsewhere".into()),
    }
}

async fn run(
    builder: ClientBuilder,
    pages: i32,
    page_size: i32,
) -> Result<(), Box<dyn std::error::Error>> {
    let client = builder.build()?;
    println!("Red Flag Alert at {}", client.endpoint());

    // The first request signs in.
    let data = client
        .execute::<AccountOverview>(account_overview::Variables {})
        .await?;
    if let Some(account) = data.account {
        println!("\nAccount: {} credits left", account.credit_balance);
    }
    for limit in data.limits.unwrap_or_default() {
        println!("  report limit {}: {}", limit.billing_region, limit.limit);
    }

    println!("\nAuditors, {page_size} per page");
    for page in 0..pages {
        let data = client
            .execute::<Auditors>(auditors::Variables {
                skip: (page * page_size).into(),
                take: page_size.into(),
                r#where: Nullable::Absent,
                order: vec![AuditorSortInput {
                    name: SortEnumType::Asc.into(),
                    id: Nullable::Absent,
                }]
                .into(),
            })
            .await?;
        let Some(page_data) = data.auditors else {
            break;
        };
        println!(
            "  page {} of {} auditors in all:",
            page + 1,
            page_data.total_count
        );
        for auditor in page_data.items.unwrap_or_default() {
            println!("    {:>6}  {}", auditor.id, auditor.name);
        }
        if !page_data.page_info.has_next_page {
            break;
        }
    }
    Ok(())
}
