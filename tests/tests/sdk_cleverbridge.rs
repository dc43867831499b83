//! The `cleverbridge` SDK end to end: its client, built by `cleverbridge::builder()`, gets
//! tokens from a real OpenID provider (`tests/servers/oidc-provider.mjs`) and runs every
//! operation against `tests/servers/api-server.mjs` serving `schema/cleverbridge/schema.graphql`,
//! which checks each token by the provider's introspection and answers as Cleverbridge does:
//! `401` without a valid token (except `cart`), `402` for an invalid parameter, `404` for an
//! unknown id, `429` with `Retry-After` over its per-second budget.
//!
//! Needs Node.js and `npm ci` in `tests/servers` (`cargo xtask test` does it).

use std::time::Duration;

use cleverbridge::gqlforge::auth::CredentialPlacement;
use cleverbridge::gqlforge::{Client, Error, Nullable, Rate, RetryPolicy};
use cleverbridge::*;
use gqlforge_tests::api_server::{ApiServer, Budget, UNKNOWN_ID_FROM};
use gqlforge_tests::oidc::{OidcClient, OidcProvider, BASIC_CLIENT, POST_CLIENT};

struct Servers {
    provider: OidcProvider,
    api: ApiServer,
}

fn start(budget: Budget) -> Servers {
    let provider = OidcProvider::start().unwrap_or_else(|e| panic!("{e}"));
    let api = ApiServer::cleverbridge(&provider, budget).unwrap_or_else(|e| panic!("{e}"));
    Servers { provider, api }
}

impl Servers {
    /// The SDK's builder pointed at the local servers, with `client`'s credentials.
    fn builder(&self, client: OidcClient) -> cleverbridge::ClientBuilder {
        let placement = match client.auth_method {
            "client_secret_basic" => CredentialPlacement::BasicAuth,
            _ => CredentialPlacement::Body,
        };
        cleverbridge::builder()
            .endpoint(self.api.url())
            .token_url(self.provider.token_url())
            .client_credentials(client.id, client.secret)
            .placement(placement)
    }

    fn client(&self, client: OidcClient) -> Client {
        self.builder(client).build().unwrap()
    }

    /// Both servers' stderr, for a failure message.
    fn logs(&self) -> String {
        format!(
            "api-server stderr:\n{}\noidc-provider stderr:\n{}",
            self.api.stderr(),
            self.provider.stderr()
        )
    }
}

fn contact(email: &str) -> CreateContactInput {
    CreateContactInput {
        first_name: "Ada".to_string().into(),
        last_name: "Lovelace".to_string().into(),
        email: email.to_string().into(),
        country_iso_code: "GB".to_string().into(),
        ..CreateContactInput::default()
    }
}

/// A contact as one line: takes the contact of any operation that spreads `ContactFields`.
fn contact_line(contact: &ContactFields) -> String {
    let name = [&contact.first_name, &contact.last_name]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{name} <{}> ({:?})",
        contact.email.as_deref().unwrap_or("-"),
        contact.id
    )
}

fn cart_input() -> CartInput {
    CartInput {
        client_id: 635,
        cart_items: vec![CartItemInput {
            product_id: 72708,
            quantity: 2.into(),
        }],
        remote_ip_address: "203.0.113.7".to_string().into(),
        currency_id: Nullable::Absent,
    }
}

#[tokio::test]
async fn every_operation_runs_through_the_sdk_client() {
    let servers = start(Budget::CLEVERBRIDGE);
    let client = servers.client(POST_CLIENT);
    let fail = |e: Error| -> ! { panic!("{e}\n{}", servers.logs()) };

    // Queries: the ids asked for come back.
    let data = client
        .execute::<SubscriptionParams>(subscription_params::Variables { id: 23431030 })
        .await
        .unwrap_or_else(|e| fail(e));
    assert!(data.subscription.is_some());
    let data = client
        .execute::<SubscriptionDetails>(subscription_details::Variables {
            id: 23431030,
            include_old_versions: Nullable::Absent,
            hide_inactive_items: true.into(),
        })
        .await
        .unwrap_or_else(|e| fail(e));
    let subscription = data.subscription.unwrap();
    assert_eq!(subscription.id, 23431030);
    // A subscription's, a customer's and a purchase's contacts are one type, `ContactFields`
    // (the shared fragment): one function takes each of them.
    let mut contacts: Vec<ContactFields> = Vec::new();
    contacts.extend(subscription.customer.and_then(|c| c.billing_contact));
    let data = client
        .execute::<CustomerSubscriptions>(customer_subscriptions::Variables { customer_id: 4711 })
        .await
        .unwrap_or_else(|e| fail(e));
    assert_eq!(data.customer.unwrap().id, Some(4711));
    let data = client
        .execute::<CustomerById>(customer_by_id::Variables {
            id: 4712,
            return_url: "https://shop.example.com/account".to_string().into(),
        })
        .await
        .unwrap_or_else(|e| fail(e));
    let customer = data.customer.unwrap();
    assert_eq!(customer.id, Some(4712));
    contacts.extend(customer.billing_contact);
    contacts.extend(customer.licensee_contact);
    let data = client
        .execute::<PurchaseById>(purchase_by_id::Variables { id: 81234567 })
        .await
        .unwrap_or_else(|e| fail(e));
    let purchase = data.purchase.unwrap();
    assert_eq!(purchase.id, 81234567);
    contacts.extend(purchase.billing_contact);
    contacts.extend(purchase.delivery_contact);
    for contact in &contacts {
        println!("contact: {}", contact_line(contact));
    }
    let data = client
        .execute::<ProductById>(product_by_id::Variables { id: 72708 })
        .await
        .unwrap_or_else(|e| fail(e));
    assert_eq!(data.product.unwrap().id, 72708);
    client
        .execute::<CustomerSearchByCreatedDate>(customer_search_by_created_date::Variables {
            client_id: 635.into(),
            from: DateTime("2022-05-01T00:00:00Z".into()),
            to: DateTime("2022-05-31T23:59:59Z".into()),
            email: Nullable::Absent,
            skip: 0.into(),
            take: 50.into(),
        })
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute::<PurchaseSearch>(purchase_search::Variables {
            input: PurchaseSearchInput {
                client_id: 635.into(),
                order_date: DateTimeFilterInput {
                    value: DateTime("2022-05-01T00:00:00Z".into()),
                    second_value: DateTime("2022-05-31T23:59:59Z".into()).into(),
                    relational_operator: RelationalOperator::Between.into(),
                }
                .into(),
                ..PurchaseSearchInput::default()
            },
            skip: Nullable::Absent,
            take: 20.into(),
        })
        .await
        .unwrap_or_else(|e| fail(e));

    // Mutations.
    client
        .execute::<CreateCustomer>(create_customer::Variables {
            input: CreateCustomerInput {
                client_id: 635.into(),
                client_reference_id: "crm-42".to_string().into(),
                billing_contact: contact("ada@example.com").into(),
                currency_id: CurrencyEnum::Eur.into(),
                ..CreateCustomerInput::default()
            },
        })
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute::<UpdateContact>(update_contact::Variables {
            input: UpdateContactInput {
                contact_id: 991,
                email: "ada@example.org".to_string().into(),
                // Cleared: an explicit null stays null.
                address_line2: Nullable::Null,
                company: Nullable::Absent,
                first_name: Nullable::Absent,
                last_name: Nullable::Absent,
                address_line1: Nullable::Absent,
                postal_code: Nullable::Absent,
                city: Nullable::Absent,
                country_iso_code: Nullable::Absent,
                state_iso_code: Nullable::Absent,
            },
        })
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute::<UpdateCustomerContacts>(update_customer_contacts::Variables {
            input: UpdateCustomerContactsInput {
                customer_id: 4711,
                billing_contact: contact("billing@example.com").into(),
                delivery_contact: Nullable::Absent,
                licensee_contact: Nullable::Absent,
            },
        })
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute::<UpdatePurchaseContacts>(update_purchase_contacts::Variables {
            input: UpdatePurchaseContactsInput {
                purchase_id: 81234567,
                billing_contact: Nullable::Absent,
                delivery_contact: Nullable::Absent,
                licensee_contact: contact("licensee@example.com").into(),
            },
        })
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute::<DeletePersonalCustomerData>(delete_personal_customer_data::Variables {
            purchase_id: 81234567,
        })
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute::<SetCreditCardData>(set_credit_card_data::Variables {
            input: SetCreditCardDataInput {
                customer_id: 4711,
                card_holder_name: "Ada Lovelace".into(),
                card_token: "tok_visa_4242".into(),
                expiration_month: 12,
                expiration_year: 2030,
            },
        })
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute::<CreateMvtCampaign>(create_mvt_campaign::Variables {
            client_id: 635,
            name: "Spring prices".into(),
            identifier: "spring-2026".into(),
            is_active: true,
        })
        .await
        .unwrap_or_else(|e| fail(e));

    // `cart` works without a token.
    client
        .execute_unauthenticated::<CartCountry>(cart_country::Variables {
            client_id: 635,
            product_id: 72708,
            remote_ip_address: "203.0.113.7".to_string().into(),
        })
        .await
        .unwrap_or_else(|e| fail(e));
    client
        .execute_unauthenticated::<CartPrice>(cart_price::Variables {
            cart_input: cart_input(),
        })
        .await
        .unwrap_or_else(|e| fail(e));

    // 17 operations answered 200, with one token: one request at the provider, one
    // introspection (cached by the API server).
    let counts = servers.api.counts().unwrap();
    assert_eq!(counts.status.len(), 1, "{counts:?}");
    assert_eq!(counts.status(200), 17);
    assert_eq!(counts.introspections, 1);
    assert_eq!(servers.provider.requests("POST /token").unwrap(), 1);
}

#[tokio::test]
async fn basic_auth_and_a_token_obtained_elsewhere_are_accepted() {
    let servers = start(Budget::CLEVERBRIDGE);
    let client = servers.client(BASIC_CLIENT);
    let data = client
        .execute::<SubscriptionDetails>(subscription_details::Variables {
            id: 5,
            include_old_versions: Nullable::Absent,
            hide_inactive_items: Nullable::Absent,
        })
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", servers.logs()));
    assert_eq!(data.subscription.unwrap().id, 5);

    // A token obtained elsewhere (here: straight from the provider) used as is.
    let token = token_from(&servers.provider, POST_CLIENT);
    let client = cleverbridge::builder()
        .endpoint(servers.api.url())
        .bearer_token(token)
        .build()
        .unwrap();
    let data = client
        .execute::<PurchaseById>(purchase_by_id::Variables { id: 6 })
        .await
        .unwrap();
    assert_eq!(data.purchase.unwrap().id, 6);
    assert_eq!(servers.api.counts().unwrap().status(200), 2);
}

/// A client-credentials token fetched without gqlforge.
fn token_from(provider: &OidcProvider, client: OidcClient) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    let text = agent
        .post(&provider.token_url())
        .send_form([
            ("grant_type", "client_credentials"),
            ("scope", "GQL"),
            ("client_id", client.id),
            ("client_secret", client.secret),
        ])
        .and_then(|mut r| r.body_mut().read_to_string())
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["access_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn statuses_become_typed_errors() {
    let servers = start(Budget::CLEVERBRIDGE);
    let anonymous = cleverbridge::builder()
        .endpoint(servers.api.url())
        .build()
        .unwrap();

    // No token: 401, except for `cart`.
    let error = anonymous
        .execute::<SubscriptionParams>(subscription_params::Variables { id: 1 })
        .await
        .unwrap_err();
    match &error {
        Error::Unauthorized(response) => {
            assert_eq!(response.status, 401);
            assert_eq!(
                response.errors[0].message,
                "Unauthorized: missing bearer token"
            );
        }
        other => panic!("{other:?}"),
    }
    let data = anonymous
        .execute_unauthenticated::<CartCountry>(cart_country::Variables {
            client_id: 635,
            product_id: 72708,
            remote_ip_address: Nullable::Absent,
        })
        .await
        .unwrap();
    assert!(data.cart.is_some());

    // A token the provider never issued: 401, not renewable.
    let forged = cleverbridge::builder()
        .endpoint(servers.api.url())
        .bearer_token("forged-token")
        .build()
        .unwrap();
    let error = forged
        .execute::<ProductById>(product_by_id::Variables { id: 1 })
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Unauthorized(r) if r.errors[0].message == "Unauthorized: invalid token"),
        "{error:?}"
    );

    let client = servers.client(POST_CLIENT);
    // An invalid parameter: 402.
    let error = client
        .execute::<PurchaseById>(purchase_by_id::Variables { id: -1 })
        .await
        .unwrap_err();
    match &error {
        Error::InvalidParameters(response) => {
            assert_eq!(response.status, 402);
            assert_eq!(response.errors[0].code(), Some("INVALID_PARAMETER"));
            assert_eq!(
                response.errors[0].message,
                "Invalid parameter: purchase.id is -1: an id is a positive number"
            );
        }
        other => panic!("{other:?}"),
    }
    // Through an input object too.
    let error = client
        .execute::<UpdateContact>(update_contact::Variables {
            input: UpdateContactInput {
                contact_id: 0,
                company: Nullable::Absent,
                first_name: Nullable::Absent,
                last_name: Nullable::Absent,
                email: Nullable::Absent,
                address_line1: Nullable::Absent,
                address_line2: Nullable::Absent,
                postal_code: Nullable::Absent,
                city: Nullable::Absent,
                country_iso_code: Nullable::Absent,
                state_iso_code: Nullable::Absent,
            },
        })
        .await
        .unwrap_err();
    assert!(matches!(&error, Error::InvalidParameters(_)), "{error:?}");

    // An unknown id: 404.
    let error = client
        .execute::<SubscriptionParams>(subscription_params::Variables {
            id: UNKNOWN_ID_FROM + 7,
        })
        .await
        .unwrap_err();
    match &error {
        Error::NotFound(response) => {
            assert_eq!(response.status, 404);
            assert_eq!(response.errors[0].code(), Some("NOT_FOUND"));
            assert_eq!(
                response.errors[0].message,
                "subscription.id: 100000007 does not exist"
            );
        }
        other => panic!("{other:?}"),
    }
    // Neither is retried: one request each.
    let counts = servers.api.counts().unwrap();
    assert_eq!(
        (
            counts.status(401),
            counts.status(402),
            counts.status(404),
            counts.status(200)
        ),
        (2, 2, 1, 1),
        "{counts:?}"
    );
}

#[tokio::test]
async fn an_expired_token_is_renewed_once() {
    let servers = start(Budget::CLEVERBRIDGE);
    let client = servers.client(POST_CLIENT);
    let vars = || product_by_id::Variables { id: 3 };
    client.execute::<ProductById>(vars()).await.unwrap();
    servers.api.expire_tokens().unwrap();
    let data = client
        .execute::<ProductById>(vars())
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", servers.logs()));
    assert_eq!(data.product.unwrap().id, 3);
    let counts = servers.api.counts().unwrap();
    assert_eq!((counts.status(200), counts.status(401)), (2, 1));
    assert_eq!(counts.introspections, 2);
    assert_eq!(servers.provider.requests("POST /token").unwrap(), 2);
}

#[tokio::test]
async fn a_429_is_waited_out_by_the_clients_cool_down() {
    // A budget of 5 requests per second, blocked 1 s over it; the client sends 12 at once at
    // the SDK's 150/s, so one second of the server's holds at least 6: a 429 for sure.
    let servers = start(Budget {
        per_second: 5,
        retry_after_secs: 1,
    });
    let client = servers.client(POST_CLIENT);
    let calls = (1..=12).map(|id| {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .execute::<ProductById>(product_by_id::Variables { id })
                .await
        })
    });
    let mut ids = Vec::new();
    for call in calls {
        let data = call
            .await
            .unwrap()
            .unwrap_or_else(|e| panic!("{e}\n{}", servers.logs()));
        ids.push(data.product.unwrap().id);
    }
    assert_eq!(ids, (1..=12).collect::<Vec<_>>());
    let counts = servers.api.counts().unwrap();
    assert_eq!(counts.status(200), 12);
    assert!(counts.status(429) >= 1, "{counts:?}");
}

#[tokio::test]
async fn a_429_not_retried_is_rate_limited_with_its_retry_after() {
    // A budget of 0: every request is over it.
    let servers = start(Budget {
        per_second: 0,
        retry_after_secs: 30,
    });
    let client = servers
        .builder(POST_CLIENT)
        .rate_limit(Rate::per_second(30), 1)
        .configure(|b| b.retry_policy(RetryPolicy::never()))
        .build()
        .unwrap();
    let error = client
        .execute::<ProductById>(product_by_id::Variables { id: 1 })
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(30)),
        "{error:?}"
    );
    assert_eq!(servers.api.counts().unwrap().status(429), 1);
}
