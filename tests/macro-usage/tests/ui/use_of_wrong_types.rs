// The generated types are checked by rustc like any others.
gqlforge::gql! {
    query SubscriptionParams($id: Int!) {
        subscription(id: $id) {
            extraParameters {
                key
                value
            }
        }
    }
}

fn main() {
    let _ = subscription_params::Variables { id: "23431030" };
}
