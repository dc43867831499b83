gqlforge::gql! {
    query SubscriptionParams($id: Int!) {
        subscription(id: $id) {
            extraParameter {
                key
            }
        }
    }
}

fn main() {}
