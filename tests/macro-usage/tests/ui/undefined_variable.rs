gqlforge::gql! {
    query SubscriptionById {
        subscription(id: $id) {
            id
        }
    }
}

fn main() {}
