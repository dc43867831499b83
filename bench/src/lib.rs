//! What `benches/compare.rs` decodes with: the same two Cleverbridge operations typed by
//! gqlforge (the xtask's committed output), by hand (what a careful user writes without a
//! generator), and by graphql_client 0.16's derive; deterministic responses of any size; and
//! (`wire`) an in-process server for the client's figures.
#![forbid(unsafe_code)]

pub mod wire;

/// gqlforge: `cargo xtask codegen`'s output for the Cleverbridge operations.
#[allow(dead_code, clippy::all)]
pub mod ours {
    include!("../../crates/cleverbridge/src/generated.rs");
}

/// Plain serde structs, written by hand for the two operations.
pub mod handwritten {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CustomerSearchData {
        pub customer_search: Option<CustomerSearch>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CustomerSearch {
        pub total_count: i32,
        pub items: Option<Vec<Option<CustomerItem>>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CustomerItem {
        pub customer_id: i32,
        pub client_reference_id: Option<String>,
        pub email: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub company: Option<String>,
        pub created_date: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct PurchaseData {
        pub purchase: Option<Purchase>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Purchase {
        pub id: i32,
        pub status: Option<String>,
        pub order_date: Option<String>,
        pub billing_contact: Option<Contact>,
        pub delivery_contact: Option<Contact>,
        pub customer: Option<Customer>,
        pub customer_country: Option<Country>,
        pub customer_currency: Option<IsoCode>,
        pub customer_pricing: Option<Pricing>,
        pub items: Option<Vec<Option<Item>>>,
        pub extra_parameters: Option<Vec<Option<KeyValue>>>,
        pub errors: Option<Vec<Option<LogEntry>>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Contact {
        pub id: Option<i32>,
        pub company: Option<String>,
        pub first_name: Option<String>,
        pub last_name: Option<String>,
        pub email: Option<String>,
        pub address_line1: Option<String>,
        pub address_line2: Option<String>,
        pub postal_code: Option<String>,
        pub city: Option<String>,
        pub country: Option<IsoCode>,
        pub state: Option<IsoCode>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Customer {
        pub id: Option<i32>,
        pub client_reference_id: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Country {
        pub iso_code: Option<String>,
        pub name: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct IsoCode {
        pub iso_code: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Pricing {
        pub net_price: Option<String>,
        pub vat_amount: Option<String>,
        pub vat_percentage: Option<String>,
        pub gross_price: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Item {
        pub running_number: Option<i32>,
        pub quantity: Option<i32>,
        pub subscription_id: Option<i32>,
        pub product_information: Option<Product>,
        pub customer_pricing: Option<Pricing>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Product {
        pub product_id: Option<i32>,
        pub product_name: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct KeyValue {
        pub key: Option<String>,
        pub value: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    pub struct LogEntry {
        pub date: Option<String>,
        pub message: Option<String>,
    }
}

/// graphql_client 0.16's derive on the same operation files (its custom scalars are aliases
/// it expects in scope).
#[allow(clippy::all, dead_code)]
pub mod graphql_client_types {
    use graphql_client::GraphQLQuery;

    type DateTime = String;
    type Decimal = String;

    #[derive(GraphQLQuery)]
    #[graphql(
        schema_path = "../schema/cleverbridge/schema.graphql",
        query_path = "../schema/cleverbridge/operations/CustomerSearchByCreatedDate.graphql",
        response_derives = "Debug"
    )]
    pub struct CustomerSearchByCreatedDate;

    #[derive(GraphQLQuery)]
    #[graphql(
        schema_path = "../schema/cleverbridge/schema.graphql",
        query_path = "graphql/PurchaseById.graphql",
        response_derives = "Debug"
    )]
    pub struct PurchaseById;
}

/// A small deterministic generator (the responses must be the same in every run).
struct Numbers(u64);

impl Numbers {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn text(&mut self, prefix: &str) -> serde_json::Value {
        if self.next().is_multiple_of(8) {
            serde_json::Value::Null
        } else {
            serde_json::Value::String(format!("{prefix} {}", self.next() % 100_000))
        }
    }
}

/// `{"data": ...}` of `CustomerSearchByCreatedDate` with customers up to about `bytes`.
pub fn customer_search_response(bytes: usize) -> String {
    let mut n = Numbers(1);
    let mut items = Vec::new();
    let mut size = 0;
    while size < bytes {
        let item = serde_json::json!({
            "customerId": n.next() % 1_000_000,
            "clientReferenceId": n.text("ref"),
            "email": n.text("someone@example.com"),
            "firstName": n.text("Ada"),
            "lastName": n.text("Lovelace"),
            "company": n.text("Analytical Engines Ltd"),
            "createdDate": "2022-05-21T10:00:00Z",
        });
        size += item.to_string().len() + 1;
        items.push(item);
    }
    let total = items.len();
    serde_json::json!({"data": {"customerSearch": {"totalCount": total, "items": items}}})
        .to_string()
}

/// `{"data": ...}` of `PurchaseById` with items up to about `bytes` (fragments in each).
pub fn purchase_response(bytes: usize) -> String {
    let mut n = Numbers(2);
    let pricing = |n: &mut Numbers| {
        serde_json::json!({
            "netPrice": format!("{}.00", n.next() % 1000),
            "vatAmount": "2.00",
            "vatPercentage": "19",
            "grossPrice": format!("{}.00", n.next() % 1200),
            "currency": {"isoCode": "GBP"},
        })
    };
    let contact = serde_json::json!({
        "id": 7, "company": null, "firstName": "Ada", "lastName": "Lovelace",
        "email": "ada@example.com", "addressLine1": "1 Way", "addressLine2": null,
        "postalCode": "12345", "city": "London", "country": {"isoCode": "GB"}, "state": null
    });
    let mut items = Vec::new();
    let mut size = 0;
    while size < bytes {
        let item = serde_json::json!({
            "runningNumber": items.len(),
            "quantity": n.next() % 10,
            "subscriptionId": n.next() % 1_000_000,
            "productInformation": {"productId": n.next() % 100_000, "productName": n.text("Tool")},
            "customerPricing": pricing(&mut n),
        });
        size += item.to_string().len() + 1;
        items.push(item);
    }
    serde_json::json!({"data": {"purchase": {
        "id": 1, "status": "PAID", "orderDate": "2022-05-21T10:00:00Z",
        "billingContact": contact, "deliveryContact": contact,
        "customer": {"id": 3, "clientReferenceId": "c-3"},
        "customerCountry": {"isoCode": "GB", "name": "United Kingdom"},
        "customerCurrency": {"isoCode": "GBP"},
        "customerPricing": pricing(&mut n),
        "items": items,
        "extraParameters": [{"key": "k", "value": "v"}],
        "errors": []
    }}})
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// graphql_client's copy of `PurchaseById` holds the SDK's operation and exactly the
    /// fragments it spreads, as the SDK's files define them.
    #[test]
    fn graphql_clients_purchase_by_id_is_the_sdks() {
        use gqlforge_codegen::document::{print_document, Definition, Document};
        let read = |path: &str| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
            let text = std::fs::read_to_string(&path).expect("readable");
            gqlforge_codegen::parse_document(&text).expect("parses")
        };
        let copy = read("graphql/PurchaseById.graphql");
        let mut definitions =
            read("../schema/cleverbridge/operations/PurchaseById.graphql").definitions;
        let fragments = read("../schema/cleverbridge/operations/Fragments.graphql");
        definitions.extend(fragments.definitions.into_iter().filter(|d| {
            matches!(d, Definition::Fragment(f) if ["ContactFields", "PricingFields"].contains(&f.name.value.as_str()))
        }));
        assert_eq!(
            print_document(&copy),
            print_document(&Document { definitions })
        );
    }

    /// Every contender reads the responses, and they agree on what they read.
    #[test]
    fn every_contender_reads_the_same_responses() {
        let text = customer_search_response(20_000);
        let ours: gqlforge::Response<ours::customer_search_by_created_date::Data> =
            serde_json::from_str(&text).expect("gqlforge reads it");
        let hand: gqlforge::Response<handwritten::CustomerSearchData> =
            serde_json::from_str(&text).expect("the hand-written types read it");
        let theirs: graphql_client::Response<
            graphql_client_types::customer_search_by_created_date::ResponseData,
        > = serde_json::from_str(&text).expect("graphql_client reads it");
        let count = |n: Option<usize>| n.expect("items");
        let ours_items = ours
            .data
            .and_then(|d| d.customer_search)
            .and_then(|s| s.items);
        let hand_items = hand
            .data
            .and_then(|d| d.customer_search)
            .and_then(|s| s.items);
        let theirs_items = theirs
            .data
            .and_then(|d| d.customer_search)
            .and_then(|s| s.items);
        let n = count(ours_items.as_ref().map(Vec::len));
        assert!(n > 50, "{n} items");
        assert_eq!(count(hand_items.as_ref().map(Vec::len)), n);
        assert_eq!(count(theirs_items.as_ref().map(Vec::len)), n);

        let text = purchase_response(20_000);
        let ours: gqlforge::Response<ours::purchase_by_id::Data> =
            serde_json::from_str(&text).expect("gqlforge reads it");
        let hand: gqlforge::Response<handwritten::PurchaseData> =
            serde_json::from_str(&text).expect("the hand-written types read it");
        let theirs: graphql_client::Response<graphql_client_types::purchase_by_id::ResponseData> =
            serde_json::from_str(&text).expect("graphql_client reads it");
        let ours = ours.data.and_then(|d| d.purchase).expect("a purchase");
        let hand = hand.data.and_then(|d| d.purchase).expect("a purchase");
        let theirs = theirs.data.and_then(|d| d.purchase).expect("a purchase");
        let n = ours.items.as_ref().map_or(0, Vec::len);
        assert!(n > 50, "{n} items");
        assert_eq!(hand.items.as_ref().map_or(0, Vec::len), n);
        assert_eq!(theirs.items.as_ref().map_or(0, Vec::len), n);
        let first = |items: &Option<Vec<Option<handwritten::Item>>>| {
            items
                .as_ref()
                .and_then(|i| i[0].as_ref())
                .and_then(|i| i.quantity)
        };
        let ours_first = ours
            .items
            .as_ref()
            .and_then(|i| i[0].as_ref())
            .and_then(|i| i.quantity);
        assert_eq!(ours_first, first(&hand.items));
    }
}
