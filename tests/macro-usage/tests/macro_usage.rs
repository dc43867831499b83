//! `gql!` emits what `cargo xtask codegen` emits for the same operation: the same query sent,
//! the same `Operation` constants, variables that serialize alike and response types that
//! read the same JSON alike. The xtask's output for the same operations is compiled here
//! beside the macro's.

use gqlforge::{Nullable, Operation};
use gqlforge_macro_usage::{cleverbridge, countries, redflagalert};
use serde_json::json;

#[allow(dead_code, clippy::all)]
mod xtask_cleverbridge {
    include!("../../../crates/cleverbridge/src/generated.rs");
}
#[allow(dead_code, clippy::all)]
mod xtask_countries {
    include!("../../generated/countries.rs");
}
#[allow(dead_code, clippy::all)]
mod xtask_redflagalert {
    include!("../../../crates/redflagalert/src/generated.rs");
}

/// The constants of two implementations of one operation are equal.
fn same_operation<A: Operation, B: Operation>() {
    assert_eq!(A::NAME, B::NAME);
    assert_eq!(A::OPERATION_NAME, B::OPERATION_NAME);
    assert_eq!(A::KIND, B::KIND);
    assert_eq!(A::QUERY, B::QUERY, "the query sent by {}", A::NAME);
}

#[test]
fn the_query_sent_is_the_xtasks() {
    same_operation::<cleverbridge::SubscriptionParams, xtask_cleverbridge::SubscriptionParams>();
    same_operation::<cleverbridge::CreateCustomer, xtask_cleverbridge::CreateCustomer>();
    same_operation::<cleverbridge::PurchaseById, xtask_cleverbridge::PurchaseById>();
    same_operation::<redflagalert::Auditors, xtask_redflagalert::Auditors>();
    same_operation::<countries::ListFilteredCountries, xtask_countries::ListFilteredCountries>();
    assert_eq!(
        cleverbridge::CreateCustomerAgain::QUERY,
        "mutation CreateCustomerAgain($input: CreateCustomerInput!) {\n  createCustomer(input: $input) {\n    createdCustomer {\n      id\n    }\n  }\n}"
    );
}

#[test]
fn variables_serialize_alike() {
    let ours =
        cleverbridge::SubscriptionParams::request(cleverbridge::subscription_params::Variables {
            id: 23431030,
        });
    let theirs = xtask_cleverbridge::SubscriptionParams::request(
        xtask_cleverbridge::subscription_params::Variables { id: 23431030 },
    );
    assert_eq!(
        serde_json::to_value(&ours).expect("serializes"),
        serde_json::to_value(&theirs).expect("serializes"),
    );
    assert_eq!(
        serde_json::to_value(&ours).expect("serializes")["variables"],
        json!({"id": 23431030})
    );

    // Input objects: absent fields are left out, explicit nulls are sent.
    let input = cleverbridge::__gqlforge_create_customer::CreateCustomerInput {
        client_id: Nullable::Value(635),
        client_reference_id: Nullable::Null,
        ..Default::default()
    };
    let ours = serde_json::to_value(cleverbridge::create_customer::Variables { input })
        .expect("serializes");
    assert_eq!(
        ours,
        json!({"input": {"clientId": 635, "clientReferenceId": null}})
    );
    let theirs = serde_json::to_value(xtask_cleverbridge::create_customer::Variables {
        input: xtask_cleverbridge::CreateCustomerInput {
            client_id: Nullable::Value(635),
            client_reference_id: Nullable::Null,
            ..Default::default()
        },
    })
    .expect("serializes");
    assert_eq!(ours, theirs);

    // Defaults in the operation: left out unless given.
    let auditors = redflagalert::auditors::Variables {
        take: Nullable::Value(25),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(auditors).expect("serializes"),
        json!({"take": 25})
    );
}

#[test]
fn responses_read_alike() {
    let contact = json!({
        "id": 7, "company": null, "firstName": "Ada", "lastName": "Lovelace",
        "email": "ada@example.com", "addressLine1": "1 Way", "addressLine2": null,
        "postalCode": "12345", "city": "London", "country": {"isoCode": "GB"}, "state": null
    });
    let pricing = json!({"netPrice": "10.00", "vatAmount": "2.00", "vatPercentage": "20", "grossPrice": "12.00",
        "currency": {"isoCode": "GBP"}});
    let data = json!({
        "purchase": {
            "id": 1, "status": "PAID", "orderDate": "2022-05-21T10:00:00Z",
            "billingContact": contact, "deliveryContact": null,
            "customer": {"id": 3, "clientReferenceId": "c-3"},
            "customerCountry": {"isoCode": "GB", "name": "United Kingdom"},
            "customerCurrency": {"isoCode": "GBP"},
            "customerPricing": pricing,
            "items": [{
                "runningNumber": 1, "quantity": 2, "subscriptionId": 9,
                "productInformation": {"productId": 72708, "productName": "Tool"},
                "customerPricing": pricing
            }],
            "extraParameters": [{"key": "k", "value": "v"}],
            "errors": []
        }
    });
    let ours: cleverbridge::purchase_by_id::Data =
        serde_json::from_value(data.clone()).expect("the macro's types read the response");
    let theirs: xtask_cleverbridge::purchase_by_id::Data =
        serde_json::from_value(data.clone()).expect("the xtask's types read the response");
    assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    let purchase = ours.purchase.expect("a purchase");
    let billing = purchase.billing_contact.expect("a billing contact");
    assert_eq!(billing.first_name.as_deref(), Some("Ada"));
    assert_eq!(
        purchase.status,
        Some(cleverbridge::__gqlforge_purchase_by_id::PurchaseStatus::Paid)
    );
}

#[test]
fn extra_derives_apply() {
    // `Eq` brings `PartialEq`; `Serialize` writes back the JSON read.
    fn is_eq<T: Eq>() {}
    is_eq::<countries::list_filtered_countries::Data>();
    let data = json!({"countries": [{"name": "Andorra", "code": "AD"}]});
    let read: countries::list_filtered_countries::Data =
        serde_json::from_value(data.clone()).expect("reads");
    assert_eq!(serde_json::to_value(&read).expect("writes"), data);
}
